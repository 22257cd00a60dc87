// The papers' protocols (`landscape experiment branches|perturb-retrain|lipton|sharp-flat|optimizer-grid|
// architectures|batch-outliers|trained-nullity`) end to end.
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
// The small MLP and data every protocol runs on here; DIR is the test's own directory.
std::string small_options(const std::string& dir) {
  return std::string(" --model mlp --arch 6,12,3 ") + kTinyData + " --threads 1 --json --out " + dir;
}
}  // namespace

TEST(ExperimentCommands, Branches) {
  const std::string dir = run_dir("exp_branches");
  const std::string small = small_options(dir);
  // Branches: stage 2's runs start from stage 1's endpoint (the perturbed ones near it).
  const Outcome b = run("experiment branches --stages 2 --branches 1 --epochs 1" + small + "/branches");
  ASSERT_EQ(b.status, 0) << b.err;
  const auto main1 = landscape::nn::read_trajectory(dir + "/branches/stage1/main/trajectory.h5");
  const auto main2 = landscape::nn::read_trajectory(dir + "/branches/stage2/main/trajectory.h5");
  const auto branch2 = landscape::nn::read_trajectory(dir + "/branches/stage2/branch1/trajectory.h5");
  EXPECT_EQ(main2.parameters.front(), main1.parameters.back());
  EXPECT_NE(branch2.parameters.front(), main1.parameters.back());
  EXPECT_TRUE(std::filesystem::exists(dir + "/branches/mds.gp"));
  // Full batch with epoch-wise interpolation: alpha = 0 is the main run's own loss at that epoch.
  const Outcome fb = run("experiment branches --mode full-batch --stages 2 --branches 1 --epochs 2" + small + "/fb");
  ASSERT_EQ(fb.status, 0) << fb.err;
  const auto fj = nlohmann::json::parse(fb.out);
  const auto& interp = fj["stages"]["2"]["interpolation"];
  ASSERT_EQ(interp.size(), 3u);
  std::stringstream metrics(slurp(dir + "/fb/stage2/main/metrics.csv"));
  std::string header, row0, field;
  std::getline(metrics, header);
  std::getline(metrics, row0);  // epoch 0: epoch,step,lr,train_loss,...
  std::stringstream fields(row0);
  for (int k = 0; k < 4; ++k) std::getline(fields, field, ',');
  EXPECT_NEAR(interp[0]["train_loss"][0].get<double>(), std::stod(field), 1e-6);
}

// Branch points from one main run, repeats, one layer's MDS labelled by training error; a branch
// point beyond the run and a layer that does not exist are one error line each.
TEST(ExperimentCommands, BranchPoints) {
  const std::string dir = run_dir("exp_branch_points");
  const std::string small = small_options(dir);
  const Outcome b = run("experiment branches --branch-epochs 0,1 --branches 1 --repeats 2 --layer fc1.weight --epochs 2" + small + "/bp");
  ASSERT_EQ(b.status, 0) << b.err;
  const auto j = nlohmann::json::parse(b.out);
  EXPECT_EQ(j["branch_points"]["1"].size(), 2u);  // branch1, repeat2
  EXPECT_EQ(j["mds_points"].size(), 3u + 2 * 3 + 2 * 2);
  EXPECT_EQ(j["layer"], "fc1.weight");
  expect_input_error("experiment branches --branch-epochs 0,5 --epochs 2" + small + "/bad", "--branch-epochs 5: beyond the main run of 2 epochs");
  expect_input_error("experiment branches --layer fc7.bias --epochs 1" + small + "/bad2", "--layer 'fc7.bias': no such parameter tensor");
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad2"));
}

