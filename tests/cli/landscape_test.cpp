// End-to-end tests of the `landscape` binary: exit codes, JSON fields, error lines, files.
#include <gtest/gtest.h>

#include "test_support.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using landscape::testing::write_temp;

namespace {

struct Outcome {
  int status = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Outcome run(const std::string& arguments) {
  static int counter = 0;
  // ctest runs each test in its own process, in parallel: the pid keeps their files apart.
  const std::string base = ::testing::TempDir() + "landscape_run_" + std::to_string(::getpid()) +
                           "_" + std::to_string(counter++);
  const std::string command = std::string(LANDSCAPE_BINARY) + " " + arguments + " >" + base +
                              ".out 2>" + base + ".err";
  Outcome r;
  const int raw = std::system(command.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  return r;
}

// Bad input: exit 2, nothing on stdout, and stderr's last line is one `error: ...` line.
void expect_input_error(const std::string& arguments, const std::string& fragment) {
  const Outcome r = run(arguments);
  EXPECT_EQ(r.status, 2) << arguments << "\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << arguments;
  const auto pos = r.err.rfind("error: ");
  ASSERT_NE(pos, std::string::npos) << arguments << "\n" << r.err;
  const std::string line = r.err.substr(pos);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line: " << line;
  EXPECT_NE(line.find(fragment), std::string::npos) << line;
}

}  // namespace

TEST(LandscapeCli, SystemJson) {
  const Outcome r = run("system --arch 3,2,1 --act square --data random:n=2,seed=1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 11);
  EXPECT_EQ(j["equations"], 2);
  EXPECT_EQ(j["degrees"], nlohmann::json({3, 3}));
  EXPECT_EQ(j["bezout_bound"], "9");
  EXPECT_EQ(j["expected_dimension"], 9);
  EXPECT_EQ(j["paper_degree"], 2);
  EXPECT_EQ(j["paper_bezout_bound"], "4");
  EXPECT_EQ(j["labels"], "random:seed=0");
  EXPECT_DOUBLE_EQ(j["log10_bezout"].get<double>(), std::log10(9.0));
}

TEST(LandscapeCli, SystemCriticalAndFormats) {
  const Outcome r = run("system --arch 2,1,1 --data random:n=2,seed=1 --critical --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["critical"]["equations"], 5);
  for (const auto& d : j["critical"]["degrees"]) EXPECT_LE(d.get<int>(), 5);  // 2 D - 1
  const Outcome phc = run("system --arch 2,1,1 --data random:n=2,seed=1 --format phc");
  ASSERT_EQ(phc.status, 0);
  EXPECT_EQ(phc.out.substr(0, phc.out.find('\n')), "2 5");
  const Outcome m2 = run("system --arch 2,1,1 --data random:n=2,seed=1 --format m2");
  EXPECT_EQ(m2.out.rfind("R = QQ[w1_1_1, w1_1_2, b1_1, w2_1_1, b2_1", 0), 0u);
}

TEST(LandscapeCli, DimWithTeacherAndFunctionalDimension) {
  // 3,2,1 without bias: K = 8, functional dimension 5 (not the naive 6).
  const auto teacher = write_temp("teacher8.txt", "1\n-2\n1/2\n3\n1\n-1\n2\n-1/3\n");
  const Outcome r = run("dim --arch 3,2,1 --no-bias --data random:n=3,seed=2 --teacher " + teacher +
                    " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 8);
  EXPECT_EQ(j["jacobian_rank"], 3);
  EXPECT_EQ(j["dimension"], 5);
  EXPECT_EQ(j["expected_dimension"], 5);
  EXPECT_EQ(j["functional_dimension"], 5);
  EXPECT_EQ(j["smooth_of_expected_dimension"], true);
  EXPECT_EQ(j["method"], "exact over Q at the teacher point");
  const Outcome coefficients = run("dim --arch 2,2,1 --no-bias --data random:n=4 "
                               "--functional-method coefficients --json");
  ASSERT_EQ(coefficients.status, 0) << coefficients.err;
  const auto k = nlohmann::json::parse(coefficients.out);
  EXPECT_EQ(k["functional_dimension"], 3);
  EXPECT_TRUE(k["dimension"].is_null());
  EXPECT_EQ(k["inconsistent_for_generic_labels"], true);
}

TEST(LandscapeCli, CsvWithLabelsAndTree4) {
  const auto csv = write_temp("tree.csv", "x1,x2,x3,x4,y\n1,2,3,4,1/2\n-1,0.5,2,1,3\n");
  const Outcome r = run("system --arch tree4 --act poly:0,1,1/2 --data " + csv + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 6);
  EXPECT_EQ(j["labels"], "csv");
  EXPECT_EQ(j["degrees"], nlohmann::json({6, 6}));  // l (l + 1)
  EXPECT_EQ(j["paper_degree"], 4);                   // l^d
}

TEST(LandscapeCli, OutWritesAtomicallyAndBadInputKeepsTheOldFile) {
  const std::string out = ::testing::TempDir() + "system_out.json";
  std::filesystem::remove(out);
  ASSERT_EQ(run("system --arch 2,1,1 --data random:n=2 --json --out " + out).status, 0);
  const std::string first = slurp(out);
  EXPECT_EQ(nlohmann::json::parse(first)["parameters"], 5);
  EXPECT_EQ(run("system --arch 2,x,1 --data random:n=2 --json --out " + out).status, 2);
  EXPECT_EQ(slurp(out), first);
}

TEST(LandscapeCli, BadInputGetsOneErrorLineAndExit2) {
  expect_input_error("system --arch 3,,1 --data random:n=2", "--arch");
  expect_input_error("system --arch 3,2,1 --act tanh --data random:n=2", "unknown activation");
  expect_input_error("system --arch 3,2,1 --act relu --data random:n=2", "not a polynomial");
  expect_input_error("system --arch 3,2,1 --act poly:1,x --data random:n=2", "coefficient 'x'");
  expect_input_error("system --data random:n=2", "--arch LIST is required");
  expect_input_error("system --arch 3,2,1 --data random:n=2 --bogus", "unknown option");
  expect_input_error("frobnicate", "unknown command");
  const auto missing = write_temp("missing_column.csv", "1,2,3,4\n1,2\n");
  expect_input_error("system --arch 3,2,1 --data " + missing, "line 2");
  const auto word = write_temp("word.csv", "1,2,3\n1,two,3\n");
  expect_input_error("system --arch 3,2,1 --data " + word, "'two' is not a number");
  expect_input_error("system --arch 3,2,1 --data /nonexistent.csv", "cannot read");
  const auto short_teacher = write_temp("short_teacher.txt", "1\n2\n");
  expect_input_error("dim --arch 3,2,1 --data random:n=2 --teacher " + short_teacher,
                     "2 numbers, but the network has 11 parameters");
  const auto labelled = write_temp("labelled.csv", "1,2,3,4\n");
  expect_input_error("system --arch 3,2,1 --data " + labelled + " --labels random:seed=1",
                     "labels given more than once");
  expect_input_error("dim --arch 3,2,1 --data random:n=2 --seed -1", "--seed");
  expect_input_error("system --arch 3,2,1 --data random:n=2 --format maple", "--format");
}

TEST(LandscapeCli, HelpEverywhere) {
  EXPECT_EQ(run("--help").status, 0);
  for (const char* command : {"system", "dim"}) {
    const Outcome r = run(std::string(command) + " --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("usage: landscape " + std::string(command)), std::string::npos);
  }
}

TEST(LandscapeCli, MemorizeHessianWalk) {
  const std::string weights = ::testing::TempDir() + "memorized.json";
  const Outcome m = run("memorize --arch 2,6,1 --data random:n=6,seed=4 --digits 40 --out " + weights + " --json");
  ASSERT_EQ(m.status, 0) << m.err;
  const auto mj = nlohmann::json::parse(m.out);
  EXPECT_EQ(mj["parameters"], 25);
  EXPECT_EQ(mj["width"], 6);
  EXPECT_EQ(mj["jacobian_rank"], 6);
  EXPECT_LT(mj["log10_max_abs_residual"].get<double>(), -30);
  const auto file = nlohmann::json::parse(slurp(weights));
  EXPECT_EQ(file["activation"], "smoolu");
  EXPECT_EQ(file["parameters"].size(), 25u);
  EXPECT_EQ(file["data"], "random:n=6,seed=4");

  // hessian and walk take the data and labels the weights file recorded.
  const Outcome h = run("hessian --weights " + weights + " --json");
  ASSERT_EQ(h.status, 0) << h.err;
  const auto hj = nlohmann::json::parse(h.out);
  EXPECT_EQ(hj["positive"], 6);
  EXPECT_EQ(hj["zero"], 19);
  EXPECT_EQ(hj["negative"], 0);
  EXPECT_EQ(hj["jacobian_rank"], 6);
  EXPECT_EQ(hj["matches_prediction"], true);
  EXPECT_GT(hj["log10_gap_ratio"].get<double>(), 20);

  const std::string end = ::testing::TempDir() + "walked.json";
  const Outcome w = run("walk --weights " + weights + " --steps 3 --json --save " + end);
  ASSERT_EQ(w.status, 0) << w.err;
  const auto wj = nlohmann::json::parse(w.out);
  EXPECT_EQ(wj["min_jacobian_rank"], 6);
  EXPECT_LT(wj["log10_max_loss"].get<double>(), -40);
  EXPECT_GT(wj["distance"].get<double>(), 0);
  EXPECT_EQ(wj["trace"].size(), 3u);
  // The end point is again a zero-loss point.
  const Outcome h2 = run("hessian --weights " + end + " --json");
  ASSERT_EQ(h2.status, 0) << h2.err;
  EXPECT_EQ(nlohmann::json::parse(h2.out)["matches_prediction"], true);
}

TEST(LandscapeCli, MemorizeWithoutArchUsesTheDataSize) {
  const std::string weights = ::testing::TempDir() + "memorized_auto.json";
  const Outcome m = run("memorize --inputs 3 --depth 2 --data random:n=5,seed=1 --digits 30 --out " + weights + " --json");
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_EQ(nlohmann::json::parse(m.out)["arch"], nlohmann::json({3, 5, 5, 1}));
}

TEST(LandscapeCli, MemorizeBadInput) {
  const std::string out = ::testing::TempDir() + "never_written.json";
  std::filesystem::remove(out);
  const auto dup = write_temp("dup.csv", "x1,x2,y\n1,2,3\n0,1,1\n1,2,5\n");
  expect_input_error("memorize --arch 2,3,1 --data " + dup + " --out " + out, "are equal");
  expect_input_error("memorize --arch 2,3,1 --act softplus --data random:n=3 --out " + out, "not rectified");
  expect_input_error("memorize --arch 2,2,1 --data random:n=3 --out " + out, "width 2 < N = 3");
  expect_input_error("memorize --arch 2,3,1 --data random:n=3 --digits 5 --out " + out, "--digits");
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto short_weights = write_temp("short_weights.json",
                                        R"({"arch":[2,3,1],"activation":"smoolu","parameters":["1"]})");
  expect_input_error("hessian --weights " + short_weights + " --data random:n=3", "1 parameters");
  expect_input_error("walk --weights /nonexistent.json --data random:n=3", "cannot read");
}

TEST(LandscapeCli, ProofsCheckQuickBatteryPasses) {
  const std::string binary = std::string(LANDSCAPE_BINARY);
  const std::string proofs = binary.substr(0, binary.rfind('/')) + "/proofs-check";
  const std::string json = ::testing::TempDir() + "report.json", md = ::testing::TempDir() + "report.md";
  const int raw = std::system((proofs + " --quick --json " + json + " --markdown " + md + " >/dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(raw), 0);
  const auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["ok"], true);
  EXPECT_GE(j["claims"].size(), 10u);
  EXPECT_NE(slurp(md).find("| `cooper-prop-2.3` |"), std::string::npos);
  EXPECT_EQ(WEXITSTATUS(std::system((proofs + " --only nonsense 2>/dev/null").c_str())), 2);
}

TEST(LandscapeCli, SolveSystemFileAndNetSystems) {
  const auto phc = write_temp("product.phc", "2\n (x-1)^2*(x-2);\n (y+1)*(y-3);\n");
  const std::string solutions = ::testing::TempDir() + std::to_string(::getpid()) + "_solutions.json";
  const Outcome r = run("solve --system " + phc + " --solutions " + solutions + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["paths"], 6);
  EXPECT_EQ(j["solutions"], 4);
  EXPECT_EQ(j["nonsingular"], 2);
  EXPECT_EQ(j["real"], 2);
  EXPECT_EQ(j["singular"], 2);
  EXPECT_EQ(j["singular_multiplicities"], nlohmann::json({2, 2}));
  EXPECT_EQ(j["certified"], 2);
  EXPECT_EQ(j["bezout_bound"], "6");
  EXPECT_EQ(nlohmann::json::parse(slurp(solutions))["solutions"].size(), 4u);
  // A net made square by fixing parameters: 1,1,1 with z^2 is f = v (w x + b)^2 + c (K = 4);
  // fixing w and b leaves f = v q_i + c, linear in (v, c): exactly one solution for 2 points.
  const Outcome net = run("solve --arch 1,1,1 --data random:n=2,seed=3 --fix w1_1_1,b1_1 --json");
  ASSERT_EQ(net.status, 0) << net.err;
  const auto n = nlohmann::json::parse(net.out);
  EXPECT_EQ(n["unknowns"], 2);
  EXPECT_EQ(n["solutions"], 1);
  EXPECT_EQ(n["certified"], 1);
}

TEST(LandscapeCli, SolveBadInput) {
  const auto rect = write_temp("rect.phc", "1\n x*y - 1;\n");
  expect_input_error("solve --system " + rect, "square");
  const auto bad = write_temp("bad.phc", "2\n x - 1;\n");
  expect_input_error("solve --system " + bad, "expected 2 polynomials");
  expect_input_error("solve --system /nonexistent.phc", "cannot read");
  expect_input_error("solve --arch 1,1,1 --data random:n=2 --fix nothere", "no parameter named");
  expect_input_error("solve", "give --system");
}

TEST(LandscapeCli, Consistent) {
  const auto dup = write_temp("dup_labels.csv", "x1,y\n1,2\n1,3\n");
  const Outcome no = run("consistent --arch 1,2,1 --data " + dup + " --json");
  ASSERT_EQ(no.status, 0) << no.err;
  EXPECT_EQ(nlohmann::json::parse(no.out)["consistent"], false);
  const auto teacher = write_temp("teacher7.txt", "1\n-2\n1/2\n3\n1\n-1\n2\n");
  const Outcome yes = run("consistent --arch 1,2,1 --data random:n=9,seed=1 --teacher " + teacher + " --json");
  ASSERT_EQ(yes.status, 0) << yes.err;
  const auto j = nlohmann::json::parse(yes.out);
  EXPECT_EQ(j["consistent"], true);
  EXPECT_EQ(j["certificate"], "the teacher point is an exact solution");
}

TEST(LandscapeCli, ReluApprox) {
  const std::string dir = ::testing::TempDir() + std::to_string(::getpid()) + "_relu";
  const Outcome r = run("relu-approx --interval 2 --degrees 2,4 --basis legendre --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["approximations"].size(), 2u);
  EXPECT_EQ(j["approximations"][0]["activation"], "poly:3/16,1/2,15/64");  // 2 p(x/2), p as on [-1, 1]
  EXPECT_NEAR(j["approximations"][0]["sup_error"].get<double>(), 2 * 3.0 / 32, 1e-12);
  EXPECT_NE(slurp(dir + "/relu_approx.csv").find("legendre,4,"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir + "/relu_approx_error.gp"));
  expect_input_error("relu-approx --degrees 5..2 --out " + dir, "--degrees");
  expect_input_error("relu-approx --interval -1 --out " + dir, "--interval");
  expect_input_error("relu-approx --basis fourier --out " + dir, "--basis");
}

// Under `mpirun -np 2` the paths are split across the ranks; the counts are those of a serial run.
TEST(LandscapeCli, SolveUnderMpirunCountsLikeSerial) {
  if (std::system("command -v mpirun >/dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not installed";
  const auto phc = write_temp("mpi.phc", "2\n x^3 - 4*x^2 + 5*x - 1;\n y^4 - 2*y^3 - 5*y^2 + 4*y - 2;\n");
  const Outcome serial = run("solve --system " + phc + " --threads 1 --json");
  ASSERT_EQ(serial.status, 0) << serial.err;
  const std::string base = ::testing::TempDir() + std::to_string(::getpid()) + "_mpi";
  const std::string command = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 --oversubscribe " +
                              std::string(LANDSCAPE_BINARY) + " solve --system " + phc + " --threads 1 --json >" +
                              base + ".out 2>" + base + ".err";
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0) << slurp(base + ".err");
  const auto s = nlohmann::json::parse(serial.out), m = nlohmann::json::parse(slurp(base + ".out"));
  if (m["ranks"] != 2) GTEST_SKIP() << "built without MPI";
  for (const char* key : {"paths", "solutions", "nonsingular", "real", "singular", "at_infinity", "failed", "certified"})
    EXPECT_EQ(m[key], s[key]) << key;
  EXPECT_EQ(s["solutions"], 12);
}

#ifdef LANDSCAPE_WITH_TORCH
namespace {
const char* kTinyData = "--dataset synthetic:d=6,n=400,test=100,teacher=8,classes=3,seed=1";

std::string run_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "landscape_train_" + std::to_string(::getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}
}  // namespace

TEST(LandscapeCli, TrainWritesMetricsTrajectoryWeightsAndFigures) {
  const std::string dir = run_dir("basic");
  const Outcome r = run(std::string("train --model mlp --arch 6,16,3 ") + kTinyData +
                        " --epochs 3 --lr 0.05 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 6 * 16 + 16 + 16 * 3 + 3);
  EXPECT_EQ(j["epochs"], 3);
  for (const char* key : {"final_train_error", "final_test_error", "seconds"}) EXPECT_TRUE(j[key].is_number()) << key;
  for (const char* file : {"metrics.csv", "trajectory.h5", "weights.json", "weights.pt", "checkpoint.pt", "config.json",
                           "result.json", "curves-error.dat", "curves-error.gp"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  // Header + the initialization + 3 epochs.
  const std::string metrics = slurp(dir + "/metrics.csv");
  EXPECT_EQ(std::count(metrics.begin(), metrics.end(), '\n'), 5);
  // A second run into the same directory would lose the first: refused.
  expect_input_error(std::string("train --model mlp --arch 6,16,3 ") + kTinyData + " --out " + dir,
                     "already holds a run");
  // The trained MLP's weights file is read by the algebra (the shared parameter order).
  const Outcome h = run("hessian --weights " + dir + "/weights.json --data random:n=4,seed=1 --digits 30 --json");
  ASSERT_EQ(h.status, 0) << h.err;
  EXPECT_EQ(nlohmann::json::parse(h.out)["parameters"], 6 * 16 + 16 + 16 * 3 + 3);
}

TEST(LandscapeCli, TrainResumesAfterSigkillWithTheSameFinalWeights) {
  const std::string whole = run_dir("whole"), killed = run_dir("killed");
  const std::string options = std::string(" --model mlp --arch 6,32,3 ") + kTinyData +
                              " --batch-size 8 --epochs 25 --threads 1 --out ";
  ASSERT_EQ(run("train" + options + whole).status, 0);
  // Killed part-way (SIGKILL: no chance to clean up), then resumed.
  const std::string command = "timeout -s KILL 1.5 " + std::string(LANDSCAPE_BINARY) + " train" + options + killed +
                              " >/dev/null 2>&1";
  std::system(command.c_str());
  if (!std::filesystem::exists(killed + "/checkpoint.pt")) GTEST_SKIP() << "killed before the first checkpoint";
  const Outcome r = run("train" + options + killed + " --resume --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(slurp(whole + "/weights.json"), slurp(killed + "/weights.json"));
}

TEST(LandscapeCli, TrainBadInputIsOneErrorLine) {
  const std::string dir = run_dir("bad");
  expect_input_error("train --lr abc --out " + dir, "--lr");
  expect_input_error("train --model transformer --out " + dir, "unknown model");
  expect_input_error("train --dataset idx:/nonexistent --out " + dir, "no directory");
  expect_input_error("train --act poly:1 --out " + dir, "degree >= 1");
  expect_input_error("train --batch-size 0 --out " + dir, "--batch-size");
  expect_input_error("train --schedule step:2 --out " + dir, "--schedule");
  expect_input_error("train --resume --out " + dir, "does not exist");
  expect_input_error("train --act relu-approx:x:4 --out " + dir, "relu-approx");
}

TEST(LandscapeCli, TrainReportsDivergenceAndKeepsTheCheckpoint) {
  const std::string dir = run_dir("diverge");
  const Outcome r = run(std::string("train --model mlp --arch 6,16,16,3 --act poly:0,1,0,0,0,1 ") + kTinyData +
                        " --lr 5 --epochs 2 --out " + dir);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("error: training diverged"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/checkpoint.pt"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/metrics.csv"));
}

TEST(LandscapeCli, PolyVsReluSmall) {
  const std::string dir = run_dir("polyrelu");
  const Outcome r = run(std::string("experiment poly-vs-relu --model mlp --arch 6,16,3 --preact-norm ") + kTinyData +
                        " --epochs 2 --degree 6 --interval 4 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* act : {"relu", "poly"}) {
    EXPECT_TRUE(j[act]["final_train_error"].is_number()) << act;
    EXPECT_TRUE(j[act]["final_test_error"].is_number()) << act;
  }
  EXPECT_EQ(j["polynomial"]["degree"], 6);
  // The Legendre approximation of degree 6 on [-4, 4]: its sup-norm error is a few tenths.
  EXPECT_GT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.01);
  EXPECT_LT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.5);
  EXPECT_EQ(j["poly"]["activation"].get<std::string>().rfind("poly:", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/poly-vs-relu-error.gp"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/summary.json"));
}
#endif

#ifdef LANDSCAPE_WITH_TORCH
#include "landscape/nn/trajectory.hpp"

namespace {
// A small trained run shared by the probe tests of one process.
const std::string& probe_run() {
  static const std::string dir = [] {
    const std::string d = run_dir("probe");
    const Outcome r = run(std::string("train --model mlp --arch 6,12,3 ") + kTinyData +
                          " --epochs 6 --lr 0.05 --threads 1 --out " + d);
    EXPECT_EQ(r.status, 0) << r.err;
    return d;
  }();
  return dir;
}
std::vector<double> surface_values(const std::string& path) {
  const auto arrays = landscape::nn::read_h5_arrays(path, {"xcoordinates", "ycoordinates", "train_loss", "train_acc"});
  std::vector<double> all;
  for (const auto& [name, a] : arrays) all.insert(all.end(), a.values.begin(), a.values.end());
  return all;
}
}  // namespace

TEST(LandscapeCli, SurfaceCentreIsTheModelsLossAndMpiGivesTheSameGrid) {
  const std::string dir = run_dir("surface");
  std::filesystem::create_directories(dir);
  const std::string common = "surface --run " + probe_run() + " --x -1:1:5 --y -1:1:3 --seed 3 --block 2 --threads 1";
  const Outcome r = run(common + " --out " + dir + "/serial.h5 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["grid"], nlohmann::json({5, 3}));
  EXPECT_NEAR(j["centre_train_loss"].get<double>(), j["model_train_loss"].get<double>(),
              1e-6 * j["model_train_loss"].get<double>());
  const auto serial = surface_values(dir + "/serial.h5");
  ASSERT_EQ(serial.size(), 5u + 3u + 15u + 15u);
  for (double v : serial) EXPECT_TRUE(std::isfinite(v));
  EXPECT_TRUE(std::filesystem::exists(dir + "/serial-2d-contour.gp"));
  // The same grid under mpirun -np 2 (the directions are reused from the serial run's file).
  if (std::system("command -v mpirun >/dev/null 2>&1") == 0) {
    const std::string command = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np 2 " +
                                std::string(LANDSCAPE_BINARY) + " " + common + " --dir-file " + dir +
                                "/serial.directions.h5 --out " + dir + "/mpi.h5 >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    EXPECT_EQ(surface_values(dir + "/mpi.h5"), serial);
  }
  // Resume: points missing from a partial file are filled in, the others kept.
  auto arrays = landscape::nn::read_h5_arrays(dir + "/serial.h5", {"xcoordinates", "ycoordinates", "train_loss", "train_acc", "test_loss", "test_acc"});
  for (std::size_t k = 7; k < 15; ++k) arrays[2].second.values[k] = arrays[3].second.values[k] = std::nan("");
  landscape::nn::write_h5_arrays(dir + "/partial.h5", arrays);
  std::filesystem::copy_file(dir + "/serial.directions.h5", dir + "/partial.directions.h5");
  const Outcome resumed = run(common + " --out " + dir + "/partial.h5 --resume --json");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["points_evaluated"], 8);
  EXPECT_EQ(surface_values(dir + "/partial.h5"), serial);
  expect_input_error(common + " --out " + dir + "/serial.h5", "exists");
  // The direction between two models: x = 1 is the other model (here the run's initialization).
  const Outcome to = run("surface --run " + probe_run() + " --to " + probe_run() + "@0 --x 0:1:2 --threads 1 --out " + dir +
                         "/to.h5 --json");
  ASSERT_EQ(to.status, 0) << to.err;
  const auto tl = landscape::nn::read_h5_arrays(dir + "/to.h5", {"train_loss"})[0].second.values;
  std::stringstream metrics(slurp(probe_run() + "/metrics.csv"));
  std::string line, field;
  std::getline(metrics, line);
  std::getline(metrics, line);  // epoch 0
  std::stringstream fields(line);
  for (int k = 0; k < 4; ++k) std::getline(fields, field, ',');
  EXPECT_NEAR(tl[1], std::stod(field), 1e-5);
  // PCA directions of the trajectory.
  const Outcome pca = run("surface --run " + probe_run() + " --pca --x -1:1:3 --y -1:1:3 --threads 1 --out " + dir + "/pca.h5 --json");
  ASSERT_EQ(pca.status, 0) << pca.err;
  expect_input_error("surface --run " + probe_run() + " --x 1:0:3 --out " + dir + "/bad.h5", "--x");
}

TEST(LandscapeCli, InterpolatePcaAndMds) {
  const std::string dir = run_dir("probes");
  const Outcome i = run("interpolate --run " + probe_run() + " --checkpoint 0 --to " + probe_run() +
                        " --t 0:1:3 --data train --threads 1 --out " + dir + "/interp --json");
  ASSERT_EQ(i.status, 0) << i.err;
  const auto ij = nlohmann::json::parse(i.out);
  const auto metrics = slurp(probe_run() + "/metrics.csv");
  // t = 1 is the final model: its loss is the last line's train_loss in metrics.csv.
  const auto last = metrics.substr(metrics.rfind('\n', metrics.size() - 2) + 1);
  std::vector<std::string> fields;
  std::stringstream in(last);
  for (std::string f; std::getline(in, f, ',');) fields.push_back(f);
  EXPECT_NEAR(ij["train_loss"][2].get<double>(), std::stod(fields[3]), 1e-5);
  const auto first_line = metrics.substr(metrics.find('\n') + 1);
  EXPECT_NEAR(ij["train_loss"][0].get<double>(), std::stod(first_line.substr(first_line.find(',', first_line.find(',', first_line.find(',') + 1) + 1) + 1)), 1e-5);

  const Outcome p = run("pca --run " + probe_run() + " --out " + dir + "/pca --grid 5 --threads 1 --json");
  ASSERT_EQ(p.status, 0) << p.err;
  const auto pj = nlohmann::json::parse(p.out);
  double sum = 0, previous = 1;
  for (const auto& r : pj["explained_variance_ratio"]) {
    EXPECT_LE(r.get<double>(), previous + 1e-12);
    previous = r.get<double>();
    sum += previous;
  }
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_EQ(pj["path_x"].size(), 7u);
  EXPECT_DOUBLE_EQ(pj["path_x"][6].get<double>(), 0.0);  // the final point is the origin
  EXPECT_TRUE(std::filesystem::exists(dir + "/pca/pca-path.gp"));

  const Outcome m = run("mds --runs " + probe_run() + "," + probe_run() + " --layer fc0.weight --out " + dir + "/mds --json");
  ASSERT_EQ(m.status, 0) << m.err;
  const auto mj = nlohmann::json::parse(m.out);
  EXPECT_EQ(mj["models"], 14);
  EXPECT_NEAR(mj["final_distances"][0][1].get<double>(), 0.0, 1e-12);  // the same run twice
  expect_input_error("mds --runs " + probe_run() + " --layer nonsense --out " + dir + "/m2", "no such tensor");
}
#endif

#ifdef LANDSCAPE_WITH_TORCH
TEST(LandscapeCli, ExperimentsBranchesPerturbRetrainLiptonSharpFlat) {
  const std::string dir = run_dir("experiments");
  const std::string small = std::string(" --model mlp --arch 6,12,3 ") + kTinyData + " --threads 1 --json --out " + dir;
  // Branches: stage 2's runs start from stage 1's endpoint (the perturbed ones near it).
  const Outcome b = run("experiment branches --stages 2 --branches 1 --epochs 1" + small + "/branches");
  ASSERT_EQ(b.status, 0) << b.err;
  const auto main1 = landscape::nn::read_trajectory(dir + "/branches/stage1/main/trajectory.h5");
  const auto main2 = landscape::nn::read_trajectory(dir + "/branches/stage2/main/trajectory.h5");
  const auto branch2 = landscape::nn::read_trajectory(dir + "/branches/stage2/branch1/trajectory.h5");
  EXPECT_EQ(main2.parameters.front(), main1.parameters.back());
  EXPECT_NE(branch2.parameters.front(), main1.parameters.back());
  EXPECT_TRUE(std::filesystem::exists(dir + "/branches/mds.gp"));
  // Full batch with epoch-wise interpolation: alpha = 0 is the main run's own loss at that epoch.
  const Outcome fb = run("experiment branches --mode full-batch --stages 2 --branches 1 --epochs 2" + small + "/fb");
  ASSERT_EQ(fb.status, 0) << fb.err;
  const auto fj = nlohmann::json::parse(fb.out);
  const auto& interp = fj["stages"]["2"]["interpolation"];
  ASSERT_EQ(interp.size(), 3u);
  std::stringstream metrics(slurp(dir + "/fb/stage2/main/metrics.csv"));
  std::string header, row0, field;
  std::getline(metrics, header);
  std::getline(metrics, row0);  // epoch 0: epoch,step,lr,train_loss,...
  std::stringstream fields(row0);
  for (int k = 0; k < 4; ++k) std::getline(fields, field, ',');
  EXPECT_NEAR(interp[0]["train_loss"][0].get<double>(), std::stod(field), 1e-6);

  // Perturb and retrain: agreement matrices have ones on the diagonal.
  const Outcome p = run("experiment perturb-retrain --at 1 --copies 2 --retrain 1" + small + "/pr");
  ASSERT_EQ(p.status, 0) << p.err;
  const auto pj = nlohmann::json::parse(p.out);
  const auto& pc = pj["epoch1"]["p_correct_given_correct"];
  ASSERT_EQ(pc.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(pc[i][i].get<double>(), 1.0);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_LE(pc[i][k].get<double>(), 1.0);
  }

  // Lipton: every clone starts at the pretrained model; same-init runs share their start.
  const Outcome l = run("experiment lipton --runs 2 --pretrain 1 --epochs 2" + small + "/lipton");
  ASSERT_EQ(l.status, 0) << l.err;
  const auto pre = landscape::nn::read_trajectory(dir + "/lipton/pretrained/trajectory.h5");
  for (const char* r : {"run1", "run2"})
    EXPECT_EQ(landscape::nn::read_trajectory(dir + "/lipton/clones/" + r + "/trajectory.h5").parameters.front(),
              pre.parameters.back());
  const auto lj = nlohmann::json::parse(l.out);
  EXPECT_GT(lj["same-init"]["distances"]["mean_pairwise"].get<double>(), 0.0);
  EXPECT_EQ(landscape::nn::read_trajectory(dir + "/lipton/same-init/run1/trajectory.h5").parameters.front(),
            landscape::nn::read_trajectory(dir + "/lipton/same-init/run2/trajectory.h5").parameters.front());

  // Sharp vs flat: four runs, both sharpness figures.
  const Outcome s = run("experiment sharp-flat --small 16 --large 128 --epochs 2 --x -1:1:5" + small + "/sf");
  ASSERT_EQ(s.status, 0) << s.err;
  const auto sj = nlohmann::json::parse(s.out);
  ASSERT_EQ(sj["runs"].size(), 4u);
  for (const auto& r : sj["runs"]) EXPECT_TRUE(r["sharpness_filter"].is_number());
  EXPECT_TRUE(std::filesystem::exists(dir + "/sf/1d-filter-normalized.gp"));
  // With another data set and no --arch, the MLP fits the data (inputs-256-classes).
  const Outcome other = run(std::string("experiment lipton --runs 2 --epochs 1 ") + kTinyData + " --threads 1 --out " + dir + "/lipton-default --json");
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_EQ(nlohmann::json::parse(other.out)["config"]["arch"], "");
  expect_input_error("experiment nonsense --out " + dir, "unknown experiment");
}
#endif
