// checkpoint.cpp: metrics.csv text, the history in a checkpoint, the model and optimizer state
// through a checkpoint, the decision to resume, and a run's state from its trajectory.
#include "checkpoint.hpp"  // internal: nets/nn/src

#include <gtest/gtest.h>

#include <cmath>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace landscape;
using namespace landscape::nn;

namespace {

std::shared_ptr<Net> small_mlp(std::uint64_t seed) {
  torch::manual_seed(seed);
  ModelOptions o;
  o.arch = "2,3,1";
  o.outputs = 1;
  auto model = make_model(o);
  model->to(torch::kFloat64);
  return model;
}

// One SGD step on fixed data (so that momentum buffers exist).
void step(Net& model, torch::optim::Optimizer& optimizer) {
  const auto x = torch::tensor({{1.0, -2.0}, {0.5, 3.0}}, torch::kFloat64);
  const auto y = torch::tensor({{1.0}, {-1.0}}, torch::kFloat64);
  optimizer.zero_grad();
  (model.forward(x) - y).pow(2).sum().backward();
  optimizer.step();
}

const std::vector<EpochRecord> kHistory = {{0, 0, 0.05, 1.25, 0.5, 1.5, 0.75, 0.125},
                                           {1, 8, 0.025, 0.1234567890123, 0.25, 2.0 / 3, 0.5, 3.5, 0.75, 1.5}};

}  // namespace

TEST(MetricsCsv, HasTheHeaderAndTenSignificantDigits) {
  EXPECT_EQ(metrics_csv(kHistory),
            "epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds,grad_norm,displacement\n"
            "0,0,0.05,1.25,0.5,1.5,0.75,0.125,nan,nan\n"
            "1,8,0.025,0.123456789,0.25,0.6666666667,0.5,3.5,0.75,1.5\n");
  EXPECT_EQ(metrics_csv({}), "epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds,grad_norm,displacement\n");
}

TEST(HistoryTensor, RoundTripsEveryColumn) {
  const torch::Tensor t = history_tensor(kHistory);
  EXPECT_EQ(t.sizes(), (std::vector<std::int64_t>{2, 10}));
  EXPECT_EQ(t[1][1].item<double>(), 8);
  const auto back = history_from_tensor(t);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].epoch, 1);
  EXPECT_EQ(back[1].step, 8);
  EXPECT_EQ(back[1].train_loss, 0.1234567890123);
  EXPECT_EQ(back[1].test_loss, 2.0 / 3);
  EXPECT_EQ(back[1].seconds, 3.5);
  EXPECT_EQ(back[1].grad_norm, 0.75);
  EXPECT_EQ(back[1].displacement, 1.5);
  EXPECT_TRUE(std::isnan(back[0].grad_norm));
  // A checkpoint written before the last two columns existed: they read as NaN.
  const auto old = history_from_tensor(t.slice(1, 0, 8));
  ASSERT_EQ(old.size(), 2u);
  EXPECT_EQ(old[1].seconds, 3.5);
  EXPECT_TRUE(std::isnan(old[1].grad_norm) && std::isnan(old[1].displacement));
  EXPECT_THROW(history_from_tensor(t.slice(1, 0, 9)), landscape::InputError);
}

TEST(DifferingOptions, ListsChangedAddedAndRemovedKeysButNotEpochs) {
  const nlohmann::json saved = {{"a", 1}, {"epochs", 3}, {"lr", 0.1}, {"x", true}};
  const nlohmann::json now = {{"a", 1}, {"b", 2}, {"epochs", 5}, {"lr", 0.2}};
  EXPECT_EQ(differing_options(saved, now), (std::vector<std::string>{"b", "lr", "x"}));
  EXPECT_TRUE(differing_options({{"a", 1}, {"epochs", 3}}, {{"a", 1}, {"epochs", 9}}).empty());
  EXPECT_TRUE(differing_options({{"a", 1}, {"device", "cuda"}}, {{"a", 1}, {"device", "cpu"}}).empty());
}

