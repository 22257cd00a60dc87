// How a training run starts (internal to the nets library): the optimizer, the initial state from
// TrainConfig::init, and the process settings (threads, allocator). model_options, load_run_data
// and perturb_layerwise, which the probes use too, are declared in modules.hpp.
#pragma once

#include <memory>

#include "landscape/nn/modules.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::nn {

// SGD (momentum, Nesterov, weight decay) or Adam (weight decay) over the model's parameters.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainConfig& config, Net& model);

// Sets the learning rate of every parameter group.
void set_lr(torch::optim::Optimizer& optimizer, double lr);

// Loads config.init into the model: a run directory DIR or DIR@EPOCH (load_run_state), or a
// weights file (MLPs only; FieldError("init", ...) for another model).
void load_init(Net& model, const TrainConfig& config, torch::Device device);

// Intra-op threads for a model: `requested`, or (0) one for the MLP and every core otherwise
// (0, for set_threads).
int run_threads(const std::string& model, int requested);

// A trained run loaded for probing: its model at a checkpoint (evaluation mode) and its data.
struct LoadedRun {
  TrainConfig config;
  data::DataSplit split;
  ModelOptions options;
  std::shared_ptr<Net> model;
  torch::Device device{torch::kCPU};
  torch::Dtype dtype = torch::kFloat32;
  bool classification = true;
  LossKind loss = LossKind::CrossEntropy;
  int outputs = 0;
};
// `device`: cpu or cuda (FieldError otherwise, or without CUDA); `dtype`: "" for the run's own,
// else float32 or float64 (the checkpoint is loaded in the run's dtype, then converted).
LoadedRun load_run(const std::string& run_dir, const std::string& checkpoint, const std::string& device, int threads,
                   const std::string& dtype = "");

// Keeps freed memory mapped between steps (glibc malloc settings; once per process).
void keep_freed_memory();

}  // namespace landscape::nn
