#include "landscape/experiments/pca_path.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "experiments_test_support.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape::experiments;

TEST(PcaPath, VarianceRatiosAndThePathEndingAtTheOrigin) {
  const std::string root = landscape::experiments_testing::fresh_dir("pca");
  train_or_finish(landscape::experiments_testing::tiny_config(4), root + "/run", "run", nullptr);
  PcaPathOptions o;
  o.run_dir = root + "/run";
  o.out_dir = root + "/pca";
  o.grid = 4;
  o.threads = 1;
  std::string error;
  PcaPathOptions bad = o;
  bad.grid = 1;
  EXPECT_FALSE(bad.is_valid(&error));
  EXPECT_EQ(error, "grid 1: must be in 2..1001");
  const auto r = pca_path(o, nullptr);
  // Five records relative to the last: at most four components, their ratios summing to 1.
  EXPECT_LE(r.explained_variance_ratio.size(), 4u);
  EXPECT_NEAR(std::accumulate(r.explained_variance_ratio.begin(), r.explained_variance_ratio.end(), 0.0), 1.0, 1e-9);
  for (std::size_t k = 1; k < r.explained_variance_ratio.size(); ++k)
    EXPECT_LE(r.explained_variance_ratio[k], r.explained_variance_ratio[k - 1] + 1e-12);
  EXPECT_NEAR(r.top2_ratio, r.explained_variance_ratio[0] + r.explained_variance_ratio[1], 1e-15);
  ASSERT_EQ(r.path_x.size(), 5u);
  EXPECT_DOUBLE_EQ(r.path_x.back(), 0.0);
  EXPECT_DOUBLE_EQ(r.path_y.back(), 0.0);
  EXPECT_TRUE(std::filesystem::exists(root + "/pca/pca-path.csv"));
  EXPECT_TRUE(std::filesystem::exists(root + "/pca/pca-path.gp"));
}

// Li et al. 2018 Fig. 9: the points where a step schedule lowers the learning rate are marked
// (step:2:0.1 over 5 epochs: rates at epochs 0-1, 2-3, 4; drops after records 2 and 4); a
// constant schedule has none.
TEST(PcaPath, LearningRateDropsAreMarked) {
  const std::string root = landscape::experiments_testing::fresh_dir("pca-lr");
  auto c = landscape::experiments_testing::tiny_config(5);
  c.schedule = "step:2:0.1";
  train_or_finish(c, root + "/run", "run", nullptr);
  PcaPathOptions o;
  o.run_dir = root + "/run";
  o.out_dir = root + "/pca";
  o.grid = 3;
  o.threads = 1;
  EXPECT_EQ(pca_path(o, nullptr).to_json()["lr_drops"], (std::vector<int>{2, 4}));
  train_or_finish(landscape::experiments_testing::tiny_config(3), root + "/flat", "flat", nullptr);
  o.run_dir = root + "/flat";
  o.out_dir = root + "/pca-flat";
  EXPECT_TRUE(pca_path(o, nullptr).to_json()["lr_drops"].empty());
}

// project: random Gaussian directions are nearly orthogonal (|cos| within a few sqrt(2 / (pi n)),
// its mean over seeds near it) and keep a small part of the path; the PCA plane keeps the top two
// components' share of it; the coordinates are the least-squares ones.
TEST(PcaPath, ProjectionOnRandomAndPcaDirections) {
  const std::string root = landscape::experiments_testing::fresh_dir("project");
  auto c = landscape::experiments_testing::tiny_config(6);
  c.arch = "6,40,3";  // 403 parameters
  train_or_finish(c, root + "/run", "run", nullptr);
  PcaPathOptions o;
  o.run_dir = root + "/run";
  o.threads = 1;
  double mean_cos = 0;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    o.seed = seed;
    const auto r = project_path(o, nullptr);
    EXPECT_EQ(r.details["parameters"], 403);
    const double expected = std::sqrt(2.0 / (M_PI * 403));
    EXPECT_NEAR(r.details["expected_cosine"].get<double>(), expected, 1e-15);
    EXPECT_LT(std::abs(r.details["direction_cosine"].get<double>()), 4 * expected) << seed;
    mean_cos += std::abs(r.details["direction_cosine"].get<double>()) / 8;
    EXPECT_LT(r.details["captured_fraction"].get<double>(), 0.2) << seed;
    EXPECT_DOUBLE_EQ(r.path_x.back(), 0.0);
  }
  EXPECT_GT(mean_cos, 0.4 * std::sqrt(2.0 / (M_PI * 403)));  // about E|cos|: Gaussian, not orthogonal by construction
  EXPECT_LT(mean_cos, 1.8 * std::sqrt(2.0 / (M_PI * 403)));
  o.directions = "pca";
  o.out_dir = root + "/out";
  o.grid = 3;
  const auto pca = project_path(o, nullptr);
  PcaPathOptions plain = o;
  plain.out_dir.clear();
  const auto reference = pca_path(plain, nullptr);  // orthonormal components: the same coordinates
  ASSERT_EQ(pca.path_x.size(), reference.path_x.size());
  for (std::size_t k = 0; k < pca.path_x.size(); ++k) {
    EXPECT_NEAR(pca.path_x[k], reference.path_x[k], 1e-9 * (1 + std::abs(reference.path_x[k])));
    EXPECT_NEAR(pca.path_y[k], reference.path_y[k], 1e-9 * (1 + std::abs(reference.path_y[k])));
  }
  EXPECT_NEAR(pca.details["direction_cosine"].get<double>(), 0.0, 1e-9);
  EXPECT_GT(pca.details["captured_fraction"].get<double>(), 0.5);
  EXPECT_TRUE(std::filesystem::exists(root + "/out/project-path.csv"));
  o.directions = "lstsq";
  EXPECT_THROW(project_path(o, nullptr), landscape::FieldError);
}
