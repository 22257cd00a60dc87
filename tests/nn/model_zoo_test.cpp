// model_zoo.cpp: VGG-9 and DenseNet-121 against the parameter counts of the reference
// implementation of Li et al. 2018 (github.com/tomgoldstein/loss-landscape, cifar10/models/vgg.py
// and densenet.py, counted with PyTorch: sum(p.numel() for p in model.parameters())), their
// output shapes on CIFAR- and MNIST-sized images, every activation, and the shared order of their
// parameters (registration order, the reference's state_dict order).
#include "test_support.hpp"
#include "model_zoo.hpp"

#include <gtest/gtest.h>

#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::nn;

namespace {

ModelOptions image_model(const std::string& model, std::vector<std::int64_t> shape, int outputs,
                         const std::string& act = "relu") {
  ModelOptions o;
  o.model = model;
  o.input_shape = std::move(shape);
  o.outputs = outputs;
  o.act.activation = Activation::parse(act);
  return o;
}

}  // namespace

TEST(Vgg9, ParameterCountOfTheReferenceImplementation) {
  const auto vgg = make_model(image_model("vgg9", {3, 32, 32}, 10));
  EXPECT_EQ(parameter_count(*vgg), 2789706);
  // The closed form: 7 convolutions (3x3, with biases) with BN (2 per channel), the 4096-256
  // layer with BN, the classifier.
  std::int64_t p = 0, in = 3;
  for (std::int64_t c : {64, 64, 128, 128, 256, 256, 256}) p += in * c * 9 + c + 2 * c, in = c;
  p += 256 * 4 * 4 * 256 + 256 + 2 * 256 + 256 * 10 + 10;
  EXPECT_EQ(p, 2789706);
  EXPECT_EQ(vgg->forward(torch::randn({2, 3, 32, 32})).sizes(), (std::vector<std::int64_t>{2, 10}));
  // The first parameters are the first convolution's weight and bias, then its BN's (the
  // reference's features.0.weight, features.0.bias, features.1.weight, ...).
  const auto params = vgg->named_parameters();
  EXPECT_EQ(params[0].key(), "conv0.weight");
  EXPECT_EQ(params[0].value().sizes(), (std::vector<std::int64_t>{64, 3, 3, 3}));
  EXPECT_EQ(params[2].key(), "bn0.weight");
  EXPECT_EQ(params[params.size() - 1].key(), "classifier.bias");
  // On 28x28 one-channel images the pools round up (28, 14, 7, 4): the same 4x4 maps.
  const auto mnist = make_model(image_model("vgg9", {1, 28, 28}, 10));
  EXPECT_EQ(parameter_count(*mnist), 2789706 - 2 * 64 * 9);
  EXPECT_EQ(mnist->forward(torch::randn({3, 1, 28, 28})).sizes(), (std::vector<std::int64_t>{3, 10}));
}

TEST(DenseNet121, ParameterCountsOfTheReferenceImplementation) {
  const auto dense = make_model(image_model("densenet121", {3, 32, 32}, 10));
  EXPECT_EQ(parameter_count(*dense), 6956298);
  EXPECT_EQ(parameter_count(*make_model(image_model("densenet121", {3, 32, 32}, 100))), 7048548);  // CIFAR-100
  EXPECT_EQ(dense->forward(torch::randn({2, 3, 32, 32})).sizes(), (std::vector<std::int64_t>{2, 10}));
  const auto params = dense->named_parameters();
  EXPECT_EQ(params[0].key(), "conv1.weight");
  EXPECT_EQ(params[1].key(), "dense0.bn1.weight");
  EXPECT_EQ(params[params.size() - 1].key(), "linear.bias");
  EXPECT_EQ(params[params.size() - 1].value().numel(), 10);
  EXPECT_EQ(params[params.size() - 2].value().sizes(), (std::vector<std::int64_t>{10, 1024}));  // 1024 final channels
  EXPECT_NE(dense->describe().find("densenet121"), std::string::npos);
}

TEST(ModelZoo, EveryActivationIncludingPolynomials) {
  for (const char* act : {"relu", "softplus", "smoolu", "square", "poly:0,0.5,0.25"}) {
    for (const char* model : {"vgg9", "densenet121"}) {
      const auto m = make_model(image_model(model, {3, 32, 32}, 10, act));
      m->eval();
      const auto out = m->forward(torch::randn({2, 3, 32, 32}));
      EXPECT_TRUE(torch::isfinite(out).all().item<bool>()) << model << " " << act;
      EXPECT_NE(m->describe().find(Activation::parse(act).name), std::string::npos) << m->describe();
    }
  }
}

TEST(ModelZoo, VectorDataAreRefusedByField) {
  for (const char* model : {"vgg9", "densenet121"})
    EXPECT_EQ(landscape::testing::field_of_error([&] { make_model(image_model(model, {784}, 10)); }), "model") << model;
}
