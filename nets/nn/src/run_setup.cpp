#include "run_setup.hpp"

#include <malloc.h>

#include <filesystem>
#include <thread>

#include "landscape/spec/error.hpp"
#include "landscape/spec/weights_file.hpp"
#include "tensor_utils.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;

data::DataSplit load_run_data(const TrainConfig& c, std::vector<double>* black) {
  data::DataSplit split = data::load(c.dataset, c.seed);
  if (c.normalize_input) data::standardize(split);
  if (c.normalize_channels) {
    std::vector<float> mean, sd;
    data::standardize_channels(split, &mean, &sd);
    if (black)
      for (std::size_t k = 0; k < mean.size(); ++k) black->push_back(-static_cast<double>(mean[k]) / sd[k]);
  }
  return split;
}

ModelOptions model_options(const TrainConfig& c, const data::Samples& train) {
  ModelOptions mo;
  mo.model = c.model;
  mo.input_shape = train.shape;
  mo.outputs = train.outputs;
  mo.arch = c.arch.empty() ? std::to_string(train.sample_size()) + ",256," + std::to_string(train.outputs) : c.arch;
  mo.act.activation = Activation::parse(c.activation);
  mo.act.clamp = c.clamp;
  mo.bias = c.bias;
  mo.preact_norm = c.preact_norm;
  mo.dropout = c.dropout;
  mo.channels = c.channels;
  return mo;
}

void perturb_layerwise(Net& model, double c, std::uint64_t seed, bool magnitude) {
  torch::NoGradGuard guard;
  auto generator = at::detail::createCPUGenerator(seed);
  for (auto& p : model.parameters()) {
    if (p.numel() < 2) continue;
    const auto noise = torch::randn(p.sizes(), generator, torch::TensorOptions().dtype(torch::kFloat64));
    const auto w = p.to(torch::kFloat64);
    const double scale = (magnitude ? w.abs().mean() : w.std()).item<double>();  // a number: the noise is on the CPU
    p.add_((c * scale * noise).to(p.options()));
  }
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& c, Net& model) {
  if (c.optimizer == "sgd")
    return std::make_unique<torch::optim::SGD>(
        model.parameters(),
        torch::optim::SGDOptions(c.lr).momentum(c.momentum).nesterov(c.nesterov).weight_decay(c.weight_decay));
  if (c.optimizer == "adam")
    return std::make_unique<torch::optim::Adam>(model.parameters(),
                                                torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
  throw FieldError("optimizer", "'" + c.optimizer + "': expected sgd or adam");
}

void set_lr(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

void load_init(Net& model, const TrainConfig& c, torch::Device device) {
  const auto at = c.init.rfind('@');
  const std::string path = at == std::string::npos ? c.init : c.init.substr(0, at);
  if (fs::is_directory(path)) {
    load_run_state(model, path, at == std::string::npos ? "final" : c.init.substr(at + 1), device);
    return;
  }
  if (c.model != "mlp")
    throw FieldError("init", "'" + c.init + "': a weights file loads into model mlp only (or give a run directory)");
  load_weights(model, read_weights_file(c.init), c.init);
}

std::vector<std::string> parameter_names(const TrainConfig& config) {
  TrainConfig c = config;
  if (c.out_dir.empty()) c.out_dir = "(none: nothing is written)";  // validate the rest
  c.validate();
  const auto split = load_run_data(c);
  const auto model = make_model(model_options(c, split.train));
  std::vector<std::string> names;
  for (const auto& l : layer_infos(*model)) names.push_back(l.name);
  return names;
}

int run_threads(const std::string& model, int requested) {
  // Auto (0): every core for conv nets, whose convolutions run in OpenMP; one for the MLP, whose
  // time is in GEMMs that OpenBLAS (pthreads build) parallelizes on its own threads: OpenMP workers
  // spinning beside them made 2-thread MLP training 3.6x slower here (docs/benchmarks.md).
  return requested > 0 ? requested : model == "mlp" ? 1 : 0;
}

void set_threads(int requested) {
  const int n = requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  torch::set_num_threads(n);
}

LoadedRun load_run(const std::string& run_dir, const std::string& checkpoint, const std::string& device, int threads,
                   const std::string& dtype) {
  LoadedRun r;
  r.config = read_run_config(run_dir);
  if (threads < 0 || threads > 4096) throw FieldError("threads", std::to_string(threads) + ": must be in 0..4096");
  set_threads(run_threads(r.config.model, threads));
  if (device != "cpu" && device != "cuda") throw FieldError("device", "'" + device + "': expected cpu or cuda");
  if (device == "cuda" && !torch::cuda::is_available()) throw FieldError("device", "cuda: no CUDA device is available");
  if (!dtype.empty() && dtype != "float32" && dtype != "float64")
    throw FieldError("dtype", "'" + dtype + "': expected float32 or float64");
  r.device = torch::Device(device == "cuda" ? torch::kCUDA : torch::kCPU);
  const torch::Dtype own = r.config.dtype == "float64" ? torch::kFloat64 : torch::kFloat32;
  r.dtype = dtype.empty() ? own : dtype == "float64" ? torch::kFloat64 : torch::kFloat32;
  r.split = load_run_data(r.config);
  r.classification = r.split.train.is_classification();
  r.loss = loss_kind(r.config.loss, r.classification);
  r.outputs = r.split.train.outputs;
  r.options = model_options(r.config, r.split.train);
  torch::manual_seed(r.config.seed);
  r.model = make_model(r.options);
  r.model->to(r.device, own);
  r.model->eval();
  load_run_state(*r.model, run_dir, checkpoint, r.device);
  r.model->to(r.device, r.dtype);
  return r;
}

void keep_freed_memory() {
  // Batches, activations and gradients are allocated and freed every step, mostly above glibc's
  // initial mmap threshold (128 KiB): each would be a fresh mmap with page faults on first touch.
  // Serving them from the heap and not trimming it keeps the pages mapped between steps.
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return true;
  }();
  (void)done;
}

}  // namespace landscape::nn