TEST(Checkpoint, RestoresTheModelTheOptimizerAndThePosition) {
  const std::string dir = landscape::testing::fresh_temp_path("checkpoint_state");
  fs::create_directories(dir);
  auto model = small_mlp(1);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  step(*model, optimizer);
  const RunPosition saved{3, 24, 7, kHistory};
  save_checkpoint(dir, *model, optimizer, saved);
  EXPECT_EQ(read_text_file(dir + "/metrics.csv"), metrics_csv(kHistory));

  auto other = small_mlp(2);  // another initialization, no momentum yet
  torch::optim::SGD other_optimizer(other->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  const RunPosition loaded = load_checkpoint(dir, *other, other_optimizer, torch::kCPU);
  EXPECT_EQ(loaded.epoch, 3);
  EXPECT_EQ(loaded.step, 24);
  EXPECT_EQ(loaded.trajectory_rows, 7);
  ASSERT_EQ(loaded.history.size(), 2u);
  EXPECT_EQ(loaded.history[1].test_loss, 2.0 / 3);
  EXPECT_TRUE(torch::equal(flat_parameters(*other), flat_parameters(*model)));
  // The momentum buffers came along: the next step is the same.
  step(*model, optimizer);
  step(*other, other_optimizer);
  EXPECT_TRUE(torch::equal(flat_parameters(*other), flat_parameters(*model)));

  std::ofstream(dir + "/checkpoint.pt") << "torn";
  EXPECT_THROW(load_checkpoint(dir, *other, other_optimizer, torch::kCPU), InputError);
}

TEST(PrepareRunDirectory, StartsResumesOrRefuses) {
  TrainConfig c;
  c.out_dir = landscape::testing::fresh_temp_path("checkpoint_prepare");
  std::ostringstream log;
  EXPECT_FALSE(prepare_run_directory(c, &log));  // fresh: the directory is made
  EXPECT_TRUE(fs::is_directory(c.out_dir));
  EXPECT_TRUE(log.str().empty());

  c.resume = true;  // nothing to resume yet: from scratch, with a note
  EXPECT_FALSE(prepare_run_directory(c, &log));
  EXPECT_EQ(log.str(), "nothing to resume in " + c.out_dir + " (no checkpoint yet): starting from scratch\n");

  std::ofstream(c.out_dir + "/metrics.csv") << "epoch\n";
  c.resume = false;  // a run is there
  try {
    prepare_run_directory(c, nullptr);
    FAIL() << "no error";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "out_dir");
    EXPECT_NE(e.rule().find("already holds a run"), std::string::npos) << e.rule();
  }

  std::ofstream(c.out_dir + "/checkpoint.pt") << "x";
  write_file_atomically(c.out_dir + "/config.json", c.to_json().dump());
  c.resume = true;
  c.epochs = 50;  // more epochs: the same run, continued
  EXPECT_TRUE(prepare_run_directory(c, nullptr));
  // A config.json written before augment and normalize_channels existed: their defaults.
  auto old = c.to_json();
  old.erase("augment"), old.erase("normalize_channels");
  write_file_atomically(c.out_dir + "/config.json", old.dump());
  EXPECT_TRUE(prepare_run_directory(c, nullptr));
  c.lr = 0.5;
  try {
    prepare_run_directory(c, nullptr);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "resume: the options differ from the run in '" + c.out_dir + "' (lr)");
  }
}

TEST(LoadRunState, ReadsAnEpochOfTheTrajectoryOrTheFinalWeights) {
  const std::string dir = landscape::testing::fresh_temp_path("checkpoint_run_state");
  fs::create_directories(dir);
  auto model = small_mlp(1);
  const auto layers = std::vector<LayerInfo>{{"fc0.weight", {3, 2}, 0}, {"fc0.bias", {3}, 6},
                                             {"fc1.weight", {1, 3}, 9}, {"fc1.bias", {1}, 12}};
  {
    TrajectoryWriter w(dir + "/trajectory.h5", layers, 0, true);
    for (int r = 0; r < 3; ++r) {
      std::vector<double> p(13);
      for (int k = 0; k < 13; ++k) p[k] = 100 * r + k;
      w.append(0.5 * r, r, p, {});
    }
  }
  load_run_state(*model, dir, "0.5", torch::kCPU);
  EXPECT_EQ(flat_parameters(*model)[12].item<double>(), 112);
  load_run_state(*model, dir, "final", torch::kCPU);  // no weights.pt: the last row
  EXPECT_EQ(flat_parameters(*model)[3].item<double>(), 203);
  EXPECT_THROW(load_run_state(*model, dir, "2", torch::kCPU), InputError);
  EXPECT_THROW(load_run_state(*model, dir, "last", torch::kCPU), InputError);

  auto trained = small_mlp(5);
  torch::serialize::OutputArchive weights;
  trained->save(weights);
  save_archive_atomically(weights, dir + "/weights.pt");
  EXPECT_FALSE(fs::exists(dir + "/weights.pt.tmp"));
  load_run_state(*model, dir, "final", torch::kCPU);
  EXPECT_TRUE(torch::equal(flat_parameters(*model), flat_parameters(*trained)));
}
