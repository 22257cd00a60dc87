// training.cpp: whole runs on small teacher data. A resumed run ends with the weights of an
// uninterrupted one; record counts, steps and learning rates follow their closed forms; bad options
// name their field before anything is written.
#include "test_support.hpp"
#include "landscape/nn/training.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace fs = std::filesystem;
using namespace landscape;
using namespace landscape::nn;

namespace {

// 240 training samples in batches of 32: 8 steps an epoch (the last batch holds 16).
TrainConfig tiny_run(const std::string& dir) {
  TrainConfig c;
  c.model = "mlp";
  c.arch = "6,12,3";
  c.dataset = "synthetic:d=6,n=240,test=60,teacher=8,classes=3,seed=4";
  c.epochs = 4;
  c.batch_size = 32;
  c.lr = 0.05;
  c.seed = 9;
  c.threads = 1;
  c.out_dir = dir;
  return c;
}

std::string field_of(const TrainConfig& c) {
  return landscape::testing::field_of_error([&] { train(c, nullptr); });
}

}  // namespace

TEST(Training, ResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne) {
  const std::string a = landscape::testing::fresh_temp_path("training_whole"), b = landscape::testing::fresh_temp_path("training_killed");
  const TrainResult whole = train(tiny_run(a), nullptr);
  EXPECT_EQ(whole.epochs, 4);
  TrainHooks hooks;
  hooks.stop_after_epoch = 2;
  const TrainResult stopped = train(tiny_run(b), nullptr, hooks);
  EXPECT_EQ(stopped.epochs, 2);
  EXPECT_FALSE(fs::exists(b + "/weights.pt"));
  TrainConfig again = tiny_run(b);
  EXPECT_THROW(train(again, nullptr), FieldError);  // a run is there: resume it or use another out_dir
  again.resume = true;
  std::ostringstream log;
  const TrainResult resumed = train(again, &log);
  EXPECT_NE(log.str().find("resuming " + b + " after epoch 2\n"), std::string::npos) << log.str();
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.resumed_from_epoch, 2);
  const auto ta = read_trajectory(a + "/trajectory.h5"), tb = read_trajectory(b + "/trajectory.h5");
  ASSERT_EQ(ta.parameters.size(), tb.parameters.size());
  for (std::size_t r = 0; r < ta.parameters.size(); ++r) EXPECT_EQ(ta.parameters[r], tb.parameters[r]) << "record " << r;
  EXPECT_EQ(read_text_file(a + "/weights.json"), read_text_file(b + "/weights.json"));
  EXPECT_EQ(resumed.final_test_error, whole.final_test_error);
  // Different options are refused.
  TrainConfig changed = tiny_run(b);
  changed.resume = true;
  changed.lr = 0.1;
  EXPECT_THROW(train(changed, nullptr), InputError);
}

TEST(Training, ResumeWithNothingToResumeStartsFromScratch) {
  const std::string a = landscape::testing::fresh_temp_path("training_fresh"), b = landscape::testing::fresh_temp_path("training_fresh_resumed");
  train(tiny_run(a), nullptr);
  TrainConfig c = tiny_run(b);
  c.resume = true;
  std::ostringstream log;
  const TrainResult r = train(c, &log);
  EXPECT_FALSE(r.resumed);
  EXPECT_EQ(log.str().rfind("nothing to resume in " + b, 0), 0u) << log.str();
  EXPECT_EQ(read_text_file(a + "/weights.json"), read_text_file(b + "/weights.json"));
}

