// Training a regression run to zero loss (Cooper 2018: overparametrized nets fit N points exactly,
// and the zero-loss set is a manifold of dimension K - N*dL): Levenberg-Marquardt on the whole
// training set in float64, from the run's final weights, in the minimum-norm form
//   delta = -J^T (J J^T + mu I)^-1 r      (J: N*dL x K, K > N*dL),
// which converges quadratically where J has full row rank. The finished weights replace the run's
// final weights (weights.pt, and weights.json for the algebra's commands), so `spectrum`,
// `hessian` and `dim` all see the zero-loss point. LibTorch-free interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace landscape::nn {

struct ZeroLossFitOptions {
  int max_steps = 200;          // Levenberg-Marquardt steps (each one Jacobian)
  double target_loss = 1e-24;   // stop below this mean loss (the run's: mean over samples of |f - y|^2)
  int threads = 1;
};

struct ZeroLossFitResult {
  double initial_loss = 0, final_loss = 0;
  int steps = 0;
  std::size_t parameters = 0;      // K
  std::int64_t equations = 0;      // N * dL
  std::vector<double> jacobian_singular_values;  // at the final weights, largest first
  long jacobian_rank = 0;          // rank_by_gap of the singular values
  double jacobian_gap = 0;         // sigma_rank / sigma_(rank+1) (infinity at full rank)
};

// Throws InputError for a run that is not float64 regression (MSE) data.
ZeroLossFitResult fit_to_zero_loss(const std::string& run_dir, const ZeroLossFitOptions& options);

// The number of "non-zero" values in `values` (any sign, any order): the magnitudes are sorted,
// and the split between non-zero and zero is put at the largest ratio between consecutive
// magnitudes whose smaller side is at most kZeroCeiling x the largest (above that a value is
// not a rounding remnant in float64); exact zeros count as tiny. When that ratio is below
// `min_ratio` there is no clear split and every value counts as non-zero. `gap` receives the
// ratio (infinity when nothing is zero).
constexpr double kZeroCeiling = 1e-8;
long rank_by_gap(std::vector<double> values, double min_ratio, double* gap);

}  // namespace landscape::nn
