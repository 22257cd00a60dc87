#include "landscape/experiments/branches.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "experiments_test_support.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

TEST(Branches, OptionsValidateThemselves) {
  BranchesOptions o;
  o.out_dir = "x";
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.stages = 0;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "stages 0: must be in 1..100");
  o.stages = 2;
  o.sigma = -1;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error.rfind("sigma -1", 0), 0u);
  o.sigma = 0.1;
  o.out_dir.clear();
  EXPECT_THROW(run_branches(o, nullptr), FieldError);
}

// Stage 1 is one run from the initialization; stage 2 has the main continuation and K perturbed
// branches, all starting at stage 1's endpoint (the main one exactly there).
TEST(Branches, StagesBranchFromThePreviousEndpoint) {
  BranchesOptions o;
  o.base = experiments_testing::tiny_config(1);
  o.stages = 2;
  o.branches = 2;
  o.out_dir = experiments_testing::fresh_dir("branches");
  const auto r = run_branches(o, nullptr);
  EXPECT_EQ(r.runs, 1 + 3);
  const auto j = r.to_json();
  EXPECT_EQ(j["mode"], "sgd");
  EXPECT_TRUE(j["stages"]["2"].contains("branch2"));
  EXPECT_FALSE(j["stages"]["1"].contains("branch1"));
  const auto end1 = nn::read_trajectory(o.out_dir + "/stage1/main/trajectory.h5").parameters.back();
  EXPECT_EQ(nn::read_trajectory(o.out_dir + "/stage2/main/trajectory.h5").parameters.front(), end1);
  EXPECT_NE(nn::read_trajectory(o.out_dir + "/stage2/branch1/trajectory.h5").parameters.front(), end1);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/summary.json"));
  EXPECT_EQ(r.files.back(), o.out_dir + "/summary.json");
}
