#include "landscape/experiments/lipton.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "experiments_test_support.hpp"
#include "landscape/nn/trajectory.hpp"

using namespace landscape;
using namespace landscape::experiments;

// Two solutions (0, 0) and (3, 4) from the start (0, 0): pairwise distance 5, norms 0 and 5,
// distances from the start 0 and 5 (closed form).
TEST(Lipton, DistanceStatisticsOfPlantedPoints) {
  const auto s = distance_statistics({{0, 0}, {3, 4}}, {{0, 0}, {0, 0}});
  EXPECT_DOUBLE_EQ(s["pairwise"][0][1].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(s["mean_pairwise"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(s["mean_norm"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(s["from_start"][1].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(s["mean_from_start"].get<double>(), 2.5);
  // Each from its own start (runs from different initializations): (3, 4) from (3, 0) is 4.
  const auto own = distance_statistics({{0, 0}, {3, 4}}, {{0, 0}, {3, 0}});
  EXPECT_DOUBLE_EQ(own["from_start"][1].get<double>(), 4.0);
}

TEST(Lipton, SameInitialisationAndClones) {
  LiptonOptions o;
  o.base = experiments_testing::tiny_config(2);
  o.base.dataset = "synthetic:d=6,n=400,test=100,teacher=8,classes=3";  // the subset seed is the run's
  o.runs = 2;
  o.pretrain = 1;
  o.out_dir = experiments_testing::fresh_dir("lipton");
  std::string error;
  LiptonOptions bad = o;
  bad.runs = 1;
  EXPECT_FALSE(bad.is_valid(&error));
  EXPECT_EQ(error, "runs 1: must be in 2..100");
  const auto r = run_lipton(o, nullptr);
  // Different data orders from one start end in different places; so do the clones.
  EXPECT_GT(r.mean_distance_same_init, 0);
  EXPECT_GT(r.mean_distance_clones, 0);
  // Different initializations start apart (same data: the subset seed pinned to the base seed).
  EXPECT_NE(nn::read_trajectory(o.out_dir + "/different-init/run1/trajectory.h5").parameters.front(),
            nn::read_trajectory(o.out_dir + "/different-init/run2/trajectory.h5").parameters.front());
  EXPECT_GT(r.mean_distance_different_init, r.mean_distance_same_init);
  std::ifstream in(o.out_dir + "/different-init/run2/config.json");
  const auto config = nn::TrainConfig::from_json(nlohmann::json::parse(in), "test");
  EXPECT_EQ(config.seed, 2u);
  EXPECT_EQ(config.dataset, o.base.dataset + ",seed=0");  // the same data as the seed-0 runs
  const auto pre = nn::read_trajectory(o.out_dir + "/pretrained/trajectory.h5").parameters.back();
  EXPECT_EQ(nn::read_trajectory(o.out_dir + "/clones/run2/trajectory.h5").parameters.front(), pre);
  EXPECT_EQ(nn::read_trajectory(o.out_dir + "/same-init/run1/trajectory.h5").parameters.front(),
            nn::read_trajectory(o.out_dir + "/same-init/run2/trajectory.h5").parameters.front());
}