TEST(Training, RecordsAndStepsFollowTheirClosedForms) {
  // Auto (record_every < 0): max(1, 32 steps / 50) = every step, so 1 + 4 epochs x 8 rows.
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_auto"));
  c.record_every = -1;
  const TrainResult automatic = train(c, nullptr);
  const auto t = read_trajectory(c.out_dir + "/trajectory.h5");
  ASSERT_EQ(t.epoch.size(), 33u);
  EXPECT_DOUBLE_EQ(t.epoch[1], 1.0 / 8);
  EXPECT_DOUBLE_EQ(t.epoch[8], 1.0);
  EXPECT_EQ(t.step[32], 32);
  // Every 3 steps: steps 3, 6, ..., 30 except 24 (an epoch end), besides the 5 epoch rows.
  c = tiny_run(landscape::testing::fresh_temp_path("training_every3"));
  c.record_every = 3;
  train(c, nullptr);
  EXPECT_EQ(read_trajectory(c.out_dir + "/trajectory.h5").epoch.size(), 14u);
  // Per epoch only; the weights do not depend on how often they are recorded.
  c = tiny_run(landscape::testing::fresh_temp_path("training_per_epoch"));
  const TrainResult per_epoch = train(c, nullptr);
  EXPECT_EQ(read_trajectory(c.out_dir + "/trajectory.h5").epoch.size(), 5u);
  EXPECT_EQ(per_epoch.final_train_loss, automatic.final_train_loss);
  for (int e = 0; e <= 4; ++e) EXPECT_EQ(per_epoch.history[e].step, 8 * e);
  // metrics.csv: the header and one row per record.
  EXPECT_EQ(split_lines(read_text_file(c.out_dir + "/metrics.csv")).size(), 6u);
  // Full batch: one step per epoch.
  c = tiny_run(landscape::testing::fresh_temp_path("training_full"));
  c.batch_size = 0;
  const TrainResult full = train(c, nullptr);
  for (int e = 0; e <= 4; ++e) EXPECT_EQ(full.history[e].step, e);
  // Lipton 2016's columns. Plain gradient descent (one step per epoch, no momentum, no decay):
  // the weights move by lr |g| in an epoch, and displacement is the distance between the
  // trajectory's epoch-end records.
  c = tiny_run(landscape::testing::fresh_temp_path("training_lipton"));
  c.batch_size = 0, c.momentum = 0, c.dtype = "float64";
  const TrainResult gd = train(c, nullptr);
  const auto records = read_trajectory(c.out_dir + "/trajectory.h5");
  EXPECT_TRUE(std::isnan(gd.history[0].grad_norm) && std::isnan(gd.history[0].displacement));
  for (int e = 1; e <= 4; ++e) {
    double d2 = 0;
    for (std::size_t k = 0; k < records.parameters[e].size(); ++k)
      d2 += std::pow(records.parameters[e][k] - records.parameters[e - 1][k], 2);
    EXPECT_NEAR(gd.history[e].displacement, std::sqrt(d2), 1e-12 * std::sqrt(d2)) << e;
    EXPECT_NEAR(gd.history[e].displacement, c.lr * gd.history[e].grad_norm, 1e-12 * gd.history[e].displacement) << e;
  }
  EXPECT_NE(read_text_file(c.out_dir + "/metrics.csv").find(",seconds,grad_norm,displacement\n"), std::string::npos);
}

TEST(Training, RecordsTheScheduledLearningRates) {
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_cosine"));
  c.schedule = "cosine";
  const TrainResult r = train(c, nullptr);
  // Row 0 holds the rate of epoch 0; row e the rate epoch e (0-based e - 1) was trained with.
  const double expected[] = {0.05, 0.05, 0.025 * (1 + std::cos(M_PI / 4)), 0.025, 0.025 * (1 + std::cos(3 * M_PI / 4))};
  ASSERT_EQ(r.history.size(), 5u);
  for (int e = 0; e <= 4; ++e) EXPECT_NEAR(r.history[e].lr, expected[e], 1e-15) << e;
}

TEST(Training, LearnsTheTeacherAndStopsAtTheTargetError) {
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_target"));
  c.epochs = 200;
  c.target_error = 0.2;
  const TrainResult r = train(c, nullptr);
  EXPECT_LT(r.epochs, 200);
  EXPECT_LE(r.final_train_error, 0.2);
  EXPECT_GT(r.history[r.epochs - 1].train_error, 0.2);  // it stopped at the first epoch that reached it
  EXPECT_LT(r.history.back().train_loss, r.history.front().train_loss);
  const auto j = r.to_json();
  EXPECT_EQ(j["history"].size(), r.history.size());
  EXPECT_EQ(j["files"].size(), 6u);  // weights.pt, weights.json, config, metrics, trajectory, checkpoint
}

TEST(Training, ADivergingPolynomialNetStopsWithTheCheckpointBeforeIt) {
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_diverge"));
  c.arch = "6,12,12,12,3";
  c.activation = "poly:0,1,0,0,0,1";  // z + z^5 through three layers
  c.lr = 5.0;
  c.epochs = 3;
  const TrainResult r = train(c, nullptr);
  ASSERT_TRUE(r.diverged);
  EXPECT_EQ(r.divergence.rfind("training diverged in epoch 1 at step 1: batch loss ", 0), 0u) << r.divergence;
  EXPECT_NE(r.divergence.find("preact_norm"), std::string::npos);
  EXPECT_EQ(r.divergence.find("--"), std::string::npos);
  EXPECT_TRUE(fs::exists(c.out_dir + "/checkpoint.pt"));
  EXPECT_FALSE(fs::exists(c.out_dir + "/weights.pt"));
  EXPECT_EQ(r.epochs, static_cast<int>(r.history.size()) - 1);
}

