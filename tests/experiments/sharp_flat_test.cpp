#include "landscape/experiments/sharp_flat.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "experiments_test_support.hpp"

using namespace landscape::experiments;

TEST(SharpFlat, SpearmanClosedForms) {
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
  // A tie: ranks (0, 1.5, 1.5, 3) against (0, 1, 2, 3): 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 3 / std::sqrt(10.0), 1e-15);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
}

TEST(SharpFlat, FourRunsWithBothSharpnesses) {
  SharpFlatOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.small_batch = 16;
  o.large_batch = 128;
  o.alphas = {-1, -0.5, 0, 0.5, 1};
  o.out_dir = landscape::experiments_testing::fresh_dir("sharp");
  std::string error;
  SharpFlatOptions bad = o;
  bad.radius = 0;
  EXPECT_FALSE(bad.is_valid(&error));
  EXPECT_EQ(error, "radius 0: must be a finite number > 0");
  const auto r = run_sharp_flat(o, nullptr);
  ASSERT_EQ(r.runs.size(), 4u);
  EXPECT_EQ(r.runs[0].batch_size, 16);
  EXPECT_EQ(r.runs[3].weight_decay, o.decay);
  const auto j = r.to_json();
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_DOUBLE_EQ(j["runs"][k]["sharpness_filter"].get<double>(), r.runs[k].sharpness_filter);
    EXPECT_EQ(j["runs"][k]["curve_filter"].size(), 5u);
  }
}
