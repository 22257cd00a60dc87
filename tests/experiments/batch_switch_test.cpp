#include "landscape/experiments/batch_switch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "experiments_test_support.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

// The small-batch run continues from the large-batch end point; the line through both gives their
// own losses at t = 0 and 1, and the barrier and the rises follow from its values.
TEST(BatchSwitch, LineThroughTheLargeAndSmallBatchSolutions) {
  BatchSwitchOptions o;
  o.base = experiments_testing::tiny_config(2);
  o.large_batch = 200;
  o.small_batch = 16;
  o.small_epochs = 2;
  o.out_dir = experiments_testing::fresh_dir("batch-switch");
  const auto r = run_batch_switch(o, nullptr);
  const auto large = nn::read_trajectory(o.out_dir + "/large/trajectory.h5");
  const auto small = nn::read_trajectory(o.out_dir + "/small/trajectory.h5");
  EXPECT_EQ(small.parameters.front(), large.parameters.back());
  double d2 = 0;
  for (std::size_t i = 0; i < large.parameters.back().size(); ++i)
    d2 += std::pow(small.parameters.back()[i] - large.parameters.back()[i], 2);
  EXPECT_NEAR(r.distance, std::sqrt(d2), 1e-9 * std::sqrt(d2));
  ASSERT_EQ(r.t.size(), 31u);
  EXPECT_EQ(r.t[10], 0.0);
  EXPECT_EQ(r.t[20], 1.0);
  const auto j = r.to_json();
  EXPECT_NEAR(r.train_loss[10], j["large"]["final_train_loss"].get<double>(), 1e-5);
  EXPECT_NEAR(r.train_loss[20], j["small"]["final_train_loss"].get<double>(), 1e-5);
  const double ends = std::max(r.train_loss[10], r.train_loss[20]);
  const double top = *std::max_element(r.train_loss.begin() + 10, r.train_loss.begin() + 21);
  EXPECT_DOUBLE_EQ(r.barrier, std::max(0.0, top - ends));
  EXPECT_DOUBLE_EQ(r.rise_beyond_large, r.train_loss.front() - r.train_loss[10]);
  EXPECT_DOUBLE_EQ(r.rise_beyond_small, r.train_loss.back() - r.train_loss[20]);
  EXPECT_GT(r.rise_beyond_large, 0);  // a whole LB-SB distance away from a trained model the loss is higher
  EXPECT_EQ(j["small"]["epochs"], 2);
}

TEST(BatchSwitch, OptionsValidateThemselves) {
  BatchSwitchOptions o;
  o.out_dir = "x";
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.small_batch = 0;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error.rfind("small_batch 0", 0), 0u);
  o.small_batch = 8;
  o.ts = {0.5, 2};
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "ts: must cover [0, 1] (the line between the two solutions)");
  o.ts.clear();
  o.out_dir.clear();
  EXPECT_THROW(run_batch_switch(o, nullptr), FieldError);
}
