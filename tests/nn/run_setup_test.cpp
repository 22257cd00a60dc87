// run_setup.cpp: a run's model options, data, optimizer, initial state, perturbation and threads.
#include "run_setup.hpp"  // internal: nets/nn/src

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "test_support.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/weights_file.hpp"

namespace fs = std::filesystem;
using namespace landscape;
using namespace landscape::nn;

namespace {

std::shared_ptr<Net> mlp(const std::string& arch, int outputs) {
  ModelOptions o;
  o.arch = arch;
  o.outputs = outputs;
  auto model = make_model(o);
  model->to(torch::kFloat64);
  return model;
}

}  // namespace

TEST(ModelOptions, DefaultArchitectureIsInputs256Classes) {
  data::Samples train;
  train.shape = {1, 2, 3};
  train.outputs = 4;
  TrainConfig c;
  c.activation = "poly:0,1,1";
  c.clamp = 2.5;
  c.bias = false;
  const ModelOptions o = model_options(c, train);
  EXPECT_EQ(o.arch, "6,256,4");
  EXPECT_EQ(o.outputs, 4);
  EXPECT_EQ(o.input_shape, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(o.act.activation.degree(), 2);
  EXPECT_EQ(o.act.clamp, 2.5);
  EXPECT_FALSE(o.bias);
  c.arch = "6,5,4";
  EXPECT_EQ(model_options(c, train).arch, "6,5,4");
}

TEST(LoadRunData, StandardizesWithTrainingStatisticsWhenAsked) {
  TrainConfig c;
  c.dataset = "synthetic:d=3,n=200,test=50,teacher=4,classes=2,seed=1";
  c.normalize_input = true;
  const data::DataSplit split = load_run_data(c);
  ASSERT_EQ(split.train.count, 200);
  for (int k = 0; k < 3; ++k) {
    double mean = 0, squares = 0;
    for (std::int64_t i = 0; i < 200; ++i) {
      const double v = split.train.inputs[static_cast<std::size_t>(3 * i + k)];
      mean += v / 200;
      squares += v * v / 200;
    }
    EXPECT_NEAR(mean, 0, 1e-6) << k;
    EXPECT_NEAR(squares, 1, 1e-5) << k;
  }
  c.normalize_input = false;
  EXPECT_EQ(load_run_data(c).train.inputs, data::load(c.dataset, c.seed).train.inputs);
}

TEST(PerturbLayerwise, NoiseHasTheRequestedScalePerTensor) {
  torch::manual_seed(4);
  auto model = mlp("100,50,10", 10);
  const auto before = model->parameters();
  std::vector<torch::Tensor> original;
  for (const auto& p : before) original.push_back(p.detach().clone());
  perturb_layerwise(*model, 0.1, 3);
  const auto after = model->parameters();
  for (std::size_t i = 0; i < after.size(); ++i) {
    const auto n = static_cast<double>(after[i].numel());
    if (n < 50) continue;  // too few draws for a sharp test
    const auto noise = after[i].detach() - original[i];
    // sigma = 0.1 std(T): the sample standard deviation of n draws is sigma within 4 standard
    // errors, 4 / sqrt(2n) relative (5,000 draws: 4 percent).
    const double ratio = noise.std().item<double>() / (0.1 * original[i].std().item<double>());
    EXPECT_NEAR(ratio, 1.0, 4 / std::sqrt(2 * n)) << i;
  }
  auto again = mlp("100,50,10", 10);
  set_flat_parameters(*again, torch::cat([&] {
                        std::vector<torch::Tensor> flat;
                        for (const auto& t : original) flat.push_back(t.reshape(-1));
                        return flat;
                      }()));
  perturb_layerwise(*again, 0.1, 3);  // seeded: the same noise
  EXPECT_TRUE(torch::equal(flat_parameters(*again), flat_parameters(*model)));
  // Relative to the mean magnitude (Liao & Poggio 2017, App. E): sigma = 0.1 mean |T|.
  set_flat_parameters(*again, torch::cat([&] {
                        std::vector<torch::Tensor> flat;
                        for (const auto& t : original) flat.push_back(t.reshape(-1));
                        return flat;
                      }()));
  perturb_layerwise(*again, 0.1, 3, true);
  const auto moved = again->parameters();
  for (std::size_t i = 0; i < moved.size(); ++i) {
    const auto n = static_cast<double>(moved[i].numel());
    if (n < 50) continue;
    const auto noise = moved[i].detach() - original[i];
    const double ratio = noise.std().item<double>() / (0.1 * original[i].abs().mean().item<double>());
    EXPECT_NEAR(ratio, 1.0, 4 / std::sqrt(2 * n)) << i;
    // The same draws as the std scale, rescaled: the two noises are proportional.
    const auto by_std = after[i].detach() - original[i];
    const double k = original[i].abs().mean().item<double>() / original[i].std().item<double>();
    EXPECT_TRUE(torch::allclose(noise, by_std * k, 1e-5, 1e-7)) << i;
  }
}

TEST(MakeOptimizer, BuildsTheConfiguredOptimizer) {
  auto model = mlp("2,3,1", 1);
  TrainConfig c;
  c.lr = 0.2;
  c.momentum = 0.5;
  c.nesterov = true;
  c.weight_decay = 0.01;
  auto sgd = make_optimizer(c, *model);
  auto* s = dynamic_cast<torch::optim::SGD*>(sgd.get());
  ASSERT_NE(s, nullptr);
  const auto& o = static_cast<const torch::optim::SGDOptions&>(s->defaults());
  EXPECT_EQ(o.lr(), 0.2);
  EXPECT_EQ(o.momentum(), 0.5);
  EXPECT_TRUE(o.nesterov());
  EXPECT_EQ(o.weight_decay(), 0.01);
  set_lr(*sgd, 0.05);
  for (auto& group : sgd->param_groups()) EXPECT_EQ(group.options().get_lr(), 0.05);
  c.optimizer = "adam";
  EXPECT_NE(dynamic_cast<torch::optim::Adam*>(make_optimizer(c, *model).get()), nullptr);
  c.optimizer = "rmsprop";
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_optimizer(c, *model); }), "optimizer");
}

