#include "tensor_utils.hpp"

namespace landscape::nn {

DataTensors to_tensors(data::Samples& samples, torch::Device device, torch::Dtype dtype, std::int64_t limit) {
  DataTensors t;
  t.count = limit > 0 ? std::min(limit, samples.count) : samples.count;
  std::vector<std::int64_t> shape = {samples.count};
  shape.insert(shape.end(), samples.shape.begin(), samples.shape.end());
  auto first = [&](const torch::Tensor& all) { return all.slice(0, 0, t.count); };
  const bool exact = dtype == torch::kFloat64 && !samples.inputs64.empty();  // the exact kind's doubles
  t.x = exact ? first(torch::from_blob(samples.inputs64.data(), shape, torch::kFloat64)).to(device, dtype, false, true)
              : first(torch::from_blob(samples.inputs.data(), shape, torch::kFloat32)).to(device, dtype, false, true);
  if (samples.is_classification())
    t.y = first(torch::from_blob(samples.labels.data(), {samples.count}, torch::kInt64))
              .to(device, torch::kInt64, false, true);
  else
    t.y = (exact && !samples.targets64.empty()
               ? first(torch::from_blob(samples.targets64.data(), {samples.count, samples.outputs}, torch::kFloat64))
               : first(torch::from_blob(samples.targets.data(), {samples.count, samples.outputs}, torch::kFloat32)))
              .to(device, dtype, false, true);
  return t;
}

std::vector<double> to_vector(const torch::Tensor& t) {
  const auto c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

torch::Tensor to_tensor(const std::vector<double>& values, const torch::TensorOptions& options) {
  return torch::from_blob(const_cast<double*>(values.data()), {static_cast<std::int64_t>(values.size())}, torch::kFloat64)
      .to(options);
}

std::vector<LayerInfo> layer_infos(torch::nn::Module& model) {
  std::vector<LayerInfo> layers;
  std::int64_t offset = 0;
  for (const auto& item : model.named_parameters()) {
    LayerInfo l{item.key(), item.value().sizes().vec(), offset};
    offset += l.size();
    layers.push_back(l);
  }
  return layers;
}

LossSums summed_over_chunks(Net& model, const DataTensors& set, LossKind loss, int outputs, std::int64_t chunk) {
  torch::NoGradGuard guard;
  LossSums sums;
  for (std::int64_t at = 0; at < set.count; at += chunk) {
    const auto end = std::min(at + chunk, set.count);
    const auto r = summed_loss(model.forward(set.x.slice(0, at, end)), set.y.slice(0, at, end), loss, outputs);
    sums.loss += r.sum.item<double>();
    sums.errors += r.errors.item<double>();
  }
  return sums;
}

}  // namespace landscape::nn
