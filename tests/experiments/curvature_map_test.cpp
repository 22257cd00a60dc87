// The eigenvalue-ratio map against the dense Hessian at the grid's points (every column a
// Hessian-vector product, eigenvalues by Eigen), resumption, and the refusals.
#include "landscape/experiments/curvature_map.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <filesystem>

#include "experiments_test_support.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;
namespace fs = std::filesystem;

namespace {

const std::string& run() {
  static const std::string dir = [] {
    const std::string d = experiments_testing::fresh_dir("curvature_map_run");
    auto c = experiments_testing::tiny_config(3);
    c.dtype = "float64";
    c.out_dir = d;
    nn::train(c, nullptr);
    return d;
  }();
  return dir;
}

// The extreme eigenvalues of the dense Hessian at w0 + a u + b v.
std::pair<double, double> dense_extremes(const std::vector<double>& u, const std::vector<double>& v, double a, double b) {
  nn::Curvature c(run(), {});
  auto w = c.weights();
  for (std::size_t k = 0; k < w.size(); ++k) w[k] += a * u[k] + b * v[k];
  c.set_weights(w);
  const Eigen::VectorXd l = experiments_testing::dense_hessian_eigenvalues(c);
  return {l[l.size() - 1], l[0]};
}

}  // namespace

TEST(CurvatureMap, ExtremeEigenvaluesAtEveryPointAndResumption) {
  CurvatureMapOptions o;
  o.run_dir = run();
  o.dtype = "float64";
  o.xs = {-0.5, 0.0, 0.5};
  o.ys = {-0.5, 0.5};
  o.tolerance = 1e-9;
  o.block = 2;
  const std::string dir = experiments_testing::fresh_dir("curvature_map");
  fs::create_directories(dir);
  o.out = dir + "/map.h5";
  const auto r = curvature_map(o, nullptr);
  EXPECT_EQ(r.details["points"], 6);
  EXPECT_EQ(r.details["unconverged"], 0);
  const auto map = nn::read_h5_arrays(o.out, {"xcoordinates", "ycoordinates", "max_eig", "min_eig"});
  const auto dirs = nn::read_h5_arrays(dir + "/map.directions.h5", {"xdirection", "ydirection"});
  EXPECT_EQ(map[2].second.dims, (std::vector<std::int64_t>{3, 2}));
  for (std::size_t p : {0u, 3u, 5u}) {  // max_eig[i, j] at xs[i], ys[j]
    const auto [mx, mn] = dense_extremes(dirs[0].second.values, dirs[1].second.values, o.xs[p / 2], o.ys[p % 2]);
    EXPECT_NEAR(map[2].second.values[p], mx, 1e-8 * std::abs(mx)) << p;
    EXPECT_NEAR(map[3].second.values[p], mn, 1e-8 * std::abs(mx)) << p;
  }
  // An interrupted map (two points missing) resumes to the same values.
  auto partial = map;
  partial[2].second.values[1] = partial[3].second.values[4] = std::nan("");
  nn::write_h5_arrays(o.out, partial);
  o.resume = true;
  o.direction_file = dir + "/map.directions.h5";
  const auto resumed = curvature_map(o, nullptr);
  EXPECT_EQ(resumed.details["points_evaluated"], 2);
  const auto again = nn::read_h5_arrays(o.out, {"max_eig", "min_eig"});
  EXPECT_EQ(again[0].second.values, map[2].second.values);
  EXPECT_EQ(again[1].second.values, map[3].second.values);
}

TEST(CurvatureMap, Refusals) {
  CurvatureMapOptions o;
  o.run_dir = run();
  o.xs = {0.0};
  const std::string dir = experiments_testing::fresh_dir("curvature_map_bad");
  fs::create_directories(dir);
  o.out = dir + "/m.h5";
  auto field_of = [](const CurvatureMapOptions& bad) {
    try {
      curvature_map(bad, nullptr);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  EXPECT_EQ(field_of(o), "ys");  // a map needs both axes
  o.ys = {0.0};
  o.tolerance = 0;
  EXPECT_EQ(field_of(o), "tolerance");
  o.tolerance = 1e-3;
  nn::write_h5_arrays(dir + "/wrong.h5", {{"xdirection", {{3}, {1, 2, 3}}}, {"ydirection", {{3}, {1, 2, 3}}}});
  o.direction_file = dir + "/wrong.h5";
  EXPECT_EQ(field_of(o), "direction_file");
  o.direction_file.clear();
  curvature_map(o, nullptr);
  EXPECT_EQ(field_of(o), "out");  // exists, and not resuming
}
