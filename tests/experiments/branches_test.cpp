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

// Branch points (Figs. 4/14): K branches and R - 1 repeats from the main run's weights at each
// given epoch, trained to the main run's end; every point of the MDS labelled by its run's
// training error at that epoch.
TEST(Branches, BranchPointsStartFromTheMainRunAtTheirEpochs) {
  BranchesOptions o;
  o.base = experiments_testing::tiny_config(3);
  o.stages = 1;
  o.branches = 1;
  o.repeats = 2;
  o.branch_epochs = {0, 2};
  o.layer = "fc1.weight";
  o.out_dir = experiments_testing::fresh_dir("branch-points");
  const auto r = run_branches(o, nullptr);
  EXPECT_EQ(r.runs, 1 + 2 * (1 + 1));
  const auto j = r.to_json();
  const auto main = nn::read_trajectory(o.out_dir + "/main/trajectory.h5");
  ASSERT_EQ(main.epoch, (std::vector<double>{0, 1, 2, 3}));
  for (int e : {0, 2}) {
    const std::string point = o.out_dir + "/from" + std::to_string(e);
    const auto repeat = nn::read_trajectory(point + "/repeat2/trajectory.h5");
    const auto branch = nn::read_trajectory(point + "/branch1/trajectory.h5");
    EXPECT_EQ(repeat.parameters.front(), main.parameters[static_cast<std::size_t>(e)]);  // unperturbed
    EXPECT_NE(branch.parameters.front(), main.parameters[static_cast<std::size_t>(e)]);  // perturbed
    EXPECT_EQ(branch.parameters.size(), static_cast<std::size_t>(3 - e + 1));            // to the main run's end
    EXPECT_EQ(j["branch_points"][std::to_string(e)]["branch1"]["epochs"], 3 - e);
  }
  // 4 + 4 + 4 + 2 + 2 records, each labelled by the training error its run recorded there.
  ASSERT_EQ(j["mds_points"].size(), 16u);
  for (const auto& p : j["mds_points"]) {
    ASSERT_FALSE(p["train_error"].is_null());
    EXPECT_GE(p["train_error"].get<double>(), 0.0);
    EXPECT_LE(p["train_error"].get<double>(), 1.0);
  }
  // Runs in order: main, from0 branch1, from0 repeat2, from2 branch1, from2 repeat2.
  EXPECT_EQ(j["mds_points"][3]["train_error"].get<double>(), j["main"]["final_train_error"].get<double>());
  EXPECT_EQ(j["mds_points"][3]["epoch"].get<double>(), 3);
  EXPECT_EQ(j["mds_points"][13]["train_error"].get<double>(), j["branch_points"]["2"]["branch1"]["final_train_error"].get<double>());
  EXPECT_EQ(j["mds_points"][13]["epoch"].get<double>(), 3);  // from epoch 2: its epoch 1 is the main run's 3
  // The unperturbed repeat starts at the main run's epoch-2 weights: the same training error there.
  EXPECT_EQ(j["mds_points"][14]["train_error"].get<double>(), j["mds_points"][2]["train_error"].get<double>());
  EXPECT_EQ(j["layer"], "fc1.weight");
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/mds.csv"));
}

// Full-batch mode interpolates every branch with the main run, epoch by epoch.
TEST(Branches, FullBatchInterpolatesEveryBranch) {
  BranchesOptions o;
  o.base = experiments_testing::tiny_config(1);
  o.base.batch_size = 0;
  o.base.momentum = 0;
  o.stages = 2;
  o.branches = 2;
  o.full_batch = true;
  o.labels = "epoch";
  o.out_dir = experiments_testing::fresh_dir("branches-full-batch");
  const auto j = run_branches(o, nullptr).to_json();
  const auto& stage = j["stages"]["2"];
  const auto& interpolations = j["interpolations"]["stage2"];
  ASSERT_TRUE(interpolations.contains("branch2"));
  EXPECT_EQ(stage["interpolation"], interpolations["branch1"]);
  // Epochs 0 and 1 of each branch; at alpha = 0 the main run's own loss, at 1 the branch's.
  ASSERT_EQ(interpolations["branch2"].size(), 2u);
  const auto& last = interpolations["branch2"][1];
  EXPECT_NEAR(last["train_loss"][10].get<double>(), stage["branch2"]["final_train_loss"].get<double>(), 1e-5);
  EXPECT_NEAR(last["train_loss"][0].get<double>(), stage["main"]["final_train_loss"].get<double>(), 1e-5);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/interpolation-stage2-branch2.dat"));
  // Fig. 4's caption: an SGD run from the same initialization, as long as the main run.
  EXPECT_EQ(j["sgd_reference"]["epochs"], 2);
  EXPECT_EQ(j["test_error_full_batch"], stage["main"]["final_test_error"]);
  EXPECT_EQ(nn::read_trajectory(o.out_dir + "/sgd/trajectory.h5").parameters.front(),
            nn::read_trajectory(o.out_dir + "/stage1/main/trajectory.h5").parameters.front());
}

// A branch point beyond the run and a layer that does not exist are refused before any training.
TEST(Branches, RefusesBadBranchPointsAndLayers) {
  BranchesOptions o;
  o.base = experiments_testing::tiny_config(3);
  o.stages = 1;
  o.branch_epochs = {0, 3};
  o.out_dir = experiments_testing::fresh_dir("branches-refused");
  std::string error;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "branch_epochs 3: beyond the main run of 3 epochs (a branch point is an epoch in 0..2)");
  o.branch_epochs = {1};
  o.stages = 2;
  EXPECT_FALSE(o.is_valid(&error));
  o.stages = 1;
  o.branches = 60, o.repeats = 41;  // 101 members: their seeds would collide
  EXPECT_FALSE(o.is_valid(&error));
  o.branches = 2, o.repeats = 2, o.full_batch = true;  // repeats of gradient descent: copies of the main run
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_NE(error.find("copies of the main run"), std::string::npos);
  o.repeats = 1, o.full_batch = false;
  o.layer = "fc9.weight";
  try {
    run_branches(o, nullptr);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "layer");
    EXPECT_NE(std::string(e.what()).find("fc0.weight, fc0.bias, fc1.weight, fc1.bias"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(o.out_dir + "/main"));
}
