// LibTorch side: activations against closed forms, the MLP against the spec's own forward pass
// (the shared parameter order), autograd against finite differences, parameter counts against
// closed forms, HDF5 trajectories, and training runs (resume = uninterrupted, divergence).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "landscape/nn/modules.hpp"
#include "landscape/nn/training.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/random.hpp"

namespace fs = std::filesystem;
using namespace landscape;
using namespace landscape::nn;

namespace {

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("landscape_nn_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  return dir.string();
}

torch::Tensor grid() { return torch::linspace(-3, 3, 61, torch::kFloat64); }

ModelOptions mlp(const std::string& arch, const std::string& act) {
  ModelOptions o;
  o.arch = arch;
  o.act.activation = landscape::Activation::parse(act);
  o.outputs = std::stoi(arch.substr(arch.rfind(',') + 1));
  return o;
}

// Central differences of f at every parameter against autograd; the largest relative error.
double gradient_error(Net& model, const std::function<torch::Tensor()>& loss) {
  model.zero_grad();
  loss().backward();
  const torch::Tensor grad = torch::cat([&] {
    std::vector<torch::Tensor> g;
    for (auto& p : model.parameters()) g.push_back(p.grad().reshape(-1));
    return g;
  }());
  torch::Tensor w = flat_parameters(model).clone();
  double worst = 0;
  const double h = 1e-6;
  torch::NoGradGuard guard;
  for (std::int64_t k = 0; k < w.numel(); ++k) {
    auto plus = w.clone(), minus = w.clone();
    plus[k] += h;
    minus[k] -= h;
    set_flat_parameters(model, plus);
    const double fp = loss().item<double>();
    set_flat_parameters(model, minus);
    const double fm = loss().item<double>();
    const double fd = (fp - fm) / (2 * h);
    worst = std::max(worst, std::abs(fd - grad[k].item<double>()) / std::max(1.0, std::abs(fd)));
  }
  set_flat_parameters(model, w);
  return worst;
}

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

}  // namespace

TEST(Activations, MatchClosedForms) {
  const auto z = grid();
  const double* p = z.data_ptr<double>();
  auto check = [&](const std::string& name, const std::function<double(double)>& f) {
    const auto a = landscape::Activation::parse(name);
    const auto y = activate(a, z);
    for (std::int64_t k = 0; k < z.numel(); ++k) EXPECT_NEAR(y[k].item<double>(), f(p[k]), 1e-12) << name << " at " << p[k];
  };
  check("relu", [](double x) { return x > 0 ? x : 0; });
  check("square", [](double x) { return x * x; });
  check("poly:1/2,-1,0,3/4", [](double x) { return 0.5 - x + 0.75 * x * x * x; });
  check("smoolu", [](double x) { return x > 0 ? x * std::exp(-1 / x) : 0; });
  check("softplus", [](double x) { return std::log1p(std::exp(x)); });
  check("rectpow:3", [](double x) { return x > 0 ? x * x * x : 0; });
}

TEST(Activations, SmooLUGradientIsFiniteEverywhere) {
  auto z = grid().requires_grad_(true);
  activate(landscape::Activation::parse("smoolu"), z).sum().backward();
  EXPECT_TRUE(torch::isfinite(z.grad()).all().item<bool>());
  EXPECT_DOUBLE_EQ(z.grad()[0].item<double>(), 0.0);
  // d/dz z e^{-1/z} = e^{-1/z} (1 + 1/z) at z = 3 (last grid point).
  EXPECT_NEAR(z.grad()[60].item<double>(), std::exp(-1.0 / 3) * (1 + 1.0 / 3), 1e-12);
}

