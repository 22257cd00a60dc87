// Tensors of the nets library's own (internal): data sets as tensors, parameter vectors to and
// from std::vector, the layer table of a model, and evaluation over a data set in chunks. Shared
// by training and the probes so that both see the same numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "landscape/data/datasets.hpp"
#include "landscape/nn/modules.hpp"
#include "landscape/nn/trajectory.hpp"

namespace landscape::nn {

// A data set on the run's device: inputs in the run's dtype, and int64 labels (classification)
// or targets in the run's dtype (regression).
struct DataTensors {
  torch::Tensor x, y;
  std::int64_t count = 0;
};

// The first `limit` samples of `samples` (0: all) as tensors, copied.
DataTensors to_tensors(data::Samples& samples, torch::Device device, torch::Dtype dtype, std::int64_t limit = 0);

// A tensor's values as doubles (on the CPU, row-major), and a double vector as a 1-D tensor.
std::vector<double> to_vector(const torch::Tensor& t);
torch::Tensor to_tensor(const std::vector<double>& values, const torch::TensorOptions& options);

// The model's parameters in the shared order: name, shape and offset in the flat vector.
std::vector<LayerInfo> layer_infos(torch::nn::Module& model);

// The summed loss and the summed errors (misclassified samples; for regression the squared error,
// see summed_loss) of the model as it is, over a whole set in chunks of `chunk` samples, without
// gradients. Each chunk's sums are added in double precision, in order.
struct LossSums {
  double loss = 0, errors = 0;
};
LossSums summed_over_chunks(Net& model, const DataTensors& set, LossKind loss, int outputs, std::int64_t chunk);

}  // namespace landscape::nn