TEST(LoadInit, FromAWeightsFileOrARunDirectory) {
  auto model = mlp("2,3,1", 1);  // 13 parameters
  WeightsFile w;
  w.arch = "2,3,1";
  w.activation = "relu";
  for (int k = 0; k < 13; ++k) w.parameters.push_back(std::to_string(k) + "/4");
  TrainConfig c;
  c.init = landscape::testing::fresh_temp_path("setup_init.json");
  write_weights_file(c.init, w);
  load_init(*model, c, torch::kCPU);
  EXPECT_EQ(flat_parameters(*model)[5].item<double>(), 1.25);
  c.model = "dcnn";
  EXPECT_EQ(landscape::testing::field_of_error([&] { load_init(*model, c, torch::kCPU); }), "init");

  const std::string dir = landscape::testing::fresh_temp_path("setup_init_run");
  fs::create_directories(dir);
  {
    TrajectoryWriter t(dir + "/trajectory.h5", {{"all", {13}, 0}}, 0, true);
    t.append(0, 0, std::vector<double>(13, 1.0), {});
    t.append(1, 4, std::vector<double>(13, 2.0), {});
  }
  c.init = dir + "@0";
  load_init(*model, c, torch::kCPU);
  EXPECT_EQ(flat_parameters(*model)[12].item<double>(), 1.0);
  c.init = dir;  // the final state
  load_init(*model, c, torch::kCPU);
  EXPECT_EQ(flat_parameters(*model)[12].item<double>(), 2.0);
}

TEST(Threads, AutoIsOneForTheMlpAndEveryCoreOtherwise) {
  EXPECT_EQ(run_threads("mlp", 0), 1);
  EXPECT_EQ(run_threads("dcnn", 0), 0);
  EXPECT_EQ(run_threads("resnet20", 3), 3);
  const int before = torch::get_num_threads();
  set_threads(2);
  EXPECT_EQ(torch::get_num_threads(), 2);
  set_threads(before);
}

// The names come in the flat parameter order: weight then bias per layer, and without biases
// only the weights; a bad config throws as train() would.
TEST(ParameterNames, FollowTheFlatParameterOrder) {
  TrainConfig c;
  c.dataset = "synthetic:d=3,n=20,test=5,teacher=4,classes=2,seed=1";
  c.arch = "3,5,2";
  EXPECT_EQ(parameter_names(c), (std::vector<std::string>{"fc0.weight", "fc0.bias", "fc1.weight", "fc1.bias"}));
  c.bias = false;
  EXPECT_EQ(parameter_names(c), (std::vector<std::string>{"fc0.weight", "fc1.weight"}));
  c.lr = -1;
  EXPECT_THROW(parameter_names(c), FieldError);
}