TEST(Mlp, ForwardEqualsTheSpecsForwardInTheSharedParameterOrder) {
  torch::manual_seed(1);
  const auto o = mlp("3,5,4,2", "poly:0,1,1/2");
  auto model = make_model(o);
  model->to(torch::kFloat64);
  const NetSpec spec = NetSpec::parse("3,5,4,2", o.act.activation, true);
  ASSERT_EQ(parameter_count(*model), static_cast<std::int64_t>(spec.parameter_count()));
  const torch::Tensor w = flat_parameters(*model);
  const std::vector<double> params(w.data_ptr<double>(), w.data_ptr<double>() + w.numel());
  const torch::Tensor x = torch::randn({7, 3}, torch::kFloat64);
  const torch::Tensor y = model->forward(x);
  for (int i = 0; i < 7; ++i) {
    const std::vector<double> xi = {x[i][0].item<double>(), x[i][1].item<double>(), x[i][2].item<double>()};
    const auto expected = landscape::forward(spec, params, xi);
    for (int k = 0; k < 2; ++k) EXPECT_NEAR(y[i][k].item<double>(), expected[k], 1e-12);
  }
  // Names in the same order as the layout: fc0.weight = w1_*, fc0.bias = b1_*, ...
  const auto named = model->named_parameters();
  EXPECT_EQ(named.keys(), (std::vector<std::string>{"fc0.weight", "fc0.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}));
}

TEST(Autograd, GradientsMatchFiniteDifferences) {
  torch::manual_seed(2);
  {
    auto model = make_model(mlp("3,4,2", "smoolu"));
    model->to(torch::kFloat64);
    const auto x = torch::randn({5, 3}, torch::kFloat64), t = torch::randn({5, 2}, torch::kFloat64);
    EXPECT_LT(gradient_error(*model, [&] { return (model->forward(x) - t).pow(2).sum(); }), 1e-7);
  }
  {
    ModelOptions o;
    o.model = "dcnn";
    o.channels = {2, 3};
    o.input_shape = {1, 6, 6};
    o.outputs = 3;
    o.act.activation = landscape::Activation::parse("softplus");
    auto model = make_model(o);
    model->to(torch::kFloat64);
    model->train();  // BatchNorm with batch statistics: still a smooth function of the weights
    const auto x = torch::randn({4, 1, 6, 6}, torch::kFloat64);
    const auto y = torch::tensor({0, 2, 1, 2}, torch::kInt64);
    EXPECT_LT(gradient_error(*model, [&] { return torch::nn::functional::cross_entropy(model->forward(x), y); }), 1e-7);
  }
}

TEST(Models, ParameterCountsMatchClosedForms) {
  ModelOptions o;
  o.input_shape = {1, 28, 28};
  o.outputs = 10;
  o.model = "dcnn";  // channels 16, 32, 64, 128 then 10: 3x3 kernels with biases, BN without parameters
  std::int64_t dcnn = 0, in = 1;
  for (std::int64_t out : {16, 32, 64, 128, 10}) dcnn += in * out * 9 + out, in = out;
  EXPECT_EQ(dcnn, 108682);
  EXPECT_EQ(parameter_count(*make_model(o)), dcnn);
  EXPECT_EQ(make_model(o)->forward(torch::zeros({2, 1, 28, 28})).sizes(), (std::vector<std::int64_t>{2, 10}));

  // ResNet-20 on 3-channel input: stem, 3 stages of 3 blocks, fc; BN has 2 parameters per channel.
  o.input_shape = {3, 32, 32};
  auto resnet = [&](int n, bool shortcut) {
    std::int64_t p = 3 * 16 * 9 + 2 * 16, c_in = 16;
    for (std::int64_t c : {16, 32, 64})
      for (int b = 0; b < n; ++b) {
        p += c_in * c * 9 + 2 * c + c * c * 9 + 2 * c;
        if (shortcut && c_in != c) p += c_in * c + 2 * c;  // 1x1 projection + BN
        c_in = c;
      }
    return p + 64 * 10 + 10;
  };
  o.model = "resnet20";
  EXPECT_EQ(parameter_count(*make_model(o)), resnet(3, true));
  o.model = "resnet20-noshort";
  EXPECT_EQ(parameter_count(*make_model(o)), resnet(3, false));
  o.model = "resnet56";
  EXPECT_EQ(parameter_count(*make_model(o)), resnet(9, true));
  o.model = "resnet21";
  EXPECT_THROW(make_model(o), InputError);
}

TEST(Trajectory, WritesReadsAndTruncatesForResume) {
  const std::string dir = temp_dir("trajectory");
  fs::create_directories(dir);
  const std::string path = dir + "/t.h5";
  std::vector<LayerInfo> layers = {{"a.weight", {2, 3}, 0}, {"a.bias", {2}, 6}};
  {
    TrajectoryWriter w(path, layers, 1, true);
    for (int r = 0; r < 4; ++r) {
      std::vector<double> p(8);
      for (int k = 0; k < 8; ++k) p[k] = 10 * r + k + 0.25;
      w.append(r * 0.5, 3 * r, p, {double(-r)});
    }
  }
  auto t = read_trajectory(path);
  ASSERT_EQ(t.parameters.size(), 4u);
  EXPECT_DOUBLE_EQ(t.parameters[2][5], 25.25);
  EXPECT_DOUBLE_EQ(t.epoch[3], 1.5);
  EXPECT_EQ(t.step[3], 9);
  EXPECT_DOUBLE_EQ(t.buffers[3][0], -3);
  ASSERT_EQ(t.layers.size(), 2u);
  EXPECT_EQ(t.layers[0].name, "a.weight");
  EXPECT_EQ(t.layers[0].shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(t.layers[1].offset, 6);
  {
    TrajectoryWriter w(path, layers, 1, true, 2);  // resume after record 2
    w.append(9, 99, std::vector<double>(8, 1.0), {7.0});
  }
  t = read_trajectory(path);
  ASSERT_EQ(t.parameters.size(), 3u);
  EXPECT_DOUBLE_EQ(t.epoch[2], 9);
  EXPECT_DOUBLE_EQ(t.parameters[1][0], 10.25);
  std::ofstream(dir + "/not.h5") << "plain text";
  EXPECT_THROW(read_trajectory(dir + "/not.h5"), InputError);
}

TEST(Training, ResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne) {
  const std::string a = temp_dir("whole"), b = temp_dir("killed");
  const TrainResult whole = train(tiny_run(a), nullptr);
  EXPECT_EQ(whole.epochs, 4);
  TrainConfig first = tiny_run(b);
  first.stop_after_epoch = 2;
  train(first, nullptr);
  EXPECT_FALSE(fs::exists(b + "/weights.pt"));
  TrainConfig again = tiny_run(b);
  EXPECT_THROW(train(again, nullptr), InputError);  // a run is there: --resume or another --out
  again.resume = true;
  const TrainResult resumed = train(again, nullptr);
  EXPECT_TRUE(resumed.resumed);
  EXPECT_EQ(resumed.resumed_from_epoch, 2);
  const auto ta = read_trajectory(a + "/trajectory.h5"), tb = read_trajectory(b + "/trajectory.h5");
  ASSERT_EQ(ta.parameters.size(), 5u);
  ASSERT_EQ(tb.parameters.size(), 5u);
  for (std::size_t r = 0; r < 5; ++r) EXPECT_EQ(ta.parameters[r], tb.parameters[r]) << "record " << r;
  EXPECT_EQ(resumed.final_test_error, whole.final_test_error);
  // Different options are refused.
  TrainConfig changed = tiny_run(b);
  changed.resume = true;
  changed.lr = 0.1;
  EXPECT_THROW(train(changed, nullptr), InputError);
}

TEST(Training, LearnsTheTeacherAndStopsAtTheTargetError) {
  TrainConfig c = tiny_run(temp_dir("target"));
  c.epochs = 200;
  c.target_error = 0.2;
  const TrainResult r = train(c, nullptr);
  EXPECT_LT(r.epochs, 200);
  EXPECT_LE(r.final_train_error, 0.2);
  EXPECT_LT(r.history.back().train_loss, r.history.front().train_loss);
}

TEST(Training, ADivergingPolynomialNetStopsWithTheCheckpointBeforeIt) {
  TrainConfig c = tiny_run(temp_dir("diverge"));
  c.arch = "6,12,12,12,3";
  c.activation = "poly:0,1,0,0,0,1";  // z + z^5 through three layers
  c.lr = 5.0;
  c.epochs = 3;
  const TrainResult r = train(c, nullptr);
  ASSERT_TRUE(r.diverged);
  EXPECT_NE(r.divergence.find("diverged"), std::string::npos);
  EXPECT_NE(r.divergence.find("--preact-norm"), std::string::npos);
  EXPECT_TRUE(fs::exists(c.out_dir + "/checkpoint.pt"));
  EXPECT_FALSE(fs::exists(c.out_dir + "/weights.pt"));
  EXPECT_EQ(r.epochs, static_cast<int>(r.history.size()) - 1);
}

TEST(Training, BadOptionsAreInputErrors) {
  TrainConfig c = tiny_run(temp_dir("bad"));
  c.schedule = "step:x";
  EXPECT_THROW(train(c, nullptr), InputError);
  c = tiny_run(temp_dir("bad2"));
  c.arch = "5,12,3";  // the data have 6 features
  EXPECT_THROW(train(c, nullptr), InputError);
  c = tiny_run(temp_dir("bad3"));
  c.activation = "tanh";
  EXPECT_THROW(train(c, nullptr), InputError);
  EXPECT_DOUBLE_EQ(scheduled_lr("step:2:0.5", 1.0, 5, 10), 0.25);
  EXPECT_NEAR(scheduled_lr("cosine", 1.0, 5, 10), 0.5, 1e-15);
}
