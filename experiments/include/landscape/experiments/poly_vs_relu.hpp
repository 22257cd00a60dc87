// Liao & Poggio 2017, Fig. 2: one architecture trained with ReLU and with a polynomial
// approximation of ReLU (the algebra's exact Legendre or Chebyshev approximation on [-A, A]),
// same data, seed and schedule; their error and loss curves side by side.
//
// DIR/relu and DIR/poly are run directories; DIR/poly-vs-relu-error and DIR/poly-vs-relu-loss are
// figures; DIR/summary.json. Needs the algebra (the polynomial's coefficients).
#pragma once

#include <iosfwd>
#include <string>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

// The presets' training defaults (config.json names; apply_train_defaults of presets.hpp fills the
// fields the user did not give): Liao & Poggio's conv net (BN between hidden layers keeps the
// pre-activations in the interval where the polynomial approximates ReLU), lr 0.05, cosine
// schedule, epoch-end records; quick = 20,000 Fashion-MNIST images for 8 epochs on the CPU, full =
// all of Fashion-MNIST for 30 epochs on CUDA.
nlohmann::json poly_vs_relu_preset(bool quick);

struct PolyVsReluOptions {
  nn::TrainConfig base;            // both runs' training; the activation is set per run
  int degree = 8;                  // of the polynomial, 1..200
  std::string interval = "8";      // A of [-A, A], a positive rational as text ("8", "5/2")
  std::string basis = "legendre";  // or chebyshev
  std::string preset;              // recorded in the result ("quick", "full"), may be empty
  std::string out_dir;             // required

  bool is_valid(std::string* error) const;
};

struct PolyVsReluResult : ProtocolResult {
  double relu_test_error = 0, poly_test_error = 0;
  bool poly_diverged = false;
  double test_error_gap = 0;  // poly minus relu
};

PolyVsReluResult run_poly_vs_relu(const PolyVsReluOptions& options, std::ostream* log);

}  // namespace landscape::experiments
