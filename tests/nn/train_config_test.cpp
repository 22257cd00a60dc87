// train_config.cpp: config.json round trips, and is_valid / validate naming each bad field with
// its value and rule.
#include "landscape/nn/train_config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

#include <filesystem>
#include <string>
#include <unistd.h>

using landscape::nn::TrainConfig;

namespace {

TrainConfig valid() {
  TrainConfig c;
  c.out_dir = "/tmp/run";
  return c;
}

// The message of is_valid for the valid config changed by `change`.
std::string problem(const std::function<void(TrainConfig&)>& change) {
  TrainConfig c = valid();
  change(c);
  std::string error;
  EXPECT_FALSE(c.is_valid(&error));
  return error;
}

}  // namespace

TEST(TrainConfig, RoundTripsThroughItsJson) {
  TrainConfig c;
  c.model = "dcnn";
  c.arch = "784,64,10";
  c.activation = "poly:0,1,1/2";
  c.bias = false;
  c.channels = {4, 8};
  c.preact_norm = true;
  c.clamp = 3.5;
  c.dtype = "float64";
  c.init = "runs/a@2";
  c.perturb = 0.25;
  c.perturb_seed = 11;
  c.perturb_scale = "magnitude";
  c.dataset = "synthetic:d=6,n=40";
  c.normalize_input = true;
  c.augment = "crop,flip";
  c.optimizer = "adam";
  c.lr = 0.003;
  c.momentum = 0.5;
  c.weight_decay = 1e-4;
  c.nesterov = true;
  c.batch_size = 0;
  c.schedule = "step:3:0.5";
  c.loss = "mse";
  c.epochs = 17;
  c.target_error = 0.01;
  c.record_every = -1;
  c.divergence_loss = 1e6;
  c.seed = (1ULL << 63) + 5;  // beyond int64: kept as an unsigned number
  c.order_seed = 42;
  c.device = "cuda";
  c.dropout = 0.25;
  const auto j = c.to_json();
  EXPECT_EQ(j.size(), 32u);
  EXPECT_EQ(j["seed"].get<std::uint64_t>(), (1ULL << 63) + 5);
  const TrainConfig back = TrainConfig::from_json(nlohmann::json::parse(j.dump()), "config.json");
  EXPECT_EQ(back.to_json(), j);
  EXPECT_EQ(back.channels, (std::vector<int>{4, 8}));
  EXPECT_EQ(back.record_every, -1);
  EXPECT_EQ(back.lr, 0.003);
  EXPECT_EQ(back.augment, "crop,flip");
  EXPECT_EQ(back.dropout, 0.25);
  EXPECT_FALSE(back.normalize_channels);
  // What config.json does not hold keeps its default.
  EXPECT_TRUE(back.out_dir.empty());
  EXPECT_EQ(back.threads, 0);
  EXPECT_FALSE(back.resume);
}

TEST(TrainConfig, OlderConfigsWithoutPerturbOrOrderSeedRead) {
  auto j = valid().to_json();
  for (const char* key : {"perturb", "perturb_seed", "perturb_scale", "order_seed", "augment", "normalize_channels"}) j.erase(key);
  const TrainConfig c = TrainConfig::from_json(j, "old.json");
  EXPECT_EQ(c.augment, "");
  EXPECT_FALSE(c.normalize_channels);
  EXPECT_EQ(c.perturb, 0);
  EXPECT_EQ(c.perturb_scale, "std");
  EXPECT_EQ(c.order_seed, -1);
  j.erase("lr");
  try {
    TrainConfig::from_json(j, "old.json");
    FAIL() << "read a config without lr";
  } catch (const landscape::InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("old.json: not a run configuration", 0), 0u) << e.what();
  }
}

TEST(TrainConfig, DefaultsWithARunDirectoryAreValid) {
  std::string error = "untouched";
  EXPECT_TRUE(valid().is_valid(&error));
  EXPECT_EQ(error, "untouched");
  EXPECT_TRUE(valid().is_valid(nullptr));
  EXPECT_NO_THROW(valid().validate());
  TrainConfig c = valid();
  c.batch_size = 0;        // full batch
  c.record_every = -1;     // auto
  c.target_error = -1;     // off
  c.model = "mlp";
  c.channels = {0};        // unused by the mlp
  EXPECT_TRUE(c.is_valid(nullptr));
}

