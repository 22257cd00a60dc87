// modules.cpp: activations against closed forms, the MLP against the spec's own forward pass (the
// shared parameter order), autograd against finite differences, parameter counts against closed
// forms and the reference implementation of Li et al. 2018 (ResNets, Wide-ResNets), losses against hand-computed values, weights files through an MLP and back.
#include "test_support.hpp"
#include "landscape/nn/modules.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "landscape/spec/error.hpp"
#include "landscape/spec/net_spec.hpp"

using namespace landscape;
using namespace landscape::nn;

namespace {

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

TEST(ActivationLayer, ClampsBeforeTheActivation) {
  ActivationLayer layer(ActivationOptions{landscape::Activation::parse("square"), 2.0});
  const auto y = layer(torch::tensor({-3.0, -1.0, 0.5, 5.0}, torch::kFloat64));
  EXPECT_EQ(std::vector<double>(y.data_ptr<double>(), y.data_ptr<double>() + 4), (std::vector<double>{4, 1, 0.25, 4}));
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
  // The counts of the reference implementation of Li et al. 2018 (cifar10/models/resnet.py of
  // github.com/tomgoldstein/loss-landscape, counted with PyTorch) and He et al.'s 0.27M, 1.7M.
  EXPECT_EQ(resnet(3, true), 272474);
  EXPECT_EQ(resnet(3, false), 269722);
  o.model = "resnet110";
  EXPECT_EQ(parameter_count(*make_model(o)), 1730714);
  // Wide-ResNet-56-k: every width times k (the reference's WRN56_2, WRN56_4, WRN56_2_noshort).
  o.model = "wrn56-2";
  const auto wide = make_model(o);
  EXPECT_EQ(parameter_count(*wide), 3412394);
  EXPECT_EQ(wide->describe(), "wrn56-2 (relu)");
  o.model = "wrn56-4";
  EXPECT_EQ(parameter_count(*make_model(o)), 13628234);
  o.model = "wrn56-2-noshort";
  EXPECT_EQ(parameter_count(*make_model(o)), 3401770);
  o.model = "wrn20-1";
  EXPECT_EQ(parameter_count(*make_model(o)), resnet(3, true));
}

TEST(Models, BadOptionsNameTheirField) {
  ModelOptions o = mlp("6,4,3", "relu");
  o.input_shape = {5};  // a sample of 5 values for an input layer of 6
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "arch");
  o = mlp("6,4,2", "relu");
  o.outputs = 3;
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "arch");
  o.arch = "tree4";
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "arch");
  for (const char* bad : {"resnet21", "wrn56", "wrn56-0", "wrn21-2", "wrn56-x", "resnet56-2", "resnet-noshort", "vgg16"}) {
    o.model = bad;  // resnet21: not 6n + 2
    EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "model") << bad;
  }
  o.model = "dcnn";
  o.input_shape = {6};
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "model");
  o.channels.clear();
  EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(o); }), "channels");
}

TEST(FlatParameters, RoundTripAndRefuseTheWrongLength) {
  auto model = make_model(mlp("2,3,1", "relu"));  // 6 + 3 + 3 + 1 = 13 parameters
  const auto planted = torch::arange(13, torch::kFloat32);
  set_flat_parameters(*model, planted);
  EXPECT_TRUE(torch::equal(flat_parameters(*model), planted));
  EXPECT_EQ(flat_parameters(*model)[6].item<float>(), 6.0f);  // fc0.bias[0] follows the 3 x 2 weights
  EXPECT_THROW(set_flat_parameters(*model, torch::zeros({12})), InputError);
  EXPECT_EQ(flat_buffers(*model).numel(), 0);
}

