// The curvature of a trained network's training loss (the 2018 slides: bulk and outliers, the
// Gauss-Newton split; Cooper 2018 Section 2.2; Li et al. 2018 Section 6): the largest and smallest
// Hessian eigenvalues by Lanczos on Hessian-vector products, with Ritz residuals; the trace by
// Hutch++ (or exactly, for small nets); the eigenvalue density by stochastic Lanczos quadrature;
// the same for the Gauss-Newton matrix and the residual part H - G.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

struct SpectrumOptions {
  std::string run_dir;               // required
  std::string checkpoint = "final";  // or an epoch recorded in trajectory.h5
  std::string device = "cpu";
  std::string dtype = "float32";     // float32 or float64 (the products' precision)
  std::int64_t samples = 0;          // the first n training samples (0: all)
  int threads = 0;
  std::string op = "hessian";        // hessian, ggn or residual: the operator of top/bottom
  int top = 5, bottom = 0;
  double tolerance = 0;              // Ritz residual / |lambda|max (0: 1e-4 in float32, 1e-7 in float64)
  int max_steps = 400;
  bool check_multiplicity = true;
  bool ggn = false;                  // also the top of the Gauss-Newton matrix and of H - G
  std::string trace;                 // "" (none), auto, hutch++, hutchinson or exact
  int trace_products = 99;
  bool density = false;
  int density_probes = 4, density_steps = 80;
  double density_sigma = 0.005;      // Gaussian width, as a fraction of the spectrum's extent
  bool vectors = false;              // eigenvectors.h5 (needs out_dir)
  std::uint64_t seed = 0;
  std::string out_dir;               // optional; required by density and vectors

  bool is_valid(std::string* error) const;
};

struct SpectrumResult : ProtocolResult {
  std::vector<double> top, bottom;
  bool converged = false;
  double trace = 0, trace_stderr = 0;
  std::int64_t products = 0;
};

// Throws FieldError for bad options (top + bottom above the parameter count included) and
// InputError for a non-finite loss at the weights. Progress goes to `log` when given.
SpectrumResult hessian_spectrum(const SpectrumOptions& options, std::ostream* log = nullptr);

}  // namespace landscape::experiments
