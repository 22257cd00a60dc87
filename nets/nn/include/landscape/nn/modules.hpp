// LibTorch modules: activations from the shared description and the models of the papers.
// This header includes LibTorch (about a minute per translation unit); only the nets library,
// its tests and its benchmark include it. The CLI uses the LibTorch-free training.hpp.
//
// Parameter order: a model's parameters in registration order, each flattened row-major. For the
// MLP that is W0, b0, W1, b1, ... = the shared order of landscape::ParameterLayout, so weights
// files of the algebra load into it and its weights load into the algebra.
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "landscape/spec/activation.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/weights_file.hpp"
#include "landscape/data/datasets.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::nn {

// Pre-activation handling shared by all models: the activation, optionally a clamp of its
// argument to [-clamp, clamp] (the interval a polynomial approximation is good on).
struct ActivationOptions {
  landscape::Activation activation = landscape::Activation::parse("relu");
  double clamp = 0;  // 0: none
};

// sigma(z) elementwise, differentiable; polynomials by Horner in the coefficients' doubles.
torch::Tensor activate(const landscape::Activation& a, const torch::Tensor& z);

class ActivationLayerImpl : public torch::nn::Module {
 public:
  explicit ActivationLayerImpl(ActivationOptions options) : options_(std::move(options)) {}
  torch::Tensor forward(const torch::Tensor& z);
  const ActivationOptions& options() const { return options_; }

 private:
  ActivationOptions options_;
};
TORCH_MODULE(ActivationLayer);

// Every model: a module with a virtual forward, and a description.
class Net : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  virtual std::string describe() const = 0;
};

struct ModelOptions {
  std::string model = "mlp";         // one of kModelNames
  std::string arch;                  // mlp: "d0,...,dL" (as NetSpec::parse reads it)
  ActivationOptions act;
  bool bias = true;
  bool preact_norm = false;          // mlp: BatchNorm without affine parameters before each activation
  double dropout = 0;                // mlp, dcnn: dropout after each hidden activation (training mode only)
  std::vector<int> channels = {16, 32, 64, 128};  // dcnn: hidden channels (one conv layer each)
  std::vector<std::int64_t> input_shape;          // one sample, e.g. {1, 28, 28}
  int outputs = 10;
};

// Builds the model; throws FieldError (model, arch, channels) for an unknown model or a shape
// that does not fit.
std::shared_ptr<Net> make_model(const ModelOptions& options);

std::int64_t parameter_count(torch::nn::Module& m);

// Parameters flattened in the shared order, and back.
torch::Tensor flat_parameters(torch::nn::Module& m);
void set_flat_parameters(torch::nn::Module& m, const torch::Tensor& flat);
// Buffers (BatchNorm running statistics) flattened in registration order.
torch::Tensor flat_buffers(torch::nn::Module& m);
void set_flat_buffers(torch::nn::Module& m, const torch::Tensor& flat);

// The training loss of a run: cross-entropy (labels), the squared error summed over the outputs
// (against one-hot targets for labels), or the multi-class hinge max(0, 1 + max_{j != y} o_j - o_y)
// (Crammer & Singer 2001; labels).
enum class LossKind { CrossEntropy, SquaredError, Hinge };
// TrainConfig::loss as a LossKind ("auto": cross-entropy for labels, the squared error for
// targets); FieldError("loss") for ce or hinge on regression targets, or an unknown name.
LossKind loss_kind(const std::string& loss, bool classification);

// The loss summed over a batch and the number of misclassified samples (for regression targets:
// the summed squared error again).
struct SummedLoss {
  torch::Tensor sum, errors;
};
SummedLoss summed_loss(const torch::Tensor& out, const torch::Tensor& y, LossKind loss, int outputs,
                       bool count_errors = true);

// What a run and the probes share (run_setup.cpp; load_run_state in checkpoint.cpp).
// A run's model description from its options and training data (shape, classes).
ModelOptions model_options(const TrainConfig& c, const data::Samples& train);
// A run's data: loaded as trained (subsets, seed) and standardized when the run was. `black`
// (when not null) receives, with per-channel normalization, the value a black pixel has in each
// channel after it; otherwise it is left empty.
data::DataSplit load_run_data(const TrainConfig& c, std::vector<double>* black = nullptr);

// Loads the state of a run directory into a model of the same architecture: "final" (weights.pt,
// else the last trajectory record) or an epoch recorded in trajectory.h5, parameters and
// BatchNorm statistics. InputError when there is no such state or it does not fit.
void load_run_state(Net& model, const std::string& run_dir, const std::string& checkpoint, torch::Device device);

// Adds N(0, (c * s(T))^2) noise to every parameter tensor T with more than one entry, s(T) its
// standard deviation, or with `magnitude` its mean absolute value (Liao & Poggio 2017, App. E).
void perturb_layerwise(Net& model, double c, std::uint64_t seed, bool magnitude = false);

// The MLP description of a weights file's network (fully connected only), and loading its
// parameters (decimal strings, correctly rounded) into an MLP with the same arch.
ModelOptions mlp_options(const WeightsFile& w);
void load_weights(torch::nn::Module& mlp, const WeightsFile& w, const std::string& path);
// The shared weights file of a trained MLP (parameters printed with 17 significant digits).
WeightsFile to_weights_file(torch::nn::Module& mlp, const ModelOptions& options);

}  // namespace landscape::nn