TEST(SummedLoss, MatchesHandComputedValues) {
  // Logits (0, ln 3) for class 1: softmax probability 3/4, loss ln(4/3); (ln 2, 0) for class 1:
  // probability 1/3, loss ln 3, and misclassified.
  const auto out = torch::tensor({{0.0, std::log(3.0)}, {std::log(2.0), 0.0}}, torch::kFloat64);
  const auto labels = torch::tensor({1, 1}, torch::kInt64);
  const auto ce = summed_loss(out, labels, LossKind::CrossEntropy, 2);
  EXPECT_NEAR(ce.sum.item<double>(), std::log(4.0 / 3) + std::log(3.0), 1e-15);
  EXPECT_EQ(ce.errors.item<double>(), 1);
  // Squared error against the one-hot (0, 1): (ln 3 - 1)^2 for the first sample, ln^2 2 + 1 for
  // the second.
  const double l3 = std::log(3.0), l2 = std::log(2.0);
  const auto mse = summed_loss(out, labels, LossKind::SquaredError, 2);
  EXPECT_NEAR(mse.sum.item<double>(), (l3 - 1) * (l3 - 1) + l2 * l2 + 1, 1e-15);
  // Multi-class hinge max(0, 1 + o_rival - o_y): the first sample's margin ln 3 exceeds 1, so it
  // costs nothing; the second costs 1 + ln 2 - 0.
  const auto hinge = summed_loss(out, labels, LossKind::Hinge, 2);
  EXPECT_NEAR(hinge.sum.item<double>(), 1 + l2, 1e-15);
  EXPECT_EQ(hinge.errors.item<double>(), 1);
  const auto wide = torch::tensor({{0.0, 1.5}, {5.0, 2.0}, {1.0, 0.0}}, torch::kFloat64);
  EXPECT_NEAR(summed_loss(wide, torch::tensor({1, 0, 1}, torch::kInt64), LossKind::Hinge, 2).sum.item<double>(), 0 + 0 + 2, 1e-15);
  // Regression: the squared error, also as "errors".
  const auto r = summed_loss(out, torch::zeros({2, 2}, torch::kFloat64), LossKind::SquaredError, 2);
  EXPECT_NEAR(r.sum.item<double>(), l3 * l3 + l2 * l2, 1e-15);
  EXPECT_NEAR(r.errors.item<double>(), l3 * l3 + l2 * l2, 1e-15);
}

TEST(WeightsFiles, AnMlpsWeightsFileLoadsBackExactly) {
  torch::manual_seed(3);
  const auto o = mlp("3,4,2", "square");
  auto model = make_model(o);
  model->to(torch::kFloat64);
  const WeightsFile w = to_weights_file(*model, o);
  EXPECT_EQ(w.parameters.size(), 3u * 4 + 4 + 4 * 2 + 2);
  const ModelOptions read = mlp_options(w);
  EXPECT_EQ(read.arch, "3,4,2");
  EXPECT_EQ(read.outputs, 2);
  auto copy = make_model(read);
  copy->to(torch::kFloat64);
  load_weights(*copy, w, "w.json");
  EXPECT_TRUE(torch::equal(flat_parameters(*copy), flat_parameters(*model)));  // 17 digits: exact
  WeightsFile exact = w;
  exact.parameters[0] = "1/3";
  load_weights(*copy, exact, "w.json");
  EXPECT_DOUBLE_EQ(flat_parameters(*copy)[0].item<double>(), 1.0 / 3);
  exact.parameters.pop_back();
  EXPECT_THROW(load_weights(*copy, exact, "w.json"), InputError);
}

// One-line descriptions name a long polynomial (a relu-approx of high degree) by its degree and
// interval instead of its thousands of digits; short activations keep their name.
TEST(Mlp, DescriptionsShortenLongPolynomials) {
  EXPECT_EQ(make_model(mlp("3,5,2", "poly:0,1,1/2"))->describe(), "mlp 3,5,2 (poly:0,1,1/2)");
  std::string text = "poly:0,1/2";
  for (int k = 2; k <= 40; ++k) text += ",1234567/" + std::to_string(k + 1000);
  EXPECT_EQ(make_model(mlp("3,5,2", text + "@2"))->describe(), "mlp 3,5,2 (polynomial of degree 40 on [-2, 2])");
}

// Dropout acts in training mode only: there it zeroes hidden units (the outputs change with the
// mask), in evaluation mode the net is the one without dropout.
TEST(Modules, DropoutOnlyWhileTraining) {
  ModelOptions o = mlp("4,32,3", "relu");
  torch::manual_seed(1);
  auto plain = make_model(o);
  o.dropout = 0.5;
  torch::manual_seed(1);
  auto dropped = make_model(o);
  plain->to(torch::kFloat64), dropped->to(torch::kFloat64);
  const auto x = torch::randn({5, 4}, torch::kFloat64);
  plain->eval(), dropped->eval();
  EXPECT_TRUE(torch::equal(plain->forward(x), dropped->forward(x)));
  dropped->train();
  torch::manual_seed(7);
  const auto y1 = dropped->forward(x);
  torch::manual_seed(7);
  EXPECT_TRUE(torch::equal(y1, dropped->forward(x)));  // the mask follows the generator
  EXPECT_FALSE(torch::equal(y1, plain->forward(x)));
}