// Large batch, then small: the line through both solutions; overparam: one run per size and width.
TEST(ExperimentCommands, BatchSwitchAndOverparam) {
  const std::string dir = run_dir("exp_batch_switch");
  const std::string small = small_options(dir);
  const Outcome b = run("experiment batch-switch --large 200 --small 16 --epochs 1 --small-epochs 1 --t -1:2:7" + small + "/bs");
  ASSERT_EQ(b.status, 0) << b.err;
  const auto j = nlohmann::json::parse(b.out);
  ASSERT_EQ(j["t"].size(), 7u);  // t = -1, -0.5, 0, 0.5, 1, 1.5, 2
  const auto loss = j["train_loss"].get<std::vector<double>>();
  EXPECT_DOUBLE_EQ(j["barrier"].get<double>(), std::max(0.0, std::max({loss[2], loss[3], loss[4]}) - std::max(loss[2], loss[4])));
  EXPECT_DOUBLE_EQ(j["rise_beyond_large"].get<double>(), loss[0] - loss[2]);
  EXPECT_TRUE(std::filesystem::exists(dir + "/bs/interpolation.csv"));
  const Outcome o = run("experiment overparam --sizes 100,200 --widths 2,4 --epochs 1" + small + "/op");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto oj = nlohmann::json::parse(o.out);
  ASSERT_EQ(oj["rows"].size(), 4u);
  EXPECT_EQ(oj["rows"][3]["parameters"], 10 * 4 + 3);
  expect_input_error("experiment overparam --widths 0" + small + "/op2", "--widths '0': expected integers >= 1");
  expect_input_error("experiment overparam --arch 6,3 --threads 1 " + std::string(kTinyData) + " --out " + dir + "/op3",
                     "--arch '6,3': give the MLP's widths");
}

TEST(ExperimentCommands, PerturbRetrain) {
  const std::string dir = run_dir("exp_perturb");
  const std::string small = small_options(dir);
  // Perturb and retrain: agreement matrices have ones on the diagonal.
  const Outcome p = run("experiment perturb-retrain --at 1 --copies 2 --retrain 1" + small + "/pr");
  ASSERT_EQ(p.status, 0) << p.err;
  const auto pj = nlohmann::json::parse(p.out);
  const auto& pc = pj["epoch1"]["p_correct_given_correct"];
  ASSERT_EQ(pc.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(pc[i][i].get<double>(), 1.0);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_LE(pc[i][k].get<double>(), 1.0);
  }
}

TEST(ExperimentCommands, Lipton) {
  const std::string dir = run_dir("exp_lipton");
  const std::string small = small_options(dir);
  // Lipton: every clone starts at the pretrained model; same-init runs share their start.
  const Outcome l = run("experiment lipton --runs 2 --pretrain 1 --epochs 2" + small + "/lipton");
  ASSERT_EQ(l.status, 0) << l.err;
  const auto pre = landscape::nn::read_trajectory(dir + "/lipton/pretrained/trajectory.h5");
  for (const char* r : {"run1", "run2"})
    EXPECT_EQ(landscape::nn::read_trajectory(dir + "/lipton/clones/" + r + "/trajectory.h5").parameters.front(),
              pre.parameters.back());
  const auto lj = nlohmann::json::parse(l.out);
  EXPECT_GT(lj["same-init"]["distances"]["mean_pairwise"].get<double>(), 0.0);
  EXPECT_EQ(landscape::nn::read_trajectory(dir + "/lipton/same-init/run1/trajectory.h5").parameters.front(),
            landscape::nn::read_trajectory(dir + "/lipton/same-init/run2/trajectory.h5").parameters.front());
}

TEST(ExperimentCommands, SharpFlat) {
  const std::string dir = run_dir("exp_sharp");
  const std::string small = small_options(dir);
  // Sharp vs flat: four runs, both sharpness figures.
  const Outcome s = run("experiment sharp-flat --small 16 --large 128 --epochs 2 --x -1:1:5" + small + "/sf");
  ASSERT_EQ(s.status, 0) << s.err;
  const auto sj = nlohmann::json::parse(s.out);
  ASSERT_EQ(sj["runs"].size(), 4u);
  for (const auto& r : sj["runs"]) EXPECT_TRUE(r["sharpness_filter"].is_number());
  EXPECT_TRUE(std::filesystem::exists(dir + "/sf/1d-filter-normalized.gp"));
}

