// `landscape surface`, `interpolate`, `pca`, `mds` and `spectrum` end to end.
#ifdef LANDSCAPE_WITH_TORCH
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "landscape/nn/trajectory.hpp"

using namespace landscape::cli_testing;

namespace {
// A small trained run shared by the probe tests of one process.
const std::string& probe_run() {
  static const std::string dir = [] {
    const std::string d = run_dir("probe");
    const Outcome r = run(std::string("train --model mlp --arch 6,12,3 ") + kTinyData +
                          " --epochs 6 --lr 0.05 --record-every 0 --threads 1 --out " + d);
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

// --repeat K: K lines along random directions, overlaid (Li et al. 2018 Fig. 16).
TEST(ProbeCommands, SurfaceRepeat) {
  const std::string dir = run_dir("surface-repeat");
  std::filesystem::create_directories(dir);
  const Outcome r = run("surface --run " + probe_run() + " --x -1:1:5 --repeat 2 --threads 1 --json --out " + dir + "/l.h5");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["curves"].size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/l-seed1.h5"));
  expect_input_error("surface --run " + probe_run() + " --x -1:1:5 --repeat 0 --out " + dir + "/z.h5", "--repeat 0: must be in 1..100");
}

TEST(ProbeCommands, SurfaceCentreIsTheModelsLossAndMpiGivesTheSameGrid) {
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

TEST(ProbeCommands, InterpolatePcaAndMds) {
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
  expect_input_error("mds --runs " + probe_run() + " --layer nonsense --out " + dir + "/m2", "no such parameter tensor");
}

// spectrum: the documented keys, float32 products against float64 ones, the exact trace of a
// small net against Hutch++ within its error, progress on stderr, and the bad inputs.
TEST(ProbeCommands, Spectrum) {
  const std::string dir = run_dir("spectrum");
  const Outcome f64 = run("spectrum --run " + probe_run() + " --top 3 --bottom 1 --dtype float64 --trace --threads 1 --json");
  ASSERT_EQ(f64.status, 0) << f64.err;
  const auto j = nlohmann::json::parse(f64.out);
  for (const char* key : {"top", "bottom", "residuals", "trace", "trace_stderr", "hvps", "seconds", "total_seconds",
                          "parameters", "samples", "converged"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["parameters"], 123);
  EXPECT_EQ(j["trace_method"], "exact");
  EXPECT_TRUE(j["converged"].get<bool>());
  const Outcome f32 = run("spectrum --run " + probe_run() + " --top 3 --trace --trace-method hutch++ --trace-products 90 --density"
                          " --density-steps 30 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(f32.status, 0) << f32.err;
  const auto k = nlohmann::json::parse(f32.out);
  const double top = j["top"][0].get<double>();
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(k["top"][i].get<double>(), j["top"][i].get<double>(), 1e-4 * top) << i;
  EXPECT_NEAR(k["trace"].get<double>(), j["trace"].get<double>(), 4 * k["trace_stderr"].get<double>() + 1e-4 * std::abs(top));
  EXPECT_TRUE(std::filesystem::exists(dir + "/density.csv"));
  EXPECT_NE(f32.err.find("spectrum: lanczos"), std::string::npos);  // progress on stderr
  const std::string base = "spectrum --run " + probe_run() + " --threads 1";
  expect_input_error(base + " --checkpoint 99", "99");
  expect_input_error(base + " --top 120 --bottom 4", "--top");
  expect_input_error(base + " --density", "--out");
  expect_input_error(base + " --operator fisher", "--operator");
  expect_input_error(base + " --tol -1", "--tol");
  expect_input_error(base + " --dtype half", "--dtype");
}

// curvature-map: the reference tool's keys, the surface's directions reused, the bad inputs.
TEST(ProbeCommands, CurvatureMap) {
  const std::string dir = run_dir("curvature_map");
  std::filesystem::create_directories(dir);
  ASSERT_EQ(run("surface --run " + probe_run() + " --x -1:1:3 --y -1:1:3 --threads 1 --out " + dir + "/s.h5").status, 0);
  const Outcome r = run("curvature-map --run " + probe_run() + " --x -1:1:3 --y -1:1:3 --dir-file " + dir +
                        "/s.directions.h5 --threads 1 --out " + dir + "/cm.h5 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["points"], 9);
  const auto a = landscape::nn::read_h5_arrays(dir + "/cm.h5", {"xcoordinates", "ycoordinates", "max_eig", "min_eig"});
  for (double v : a[2].second.values) EXPECT_GT(v, 0);
  // The same map under mpirun -np 2: each point is computed by one rank from its own seed.
  if (std::system("command -v mpirun >/dev/null 2>&1") == 0) {
    const std::string command = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np 2 " +
                                std::string(LANDSCAPE_BINARY) + " curvature-map --run " + probe_run() +
                                " --x -1:1:3 --y -1:1:3 --block 2 --dir-file " + dir + "/s.directions.h5 --threads 1 --out " +
                                dir + "/cm-mpi.h5 >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    const auto m = landscape::nn::read_h5_arrays(dir + "/cm-mpi.h5", {"max_eig", "min_eig"});
    EXPECT_EQ(m[0].second.values, a[2].second.values);
    EXPECT_EQ(m[1].second.values, a[3].second.values);
  }
  expect_input_error("curvature-map --run " + probe_run() + " --out " + dir + "/cm.h5", "exists");
  expect_input_error("curvature-map --run " + probe_run() + " --tol 0 --out " + dir + "/cm2.h5", "--tol");
}
// connect: a model to itself is a constant path (both barriers 0); bad input is one error line.
TEST(ProbeCommands, Connect) {
  const std::string dir = run_dir("connect");
  const Outcome r = run("connect --run " + probe_run() + " --to " + probe_run() + " --steps 5 --points 3 --threads 1 --out " + dir +
                        " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["line_barrier"].get<double>(), 0.0);
  EXPECT_NEAR(j["curve_barrier"].get<double>(), 0.0, 1e-12);
  EXPECT_EQ(j["t"], nlohmann::json({0.0, 0.5, 1.0}));
  EXPECT_TRUE(std::filesystem::exists(dir + "/connect.csv"));
  expect_input_error("connect --run " + probe_run() + " --to " + probe_run() + " --curve spline --out " + run_dir("connect_bad"), "--curve");
  expect_input_error("connect --run " + probe_run() + " --out " + run_dir("connect_bad"), "--to");
}
// project: random directions nearly orthogonal, the path ending at the origin; bad input.
TEST(ProbeCommands, Project) {
  const Outcome r = run("project --run " + probe_run() + " --seed 3 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_LT(std::abs(j["direction_cosine"].get<double>()), 5 * j["expected_cosine"].get<double>());
  EXPECT_EQ(j["path_x"].back(), 0.0);
  EXPECT_EQ(j["directions"], "random");
  expect_input_error("project --run " + probe_run() + " --directions lstsq", "--directions");
}
#endif  // LANDSCAPE_WITH_TORCH
