// A network evaluated in high precision (MPFR Reals) for any activation: outputs, the Jacobian
// of the outputs, numerical ranks with an explicit threshold, and eigenvalue sign counts.
//
// Thresholds: a singular value or eigenvalue counts as zero when it is at most
// max(max * 10^-(digits - 10), floor): quantities that vanish exactly come out near the working
// precision 10^-digits (times the size of the matrix), ten digits below the threshold; `floor`
// lets a caller raise it by a known perturbation bound (Weyl: the eigenvalues of A + E lie within
// |E|_2 of those of A). The gap ratio reported beside each count shows how clean the split was.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "landscape/algebra/multiprecision.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

std::vector<Real> to_reals(const std::vector<Rational>& values);
std::vector<std::vector<Real>> to_reals(const RationalMatrix& values);

// f(x_i; w) for every input, with the network's own activation.
std::vector<std::vector<Real>> real_outputs(const NetSpec& net,
                                            const std::vector<std::vector<Real>>& inputs,
                                            const std::vector<Real>& params);

// Residuals f_k(x_i; w) - y_{i,k}, i-major.
std::vector<Real> real_residuals(const NetSpec& net, const std::vector<std::vector<Real>>& inputs,
                                 const std::vector<std::vector<Real>>& labels,
                                 const std::vector<Real>& params);

// d f_k(x_i; w) / d w_j, one row per (i, k), by forward-mode differentiation.
RealMatrix real_jacobian(const NetSpec& net, const std::vector<std::vector<Real>>& inputs,
                         const std::vector<Real>& params);

// How a list of non-negative magnitudes splits into "zero" and "non-zero".
struct ZeroSplit {
  long nonzero = 0;
  long zero = 0;
  Real threshold;                   // max(max * 10^-(digits - 10), floor)
  std::optional<Real> largest_zero;     // largest magnitude counted as zero
  std::optional<Real> smallest_nonzero;  // smallest magnitude counted as non-zero
  // smallest_nonzero / largest_zero as log10 (nullopt when one side is empty; +inf if the
  // largest zero is exactly 0).
  std::optional<double> log10_gap_ratio() const;
};
// In the three functions below, `digits` is both the working precision (decimal digits, set for
// the duration of the call) and what the zero threshold is relative to.
ZeroSplit split_zeros(const std::vector<Real>& magnitudes, unsigned digits, const Real& floor = Real(0));

// Numerical rank from the singular values (Eigen's JacobiSVD in Real).
ZeroSplit numerical_rank(const RealMatrix& m, unsigned digits);

// Signs of the eigenvalues of a symmetric matrix (computed in Real by Eigen's
// SelfAdjointEigenSolver), with the zero threshold as in split_zeros.
struct EigenvalueCounts {
  long positive = 0, zero = 0, negative = 0;
  ZeroSplit split;
  std::vector<Real> eigenvalues;  // ascending
};
EigenvalueCounts eigenvalue_counts(const RealMatrix& symmetric, unsigned digits,
                                   const Real& floor = Real(0));

}  // namespace landscape::algebra