// A CIFAR-10 directory of generated records: `train` training and `test` test images, labels
// cycling through the classes, pixels from the record and position.
std::string cifar_directory(const std::string& name, int train, int test) {
  const std::string dir = landscape::testing::fresh_temp_dir(name);
  auto write = [&](const std::string& file, int n, int offset) {
    std::string bytes;
    for (int i = 0; i < n; ++i) {
      bytes.push_back(static_cast<char>((i + offset) % 10));
      for (int k = 0; k < 3072; ++k) bytes.push_back(static_cast<char>((37 * (i + offset) + 11 * k + k / 1024 * 50) % 256));
    }
    write_file_atomically(dir + "/" + file, bytes);
  };
  write("data_batch_1.bin", train, 0);
  write("test_batch.bin", test, 3);
  return dir;
}

// Li et al. 2018's models and recipe (Nesterov, weight decay, milestones, per-channel
// normalization, crop and flip) for an epoch on CIFAR-format records: each trains, with the
// parameter count of the reference implementation, and repeats exactly.
TEST(Training, LiEtAlModelsTrainAnEpochOnCifarRecordsWithTheRecipe) {
  const std::string data = cifar_directory("training_cifar_data", 8, 4);
  const std::vector<std::pair<std::string, std::int64_t>> models = {
      {"vgg9", 2789706}, {"densenet121", 6956298}, {"wrn56-2", 3412394}, {"resnet20-noshort", 269722}};
  for (const auto& [model, parameters] : models) {
    TrainConfig c;
    c.model = model;
    c.dataset = "cifar10:" + data;
    c.normalize_channels = true;
    c.augment = "crop,flip";
    c.optimizer = "sgd", c.nesterov = true, c.momentum = 0.9, c.weight_decay = 5e-4;
    c.lr = 0.1, c.schedule = "milestones:1:0.1";
    c.batch_size = 4, c.epochs = 2, c.record_every = 0, c.threads = 2;
    c.out_dir = landscape::testing::fresh_temp_path("training_cifar_" + model);
    const TrainResult r = train(c, nullptr);
    EXPECT_EQ(r.parameters, parameters) << model;
    ASSERT_EQ(r.epochs, 2) << model;
    EXPECT_TRUE(std::isfinite(r.final_train_loss)) << model;
    EXPECT_DOUBLE_EQ(r.history[1].lr, 0.1) << model;  // epoch 0 at the base rate
    EXPECT_NEAR(r.history[2].lr, 0.01, 1e-15) << model;  // epoch 1 after the milestone
    EXPECT_EQ(read_run_config(c.out_dir).augment, "crop,flip");
    if (model == "vgg9") {  // the same options again: the same augmented batches, the same weights
      c.out_dir = landscape::testing::fresh_temp_path("training_cifar_again");
      const TrainResult again = train(c, nullptr);
      EXPECT_EQ(again.final_train_loss, r.final_train_loss);
      c.augment = "";
      c.out_dir = landscape::testing::fresh_temp_path("training_cifar_plain");
      EXPECT_NE(train(c, nullptr).final_train_loss, r.final_train_loss);
    }
  }
}

// BatchNorm cannot train on one sample: with 225 samples in batches of 32, a model with BatchNorm
// takes 7 steps an epoch (the last sample is left out); one without it takes 8.
TEST(Training, ALastBatchOfOneSampleIsLeftOutForBatchNorm) {
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_bn_one"));
  c.dataset = "synthetic:d=6,n=225,test=60,teacher=8,classes=3,seed=4";
  c.preact_norm = true;
  c.epochs = 2;
  std::ostringstream log;
  const TrainResult r = train(c, &log);
  ASSERT_EQ(r.epochs, 2);
  EXPECT_EQ(r.history[2].step, 14);
  EXPECT_NE(log.str().find("left out"), std::string::npos);
  c.preact_norm = false;
  c.out_dir = landscape::testing::fresh_temp_path("training_bn_one_plain");
  EXPECT_EQ(train(c, nullptr).history[2].step, 16);
}

