#include "landscape/experiments/pca_path.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "experiments_test_support.hpp"
#include "landscape/experiments/training_runs.hpp"

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
