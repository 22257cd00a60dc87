// `landscape train` and `landscape experiment poly-vs-relu` end to end.
#ifdef LANDSCAPE_WITH_TORCH
#include <gtest/gtest.h>

#include <fstream>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"
#include "landscape/nn/trajectory.hpp"

using namespace landscape::cli_testing;

TEST(TrainCommands, TrainWritesMetricsTrajectoryWeightsAndFigures) {
  const std::string dir = run_dir("basic");
  const Outcome r = run(std::string("train --model mlp --arch 6,16,3 ") + kTinyData +
                        " --epochs 3 --lr 0.05 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 6 * 16 + 16 + 16 * 3 + 3);
  EXPECT_EQ(j["epochs"], 3);
  for (const char* key : {"final_train_error", "final_test_error", "seconds"}) EXPECT_TRUE(j[key].is_number()) << key;
  for (const char* file : {"metrics.csv", "trajectory.h5", "weights.json", "weights.pt", "checkpoint.pt", "config.json",
                           "result.json", "curves-error.dat", "curves-error.gp"})
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
  // Header + the initialization + 3 epochs.
  const std::string metrics = slurp(dir + "/metrics.csv");
  EXPECT_EQ(std::count(metrics.begin(), metrics.end(), '\n'), 5);
  // A second run into the same directory would lose the first: refused.
  expect_input_error(std::string("train --model mlp --arch 6,16,3 ") + kTinyData + " --out " + dir,
                     "already holds a run");
  // The trained MLP's weights file is read by the algebra (the shared parameter order).
  const Outcome h = run("hessian --weights " + dir + "/weights.json --data random:n=4,seed=1 --digits 30 --json");
  ASSERT_EQ(h.status, 0) << h.err;
  EXPECT_EQ(nlohmann::json::parse(h.out)["parameters"], 6 * 16 + 16 + 16 * 3 + 3);
}

// Killed with SIGKILL (no chance to clean up) once three epochs are done, well before the end,
// then resumed: the resume really continues the run (from epoch 3 or later, not from the end),
// and the final weights are those of an uninterrupted run.
TEST(TrainCommands, TrainResumesAfterSigkillWithTheSameFinalWeights) {
  const std::string whole = run_dir("whole"), killed = run_dir("killed");
  const std::string options = std::string(" --model mlp --arch 6,32,3 ") + kTinyData +
                              " --batch-size 8 --epochs 40 --threads 1 --out ";
  ASSERT_EQ(run("train" + options + whole).status, 0);
  // metrics.csv: a header, the initialization and one line per epoch; 5 lines = 3 epochs done.
  const std::string command = "(" + std::string(LANDSCAPE_BINARY) + " train" + options + killed +
                              " >/dev/null 2>&1 & pid=$!; for i in $(seq 2000); do "
                              "[ \"$(cat " + killed + "/metrics.csv 2>/dev/null | wc -l)\" -ge 5 ] && break; sleep 0.01; "
                              "done; kill -9 $pid; wait $pid) 2>/dev/null";
  std::system(command.c_str());
  ASSERT_TRUE(std::filesystem::exists(killed + "/checkpoint.pt"));
  ASSERT_FALSE(std::filesystem::exists(killed + "/weights.json")) << "the run finished before it was killed";
  const Outcome r = run("train" + options + killed + " --resume --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["resumed"], true);
  EXPECT_GE(j["resumed_from_epoch"].get<int>(), 3);
  EXPECT_LT(j["resumed_from_epoch"].get<int>(), 40);
  EXPECT_EQ(slurp(whole + "/weights.json"), slurp(killed + "/weights.json"));
}

TEST(TrainCommands, TrainBadInputIsOneErrorLine) {
  const std::string dir = run_dir("bad");
  expect_input_error("train --lr abc --out " + dir, "--lr");
  expect_input_error("train --model transformer --out " + dir, "unknown model");
  expect_input_error("train --dataset idx:/nonexistent --out " + dir, "no directory");
  expect_input_error("train --act poly:1 --out " + dir, "degree >= 1");
  expect_input_error("train --batch-size 0 --out " + dir, "--batch-size");
  expect_input_error("train --schedule step:2 --out " + dir, "--schedule");
  expect_input_error("train --act relu-approx:x:4 --out " + dir, "relu-approx");
  expect_input_error("train --schedule milestones:225,150:0.1 --out " + dir, "--schedule 'milestones:225,150:0.1': the milestones must increase");
  expect_input_error("train --augment crop,rotate --out " + dir, "--augment 'crop,rotate': unknown augmentation 'rotate'");
  expect_input_error(std::string("train --augment flip ") + kTinyData + " --out " + dir, "--augment 'flip': needs image data");
  expect_input_error("train --dataset cifar100:/nonexistent --out " + dir, "no directory");
  // A CIFAR-10 directory whose batch is cut short: one error line, nothing of the run written.
  const std::string cifar = run_dir("bad_cifar");
  std::filesystem::create_directories(cifar);
  std::ofstream(cifar + "/data_batch_1.bin", std::ios::binary) << std::string(3073 * 2 - 10, '\1');
  std::ofstream(cifar + "/test_batch.bin", std::ios::binary) << std::string(3073, '\1');
  expect_input_error("train --model vgg9 --dataset cifar10:" + cifar + " --out " + dir + "/cifar",
                     "is not a whole number of CIFAR-10 records");
  EXPECT_FALSE(std::filesystem::exists(dir + "/cifar/config.json"));
}

TEST(TrainCommands, TrainReportsDivergenceAndKeepsTheCheckpoint) {
  const std::string dir = run_dir("diverge");
  const Outcome r = run(std::string("train --model mlp --arch 6,16,16,3 --act poly:0,1,0,0,0,1 ") + kTinyData +
                        " --lr 5 --epochs 2 --out " + dir);
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("error: training diverged"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/checkpoint.pt"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/metrics.csv"));
}

TEST(TrainCommands, PolyVsReluSmall) {
  const std::string dir = run_dir("polyrelu");
  const Outcome r = run(std::string("experiment poly-vs-relu --model mlp --arch 6,16,3 --preact-norm ") + kTinyData +
                        " --epochs 2 --degree 6 --interval 4 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* act : {"relu", "poly"}) {
    EXPECT_TRUE(j[act]["final_train_error"].is_number()) << act;
    EXPECT_TRUE(j[act]["final_test_error"].is_number()) << act;
  }
  EXPECT_EQ(j["polynomial"]["degree"], 6);
  // The Legendre approximation of degree 6 on [-4, 4]: its sup-norm error is a few tenths.
  EXPECT_GT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.01);
  EXPECT_LT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.5);
  EXPECT_EQ(j["poly"]["activation"].get<std::string>().rfind("poly:", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/poly-vs-relu-error.gp"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/summary.json"));
}
// A run killed before its first checkpoint (here: a directory that holds only a config.json and a
// torn trajectory.h5, or nothing at all) is started from scratch by --resume, with a note on
// stderr, and ends with the weights of an uninterrupted run.
TEST(TrainCommands, ResumeWithNothingToResumeStartsFromScratch) {
  const std::string whole = run_dir("fresh_whole"), empty = run_dir("fresh_empty"), torn = run_dir("fresh_torn");
  const std::string options = std::string(" --model mlp --arch 6,8,3 ") + kTinyData + " --epochs 2 --threads 1 --out ";
  ASSERT_EQ(run("train" + options + whole).status, 0);
  const Outcome r = run("train" + options + empty + " --resume --json");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("nothing to resume"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["resumed"], false);
  EXPECT_EQ(slurp(whole + "/weights.json"), slurp(empty + "/weights.json"));
  std::filesystem::create_directories(torn);
  std::filesystem::copy_file(whole + "/config.json", torn + "/config.json");
  std::ofstream(torn + "/trajectory.h5") << "torn";
  const Outcome t = run("train" + options + torn + " --resume --json");
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_EQ(slurp(whole + "/weights.json"), slurp(torn + "/weights.json"));
  // A run that has a checkpoint still refuses other options.
  expect_input_error("train" + options + torn + " --lr 0.5 --resume", "options differ");
}