TEST(TrainConfig, IsValidNamesTheFieldItsValueAndTheRule) {
  EXPECT_EQ(problem([](TrainConfig& c) { c.epochs = -1; }), "epochs -1: must be >= 0");
  EXPECT_EQ(problem([](TrainConfig& c) { c.batch_size = -3; }), "batch_size -3: must be >= 1, or 0 for the full batch");
  EXPECT_EQ(problem([](TrainConfig& c) { c.lr = 0; }), "lr 0: must be a positive number");
  EXPECT_EQ(problem([](TrainConfig& c) { c.lr = std::numeric_limits<double>::infinity(); }), "lr inf: must be a positive number");
  EXPECT_EQ(problem([](TrainConfig& c) { c.momentum = 1; }), "momentum 1: must be in [0, 1)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.momentum = 0, c.nesterov = true; }), "nesterov needs momentum > 0 (momentum is 0)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.weight_decay = -0.5; }), "weight_decay -0.5: must be >= 0");
  EXPECT_EQ(problem([](TrainConfig& c) { c.clamp = -2; }), "clamp -2: must be >= 0 (0: no clamp)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.perturb = -1; }), "perturb -1: must be a finite number >= 0");
  EXPECT_EQ(problem([](TrainConfig& c) { c.perturb_scale = "max"; }), "perturb_scale 'max': expected std or magnitude");
  EXPECT_EQ(problem([](TrainConfig& c) { c.optimizer = "lbfgs"; }), "optimizer 'lbfgs': expected sgd or adam");
  EXPECT_EQ(problem([](TrainConfig& c) { c.loss = "l1"; }), "loss 'l1': expected auto, ce, mse or hinge");
  EXPECT_EQ(problem([](TrainConfig& c) { c.dtype = "half"; }), "dtype 'half': expected float32 or float64");
  EXPECT_EQ(problem([](TrainConfig& c) { c.device = "tpu"; }), "device 'tpu': expected cpu or cuda");
  EXPECT_EQ(problem([](TrainConfig& c) { c.out_dir.clear(); }), "out_dir is required (the run directory)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.schedule = "step:2"; }),
            "schedule 'step:2': expected constant, cosine, step:EVERY:GAMMA (e.g. step:30:0.1) or "
            "milestones:E1,E2,...:GAMMA (e.g. milestones:150,225,275:0.1)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.model = "vgg16"; }).rfind("model 'vgg16': unknown model (expected mlp, dcnn, ", 0), 0u);
  EXPECT_EQ(landscape::nn::parse_model_name("wrn56-4-noshort")->width, 4);
  EXPECT_FALSE(landscape::nn::parse_model_name("wrn56-4-noshort")->shortcut);
  EXPECT_EQ(landscape::nn::parse_model_name("resnet110")->depth, 110);
  EXPECT_EQ(landscape::nn::parse_model_name("densenet121")->family, "densenet121");
  for (const char* bad : {"resnet21", "wrn56", "wrn56-0", "resnet56-2", "resnet", "vgg", "wrn56-65"})
    EXPECT_FALSE(landscape::nn::parse_model_name(bad)) << bad;
  EXPECT_EQ(problem([](TrainConfig& c) { c.schedule = "milestones:5,3:0.1"; }),
            "schedule 'milestones:5,3:0.1': the milestones must increase (5 then 3)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.augment = "crop,blur"; }),
            "augment 'crop,blur': unknown augmentation 'blur' (expected crop, flip or crop,flip)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.normalize_input = c.normalize_channels = true; }),
            "normalize_channels true: choose one of normalize_input (per feature) and normalize_channels");
  EXPECT_EQ(problem([](TrainConfig& c) { c.activation = "poly:1"; }),
            "activation 'poly:1': a polynomial activation needs degree >= 1 (a non-zero c1..cl)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.arch = "6,,3"; }),
            "arch '6,,3': '' is not a positive width (expected d0,d1,...,dL or tree4)");
  EXPECT_EQ(problem([](TrainConfig& c) { c.arch = "tree4"; }), "arch 'tree4': model mlp needs fully connected widths d0,...,dL");
  EXPECT_EQ(problem([](TrainConfig& c) { c.model = "dcnn", c.channels = {}; }),
            "channels empty: the dcnn needs at least one hidden layer");
  EXPECT_EQ(problem([](TrainConfig& c) { c.model = "dcnn", c.channels = {8, 0}; }), "channels 0: every width must be >= 1");
}

TEST(TrainConfig, ValidateThrowsTheFieldError) {
  TrainConfig c = valid();
  c.batch_size = -1;
  try {
    c.validate();
    FAIL() << "no error";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "batch_size");
    EXPECT_EQ(e.rule(), "-1: must be >= 1, or 0 for the full batch");
  }
  c = valid();
  c.lr = std::nan("");
  EXPECT_THROW(c.validate(), landscape::FieldError);
}

// A run directory's config.json is read in one place: what to_json wrote comes back; a directory
// without one is a bad run_dir, a file that is not JSON a bad input.
TEST(TrainConfig, ReadRunConfigFromADirectory) {
  const std::string dir = ::testing::TempDir() + "run_config_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  TrainConfig c;
  c.lr = 0.125;
  c.arch = "6,12,3";
  landscape::write_file_atomically(dir + "/config.json", c.to_json().dump(2));
  const TrainConfig back = landscape::nn::read_run_config(dir);
  EXPECT_EQ(back.lr, 0.125);
  EXPECT_EQ(back.arch, "6,12,3");
  EXPECT_EQ(back.to_json(), c.to_json());
  try {
    landscape::nn::read_run_config(dir + "/nowhere");
    FAIL();
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "run_dir");
  }
  landscape::write_file_atomically(dir + "/config.json", "{not json");
  EXPECT_THROW(landscape::nn::read_run_config(dir), landscape::InputError);
}
