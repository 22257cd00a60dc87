// `landscape solve` and `landscape consistent` end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(SolveCommands, SolveSystemFileAndNetSystems) {
  const auto phc = write_temp("product.phc", "2\n (x-2)^2*(x-3);\n (y+1)*(y-3);\n");
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
  EXPECT_EQ(j["mixed_volume"], 6);
  EXPECT_EQ(j["stable_mixed_volume"], 6);  // every equation has a constant term: nothing added
  const auto points = nlohmann::json::parse(slurp(solutions))["solutions"];
  ASSERT_EQ(points.size(), 4u);
  // The two paths to the double root x = 2 form one cycle (x - 2 ~ t^(1/2)): winding number 2.
  for (const auto& p : points) EXPECT_EQ(p["winding_number"], p["status"] == "singular" ? 2 : 1);
  // A net made square by fixing parameters: 1,1,1 with z^2 is f = v (w x + b)^2 + c (K = 4);
  // fixing w and b leaves f = v q_i + c, linear in (v, c): exactly one solution for 2 points.
  const Outcome net = run("solve --arch 1,1,1 --data random:n=2,seed=3 --fix w1_1_1,b1_1 --json");
  ASSERT_EQ(net.status, 0) << net.err;
  const auto n = nlohmann::json::parse(net.out);
  EXPECT_EQ(n["unknowns"], 2);
  EXPECT_EQ(n["solutions"], 1);
  EXPECT_EQ(n["certified"], 1);
}

TEST(SolveCommands, SolveBadInput) {
  const auto rect = write_temp("rect.phc", "1\n x*y - 1;\n");
  expect_input_error("solve --system " + rect, "square");
  const auto bad = write_temp("bad.phc", "2\n x - 1;\n");
  expect_input_error("solve --system " + bad, "expected 2 polynomials");
  expect_input_error("solve --system /nonexistent.phc", "cannot read");
  expect_input_error("solve --arch 1,1,1 --data random:n=2 --fix nothere", "no parameter named");
  expect_input_error("solve", "give --system");
  expect_input_error("solve --system " + rect + " --start binomial", "--start");
}

TEST(SolveCommands, Consistent) {
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

// Under `mpirun -np 2` the paths are split across the ranks; the counts are those of a serial run.
TEST(SolveCommands, SolveUnderMpirunCountsLikeSerial) {
  if (std::system("command -v mpirun >/dev/null 2>&1") != 0) GTEST_SKIP() << "mpirun not installed";
  const auto phc = write_temp("mpi.phc", "2\n x^3 - 4*x^2 + 5*x - 1;\n y^4 - 2*y^3 - 5*y^2 + 4*y - 2;\n");
  const Outcome serial = run("solve --system " + phc + " --threads 1 --json");
  ASSERT_EQ(serial.status, 0) << serial.err;
  const std::string base = ::testing::TempDir() + std::to_string(::getpid()) + "_mpi";
  // In the sanitizer build, OpenMPI's components (loaded with dlopen, unloaded at MPI_Finalize)
  // leave allocations LeakSanitizer cannot attribute ("<unknown module>"): leak checks are off for
  // the ranks; every other ASan and UBSan check stays on.
  const std::string command = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                              "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" mpirun -np 2 --oversubscribe " +
                              std::string(LANDSCAPE_BINARY) + " solve --system " + phc + " --threads 1 --json >" +
                              base + ".out 2>" + base + ".err";
  ASSERT_EQ(WEXITSTATUS(std::system(command.c_str())), 0) << slurp(base + ".err");
  const auto s = nlohmann::json::parse(serial.out), m = nlohmann::json::parse(slurp(base + ".out"));
  if (m["ranks"] != 2) GTEST_SKIP() << "built without MPI";
  for (const char* key : {"paths", "solutions", "nonsingular", "real", "singular", "at_infinity", "failed", "certified"})
    EXPECT_EQ(m[key], s[key]) << key;
  EXPECT_EQ(s["solutions"], 12);
}

// 64 quadratics x_i^2 = i + 2: 2^64 total-degree paths. Refused with the count (no overflow to
// "0 solutions"), before anything is allocated; a small limit refuses a small system too.
TEST(SolveCommands, TooManyPathsAreRefusedWithTheirCount) {
  std::string text = "64\n";
  for (int i = 1; i <= 64; ++i) text += " x" + std::to_string(i) + "^2 - " + std::to_string(i + 2) + ";\n";
  const auto phc = write_temp("quadratics64.phc", text);
  expect_input_error("solve --system " + phc, "18446744073709551616 paths");
  expect_input_error("solve --system " + phc, "--max-paths 200000");
  const auto small = write_temp("small.phc", "2\n x^2 - 2;\n y^3 - 1;\n");
  expect_input_error("solve --system " + small + " --max-paths 5", "has 6 paths");
  EXPECT_EQ(run("solve --system " + small + " --max-paths 6 --json").status, 0);
}