// By default a run records about 50 trajectory rows besides the epoch ends (smooth PCA paths of
// short runs); --record-every 0 keeps the epoch ends only.
TEST(TrainCommands, RecordsEnoughForASmoothPathByDefault) {
  const std::string dir = run_dir("auto_records"), sparse = run_dir("epoch_records");
  // 400 samples, batch 8: 50 steps an epoch, 100 in all; auto: every 2 steps (100 / 50).
  const std::string options = std::string(" --model mlp --arch 6,8,3 ") + kTinyData +
                              " --batch-size 8 --epochs 2 --threads 1 --out ";
  ASSERT_EQ(run("train" + options + dir).status, 0);
  const auto t = landscape::nn::read_trajectory(dir + "/trajectory.h5");
  // Row 0, then steps 2, 4, ..., 48 (24 rows) and the epoch end, twice: 1 + 2 * 25 = 51.
  ASSERT_EQ(t.epoch.size(), 51u);
  EXPECT_DOUBLE_EQ(t.epoch[1], 2.0 / 50);
  EXPECT_DOUBLE_EQ(t.epoch[25], 1.0);
  EXPECT_DOUBLE_EQ(t.epoch[50], 2.0);
  ASSERT_EQ(run("train" + options + sparse + " --record-every 0").status, 0);
  EXPECT_EQ(landscape::nn::read_trajectory(sparse + "/trajectory.h5").epoch.size(), 3u);
  // The weights do not depend on how often they are recorded.
  EXPECT_EQ(slurp(dir + "/weights.json"), slurp(sparse + "/weights.json"));
}
// A data set without a test split trains normally (it used to end in "training diverged" on the
// 0/0 test loss): the test figures are null, the exit status 0.
TEST(TrainCommands, NoTestSplitIsNoDivergence) {
  const std::string dir = run_dir("no_test");
  const Outcome r = run("train --model mlp --arch 6,8,3 --dataset synthetic:d=6,n=400,test=0,teacher=8,classes=3,seed=1 "
                        "--epochs 2 --threads 1 --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["epochs"], 2);
  EXPECT_TRUE(j["final_test_error"].is_null());
  EXPECT_LT(j["final_train_error"].get<double>(), 0.9);
  EXPECT_NE(j["summary"].get<std::string>().find("n/a (no test set)"), std::string::npos);
}
#endif  // LANDSCAPE_WITH_TORCH