TEST(Training, BadOptionsNameTheirFieldBeforeWritingAnything) {
  TrainConfig c = tiny_run(landscape::testing::fresh_temp_path("training_bad"));
  c.schedule = "step:x";
  EXPECT_EQ(field_of(c), "schedule");
  EXPECT_FALSE(fs::exists(c.out_dir));
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_epochs"));
  c.epochs = -1;
  EXPECT_EQ(field_of(c), "epochs");
  EXPECT_FALSE(fs::exists(c.out_dir));
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_activation"));
  c.activation = "tanh";
  EXPECT_EQ(field_of(c), "activation");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_arch"));
  c.arch = "5,12,3";  // the data have 6 features
  EXPECT_EQ(field_of(c), "arch");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_model"));
  c.model = "transformer";
  EXPECT_EQ(field_of(c), "model");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_loss"));
  c.dataset = "synthetic:d=6,n=40,test=10,teacher=4,classes=0,seed=1";  // regression targets
  c.arch = "6,4,1";
  c.loss = "ce";
  EXPECT_EQ(field_of(c), "loss");
  c.loss = "hinge";
  EXPECT_EQ(field_of(c), "loss");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_augment"));
  c.augment = "crop";  // the teacher data are vectors, not images
  EXPECT_EQ(field_of(c), "augment");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_augment_spelling"));
  c.augment = "rotate";
  EXPECT_EQ(field_of(c), "augment");
  EXPECT_FALSE(fs::exists(c.out_dir));
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_channels"));
  c.normalize_channels = true;
  EXPECT_EQ(field_of(c), "normalize_channels");
  c = tiny_run(landscape::testing::fresh_temp_path("training_bad_dataset"));
  c.dataset = "idx:/nonexistent";
  EXPECT_EQ(field_of(c), "dataset");
  c = tiny_run("");
  EXPECT_EQ(field_of(c), "out_dir");
}

// The multi-class hinge trains a classifier: its training loss and error fall.
TEST(Training, HingeLossTrainsAClassifier) {
  auto c = tiny_run(landscape::testing::fresh_temp_path("training_hinge"));
  c.loss = "hinge";
  c.epochs = 4;
  const auto r = train(c, nullptr);
  ASSERT_FALSE(r.diverged);
  EXPECT_LT(r.history.back().train_loss, 0.8 * r.history.front().train_loss);
  EXPECT_LT(r.history.back().train_error, r.history.front().train_error);
}

// Dropout (Lipton 2016): masks drawn from (seed, epoch, batch) alone, so a run repeats exactly
// and a resumed run ends where an uninterrupted one does; it changes the run (against no
// dropout); the evaluation is deterministic (no masks outside training).
TEST(Training, DropoutRunsRepeatAndResumeExactly) {
  auto with_dropout = [](const std::string& dir) {
    TrainConfig c = tiny_run(dir);
    c.dropout = 0.3;
    c.epochs = 3;
    return c;
  };
  const std::string a = landscape::testing::fresh_temp_path("dropout_a"), b = landscape::testing::fresh_temp_path("dropout_b"),
                    k = landscape::testing::fresh_temp_path("dropout_killed"), p = landscape::testing::fresh_temp_path("dropout_plain");
  const TrainResult ra = train(with_dropout(a), nullptr), rb = train(with_dropout(b), nullptr);
  EXPECT_EQ(read_trajectory(a + "/trajectory.h5").parameters, read_trajectory(b + "/trajectory.h5").parameters);
  EXPECT_EQ(ra.final_train_loss, rb.final_train_loss);
  TrainHooks hooks;
  hooks.stop_after_epoch = 1;
  train(with_dropout(k), nullptr, hooks);
  TrainConfig again = with_dropout(k);
  again.resume = true;
  train(again, nullptr);
  EXPECT_EQ(read_trajectory(a + "/trajectory.h5").parameters, read_trajectory(k + "/trajectory.h5").parameters);
  TrainConfig plain = with_dropout(p);
  plain.dropout = 0;
  train(plain, nullptr);
  EXPECT_NE(read_trajectory(a + "/trajectory.h5").parameters.back(), read_trajectory(p + "/trajectory.h5").parameters.back());
  TrainConfig bad = tiny_run(landscape::testing::fresh_temp_path("dropout_bad"));
  bad.dropout = 1;
  EXPECT_EQ(field_of(bad), "dropout");
}
