// tensor_utils.cpp: data sets as tensors, vectors to and from tensors, the layer table of a model,
// and chunked evaluation against a closed form.
#include "tensor_utils.hpp"  // internal: nets/nn/src

#include <gtest/gtest.h>

#include <cmath>

using namespace landscape;
using namespace landscape::nn;

namespace {

// Five samples of two features 0, 1, ..., 9 and labels 0, 1, 2, 0, 1.
data::Samples five_samples() {
  data::Samples s;
  s.count = 5;
  s.shape = {2};
  for (int k = 0; k < 10; ++k) s.inputs.push_back(static_cast<float>(k));
  s.labels = {0, 1, 2, 0, 1};
  s.classes = s.outputs = 3;
  return s;
}

}  // namespace

TEST(TensorUtils, VectorsRoundTripRowMajor) {
  const auto t = torch::tensor({{0.5f, 1.25f}, {-2.0f, 3.0f}});
  EXPECT_EQ(to_vector(t), (std::vector<double>{0.5, 1.25, -2, 3}));
  EXPECT_EQ(to_vector(t.t()), (std::vector<double>{0.5, -2, 1.25, 3}));  // a transposed view
  const auto back = to_tensor({0.1, 2}, torch::TensorOptions().dtype(torch::kFloat32));
  EXPECT_EQ(back.scalar_type(), torch::kFloat32);
  EXPECT_EQ(to_vector(back), (std::vector<double>{static_cast<double>(0.1f), 2}));
}

TEST(TensorUtils, LayerInfosFollowTheSharedOrder) {
  ModelOptions o;
  o.arch = "3,5,2";
  o.outputs = 2;
  auto model = make_model(o);
  const auto layers = layer_infos(*model);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0].name, "fc0.weight");
  EXPECT_EQ(layers[0].shape, (std::vector<std::int64_t>{5, 3}));
  EXPECT_EQ(layers[1].offset, 15);
  EXPECT_EQ(layers[2].offset, 20);
  EXPECT_EQ(layers[3].offset, 30);
  EXPECT_EQ(layers[3].offset + layers[3].size(), parameter_count(*model));
}

TEST(TensorUtils, ToTensorsKeepsTheFirstSamples) {
  auto s = five_samples();
  const auto all = to_tensors(s, torch::kCPU, torch::kFloat64);
  EXPECT_EQ(all.count, 5);
  EXPECT_EQ(all.x.scalar_type(), torch::kFloat64);
  EXPECT_EQ(all.y.scalar_type(), torch::kInt64);
  const auto first = to_tensors(s, torch::kCPU, torch::kFloat32, 3);
  EXPECT_EQ(first.count, 3);
  EXPECT_EQ(to_vector(first.x), (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(to_vector(first.y), (std::vector<double>{0, 1, 2}));
  s.inputs[0] = 99;  // a copy, not a view of the samples
  EXPECT_EQ(first.x[0][0].item<float>(), 0.0f);
  data::Samples r;  // regression targets
  r.count = 2;
  r.shape = {1};
  r.inputs = {1, 2};
  r.targets = {0.5f, -1.5f};
  r.outputs = 1;
  EXPECT_EQ(to_vector(to_tensors(r, torch::kCPU, torch::kFloat64).y), (std::vector<double>{0.5, -1.5}));
  // The exact kind's doubles: float64 tensors take them, float32 ones the floats.
  r.inputs64 = {1.0 / 3, 2.0 / 7};
  r.targets64 = {0.1, -0.3};
  EXPECT_EQ(to_vector(to_tensors(r, torch::kCPU, torch::kFloat64).x), (std::vector<double>{1.0 / 3, 2.0 / 7}));
  EXPECT_EQ(to_vector(to_tensors(r, torch::kCPU, torch::kFloat64).y), (std::vector<double>{0.1, -0.3}));
  EXPECT_EQ(to_vector(to_tensors(r, torch::kCPU, torch::kFloat32).x), (std::vector<double>{1, 2}));
}

TEST(TensorUtils, ChunkedSumsEqualTheClosedFormForAZeroModel) {
  // A linear model 2 -> 3 with zero weights: logits 0, so each sample's cross-entropy is ln 3 and
  // argmax picks class 0, wrong for the 3 samples labelled 1 or 2.
  ModelOptions o;
  o.arch = "2,3";
  o.outputs = 3;
  auto model = make_model(o);
  model->to(torch::kFloat64);
  set_flat_parameters(*model, torch::zeros({9}, torch::kFloat64));
  auto s = five_samples();
  const auto set = to_tensors(s, torch::kCPU, torch::kFloat64);
  for (std::int64_t chunk : {1, 2, 5, 4096}) {
    const LossSums sums = summed_over_chunks(*model, set, LossKind::CrossEntropy, 3, chunk);
    EXPECT_NEAR(sums.loss, 5 * std::log(3.0), 1e-14) << chunk;
    EXPECT_EQ(sums.errors, 3) << chunk;
  }
  // Squared error against one-hot targets: 1 per sample.
  EXPECT_EQ(summed_over_chunks(*model, set, LossKind::SquaredError, 3, 2).loss, 5);
  // Hinge: all outputs 0, so max(0, 1 + 0 - 0) = 1 per sample.
  EXPECT_EQ(summed_over_chunks(*model, set, LossKind::Hinge, 3, 2).loss, 5);
}
