// Weights from the algebra side (Cooper's memorization, `landscape memorize`) load into the
// LibTorch MLP through the shared weights file and fit the data to double precision; and a
// LibTorch MLP's weights file reads back in the algebra's order.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "landscape/algebra/memorization.hpp"
#include "landscape/nn/modules.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/weights_file.hpp"

using namespace landscape;

TEST(MemorizedWeights, LoadIntoTheMlpAndReproduceZeroTrainingLoss) {
  const NetSpec net = NetSpec::parse("3,12,2", Activation::parse("smoolu"), true);
  const RationalMatrix x = random_points(12, 3, 5), y = random_labels(12, 2, 6);
  const auto m = algebra::memorize(net, x, y, 60, 1);
  algebra::PrecisionScope precision(m.working_digits);
  WeightsFile w;
  w.arch = net.arch_text();
  w.activation = "smoolu";
  w.bias = true;
  for (const auto& v : m.parameters) w.parameters.push_back(algebra::to_decimal_string(v));
  const std::string path = ::testing::TempDir() + "memorized_" + std::to_string(::getpid()) + ".json";
  write_weights_file(path, w);

  const WeightsFile read = read_weights_file(path);
  auto model = nn::make_model(nn::mlp_options(read));
  model->to(torch::kFloat64);
  nn::load_weights(*model, read, path);
  auto inputs = torch::empty({12, 3}, torch::kFloat64), labels = torch::empty({12, 2}, torch::kFloat64);
  for (int i = 0; i < 12; ++i) {
    for (int k = 0; k < 3; ++k) inputs[i][k] = x[i][k].to_double();
    for (int k = 0; k < 2; ++k) labels[i][k] = y[i][k].to_double();
  }
  const double loss = (model->forward(inputs) - labels).pow(2).sum().item<double>();
  // Rounding 60-digit weights to doubles leaves residuals of a few ulps of the activations.
  EXPECT_LT(loss, 1e-20);
  // The labels are not trivially fitted: the same net at zero weights is far from them.
  nn::set_flat_parameters(*model, torch::zeros({nn::parameter_count(*model)}, torch::kFloat64));
  EXPECT_GT((model->forward(inputs) - labels).pow(2).sum().item<double>(), 1e-2);

  // Back: the LibTorch weights, written as a weights file, are the same numbers in the same order.
  nn::load_weights(*model, read, path);
  const WeightsFile out = nn::to_weights_file(*model, nn::mlp_options(read));
  ASSERT_EQ(out.parameters.size(), read.parameters.size());
  for (std::size_t k = 0; k < out.parameters.size(); ++k)
    EXPECT_EQ(std::stod(out.parameters[k]), std::stod(read.parameters[k])) << k;
  std::filesystem::remove(path);
}
