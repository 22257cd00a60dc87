// Landscape probes on a trained run directory (Li et al. 2018 Sections 4-7, Liao & Poggio 2017 Section 4): the
// model at a checkpoint with its data, directions in parameter space, and loss/accuracy at many
// points w0 + a u + b v. LibTorch-free interface (the implementation holds the model).
//
// Accuracy is in percent and losses are means over the evaluated set, as in the reference tool
// (loss-landscape's `train_loss`, `train_acc`, ...).
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "landscape/nn/trajectory.hpp"

namespace landscape::nn {

// Li et al. 2018, Section 4: a random Gaussian direction rescaled per filter (each output unit / each
// convolution filter gets the norm of the corresponding filter of the weights), per layer (each
// tensor gets the norm of the weight tensor), or not at all. 1-D tensors (biases; BatchNorm
// parameters) are zeroed with `ignore_biasbn`, else set equal to the weights (the reference
// tool's convention).
enum class DirectionNorm { Filter, Layer, None };
DirectionNorm parse_direction_norm(const std::string& text);

struct ProbeValues {
  double train_loss = std::numeric_limits<double>::quiet_NaN(), train_acc = std::numeric_limits<double>::quiet_NaN();
  double test_loss = std::numeric_limits<double>::quiet_NaN(), test_acc = std::numeric_limits<double>::quiet_NaN();
};

class Probe {
 public:
  // `checkpoint`: "final" (weights.pt, else the last trajectory record) or an epoch recorded in
  // trajectory.h5. `samples`: evaluate on the first n samples of each set (0: all).
  Probe(const std::string& run_dir, const std::string& checkpoint, const std::string& device, int threads,
        std::int64_t samples = 0);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  std::string model_description() const;
  std::string model_name() const;
  const std::vector<LayerInfo>& layers() const;
  bool classification() const;  // accuracies are NaN for regression
  std::int64_t train_samples() const;
  std::int64_t test_samples() const;

  std::vector<double> parameters() const;  // the checkpoint's, in the shared order
  std::vector<double> buffers() const;     // its BatchNorm statistics

  std::vector<double> random_direction(std::uint64_t seed, DirectionNorm norm, bool ignore_biasbn) const;
  // Rescales a given direction the same way, against the checkpoint's parameters.
  std::vector<double> normalize(std::vector<double> direction, DirectionNorm norm, bool ignore_biasbn) const;

  // Values at w0 + a u (+ b v) for each (a, b) (b ignored without v). `structured`: for an MLP,
  // the first layer's pre-activations X W0^T, X U^T, X V^T are computed once for all points
  // (results equal the direct evaluation up to rounding); otherwise each point is a forward pass
  // over the sets with the parameters set. BatchNorm statistics stay at the checkpoint's.
  std::vector<ProbeValues> evaluate(const std::vector<double>& w0, const std::vector<double>& u,
                                    const std::vector<double>* v, const std::vector<std::array<double, 2>>& ab,
                                    bool train, bool test, bool structured = true);
  // Values at one parameter vector (and BatchNorm statistics, when given).
  ProbeValues evaluate_at(const std::vector<double>& parameters, const std::vector<double>* buffers, bool train,
                          bool test);

  // For each sample of the test (or training) set: 1 when the model at the checkpoint
  // classifies it correctly (Liao & Poggio 2017 Fig. 23's agreement matrices).
  std::vector<std::uint8_t> correct(bool test_set);

  // Multiply-adds of one direct forward pass per sample (for FLOP/s figures).
  double forward_macs_per_sample() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The run's parameter vectors at every record of its trajectory (rows), with the epochs.
Trajectory run_trajectory(const std::string& run_dir);

// Machine matrix-multiply speed: FLOP/s of an n x n single-precision product on the intra-op
// threads LibTorch uses (best of a few).
double measured_matmul_flops(int n = 1024);

}  // namespace landscape::nn
