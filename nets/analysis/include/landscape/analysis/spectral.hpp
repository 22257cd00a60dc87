// Spectral estimates of a large symmetric operator known only through its products A x (a Hessian,
// a Gauss-Newton matrix): extreme eigenvalues by Lanczos with full reorthogonalization, the trace
// by Hutchinson and Hutch++ (Meyer, Musco, Musco & Woodruff 2021), and the eigenvalue density by
// stochastic Lanczos quadrature (Golub & Meurant; Ghorbani, Krishnan & Xiao 2019). No LibTorch.
//
// Every random vector comes from a seeded generator: the same seed gives the same numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace landscape::analysis {

// y = A x for a symmetric A of dimension n (y arrives sized n; the operator overwrites it).
using LinearOperator = std::function<void(const std::vector<double>& x, std::vector<double>& y)>;
// Called with a one-line progress message during long computations (may be empty).
using Progress = std::function<void(const std::string&)>;

struct ExtremeOptions {
  int top = 5;     // the k largest eigenvalues
  int bottom = 0;  // the k smallest (most negative)
  // A Ritz value theta with Ritz vector y has converged when ||A y - theta y|| <= tolerance *
  // max |theta| (the residual bounds the distance to an eigenvalue of A).
  double tolerance = 1e-6;
  int max_steps = 400;  // products A x, at most (the check pass below adds its own)
  // Lanczos from one start vector meets each eigenvalue once; a second pass from a fresh random
  // vector orthogonal to the converged Ritz vectors finds copies of a multiple eigenvalue (and is
  // repeated until it finds none). A missed copy is the largest (or smallest) eigenvalue of the
  // operator the check works on, so the check runs at least as many steps as the first pass needed
  // to resolve its own largest and smallest wanted values, then stops once its extreme Ritz value
  // (a lower bound of the largest eigenvalue left, which moves towards a missed copy first) has
  // converged to within a tenth of its distance from the k-th value.
  bool check_multiplicity = true;
  // The residuals ||A y - theta y|| come from the products the Lanczos runs made (every component
  // that reorthogonalization removed is kept: A Q = Q H + ..., so the rounding in each product is
  // in them); explicit_residuals computes each anew from one more product A y instead.
  bool explicit_residuals = false;
  bool vectors = false;  // keep the Ritz vectors
  std::uint64_t seed = 0;
  Progress progress;
};

struct ExtremeResult {
  std::vector<double> top, bottom;  // largest first; smallest first
  std::vector<double> top_residuals, bottom_residuals;  // ||A y - theta y|| (see explicit_residuals)
  std::vector<std::vector<double>> top_vectors, bottom_vectors;  // unit Ritz vectors, if asked
  double scale = 0;               // max |theta| seen: the tolerance is relative to it
  double absolute_tolerance = 0;  // tolerance * scale
  bool converged = false;         // every requested Ritz pair's residual met the tolerance
  // A check pass found no eigenvalue beyond the tolerance outside the list (false when not asked
  // for, or when the check pass itself did not converge: undecided).
  bool multiplicity_checked = false;
  int matvecs = 0;
  int passes = 0;  // Lanczos runs (1 + multiplicity checks)
};

// Throws InputError when top + bottom exceeds n or the operator returns non-finite values.
ExtremeResult extreme_eigenvalues(const LinearOperator& a, std::size_t n, const ExtremeOptions& options);

enum class TraceMethod { Hutchinson, HutchPlusPlus, Exact };
TraceMethod parse_trace_method(const std::string& text);  // hutchinson, hutch++, exact
std::string to_string(TraceMethod m);

struct TraceOptions {
  TraceMethod method = TraceMethod::HutchPlusPlus;
  int matvecs = 99;  // Hutchinson: probes; Hutch++: split in three (ignored by Exact, which uses n)
  std::uint64_t seed = 0;
  Progress progress;
};

struct TraceResult {
  double value = 0;
  double standard_error = 0;  // of the random part (0 for Exact)
  int matvecs = 0;
  TraceMethod method = TraceMethod::Exact;
};

TraceResult trace_estimate(const LinearOperator& a, std::size_t n, const TraceOptions& options);

struct DensityOptions {
  int probes = 4;   // random start vectors
  int steps = 80;   // Lanczos steps per probe (nodes of each quadrature)
  std::uint64_t seed = 0;
  Progress progress;
};

// Per probe, the Gauss quadrature of v^T f(A) v / |v|^2: nodes (Ritz values) and weights (summing to 1).
struct DensityResult {
  std::vector<std::vector<double>> nodes, weights;
  int matvecs = 0;
};

DensityResult spectral_density(const LinearOperator& a, std::size_t n, const DensityOptions& options);

// The density on `grid`: the mean over probes of sum_i w_i N(x; theta_i, sigma^2). It integrates to 1.
std::vector<double> smoothed_density(const DensityResult& d, const std::vector<double>& grid, double sigma);

}  // namespace landscape::analysis