// Li et al. 2018 Table 1 at small scale: eight rows, each run's optimizer as asked, contours.
TEST(ExperimentCommands, OptimizerGrid) {
  const std::string dir = run_dir("exp_grid");
  const Outcome r = run("experiment optimizer-grid --small 32 --large 200 --epochs 1 --x -1:1:5 --surface-points 3" +
                        small_options(dir) + "/grid");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "experiment optimizer-grid");
  ASSERT_EQ(j["runs"].size(), 8u);
  EXPECT_EQ(j["runs"][4]["optimizer"], "adam");
  EXPECT_TRUE(std::filesystem::exists(dir + "/grid/2d-adam-b200-wd.gp"));
  const std::string table = slurp(dir + "/grid/table.csv");
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 9);
  expect_input_error("experiment optimizer-grid --preset huge --out " + dir + "/bad", "--preset 'huge': expected small or paper");
  expect_input_error("experiment optimizer-grid --preset paper --out " + dir + "/bad", "--dataset");
  expect_input_error("experiment optimizer-grid --surface-points 2" + small_options(dir) + "/bad", "--surface-points");
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad/summary.json"));
}

// Li et al. 2018 Table 2 on vector data: two MLPs by name; the table and bad model lists.
TEST(ExperimentCommands, Architectures) {
  const std::string dir = run_dir("exp_arch");
  const Outcome r = run(std::string("experiment architectures --models mlp --epochs 1 --surface-points 3 ") + kTinyData +
                        " --threads 1 --json --out " + dir + "/arch");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 1u);
  EXPECT_EQ(j["rows"][0]["model"], "mlp");
  EXPECT_EQ(j["rows"][0]["parameters"], 6 * 256 + 256 + 256 * 3 + 3);  // inputs-256-classes
  EXPECT_TRUE(std::filesystem::exists(dir + "/arch/table.csv"));
  expect_input_error("experiment architectures --models mlp,mlp --out " + dir + "/bad", "--models 'mlp': listed twice");
  expect_input_error("experiment architectures --models mlp,vgg16 --out " + dir + "/bad", "--models 'vgg16': unknown model");
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad/mlp")) << "nothing trained before the bad name";
}

TEST(ExperimentCommands, DefaultsFitOtherDataSets) {
  const std::string dir = run_dir("exp_default");
  // With another data set and no --arch, the MLP fits the data (inputs-256-classes).
  const Outcome other = run(std::string("experiment lipton --runs 2 --epochs 1 ") + kTinyData + " --threads 1 --out " + dir + "/lipton-default --json");
  ASSERT_EQ(other.status, 0) << other.err;
  EXPECT_EQ(nlohmann::json::parse(other.out)["config"]["arch"], "");
  expect_input_error("experiment nonsense --out " + dir, "unknown command 'nonsense' (see landscape experiment --help)");
  const Outcome help = run("experiment --help");
  EXPECT_NE(help.out.find("trained-nullity"), std::string::npos) << help.out;
}

TEST(ExperimentCommands, BatchOutliers) {
  const std::string dir = run_dir("exp_outliers");
  const Outcome r = run("experiment batch-outliers --batches 16,256 --epochs 3 --top 4" + small_options(dir));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["rows"][0]["top"].size(), 4u);
  EXPECT_EQ(j["classes"], 3);
  EXPECT_TRUE(std::filesystem::exists(dir + "/top-eigenvalues.gp"));
  expect_input_error("experiment batch-outliers --batches 16" + small_options(dir + "/bad"), "--batches");
}

#ifdef LANDSCAPE_WITH_ALGEBRA
// Cooper 2018 Prop. 2.3 at a trained zero-loss point: K = 2*6 + 6 + 6 + 1 = 25, N*dL = 4.
TEST(ExperimentCommands, TrainedNullity) {
  const std::string dir = run_dir("exp_nullity");
  const Outcome r = run("experiment trained-nullity --activations square --widths 6 --points 4 --no-relu --no-cooper"
                        " --epochs 60 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["rows"].size(), 1u);
  EXPECT_EQ(j["rows"][0]["nullity"], 21);
  EXPECT_EQ(j["rows"][0]["expected_nullity"], 21);
  EXPECT_TRUE(j["agrees"].get<bool>());
  expect_input_error("experiment trained-nullity --widths 0 --out " + dir + "/bad", "--widths");
  expect_input_error("experiment trained-nullity --activations cubic --widths 4 --no-cooper --out " + dir + "/bad2", "--act");
}
#endif
#endif  // LANDSCAPE_WITH_TORCH
