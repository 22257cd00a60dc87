// Polynomial approximations of ReLU on [-a, a] (Liao & Poggio 2017, Section 3: "an epsilon-approximation in
// the sup norm ... or the corresponding Legendre expansion"), with the coefficients as exact
// rationals so that the algebra and LibTorch use the same polynomial (the activation `poly:c0,...,cl`).
//
// With u = x / a, relu(x) = a relu(u) and relu(u) = u/2 + |u|/2.
//   Legendre: the L2([-1, 1]) projection of |u| on polynomials of degree <= l, whose
//             coefficients (2k+1) int_0^1 u P_k(u) du are rational: exact.
//   Chebyshev: the truncated Chebyshev series |u| = 2/pi + (4/pi) sum_k (-1)^(k+1) T_2k(u)/(4k^2-1)
//             (least squares with weight (1-u^2)^(-1/2)); pi makes it irrational, so each series
//             coefficient is rounded to 40 significant digits and the series expanded exactly: the
//             rational polynomial reported is within 1e-40 of the truncated series on [-1, 1].
// The sup-norm error is an Arb enclosure (relu_sup_error.hpp), not a sampled maximum.
#pragma once

#include <string>
#include <vector>

#include "landscape/algebra/relu_sup_error.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

enum class ApproximationBasis { Legendre, Chebyshev };
const char* to_string(ApproximationBasis basis);

struct ReluApproximation {
  ApproximationBasis basis = ApproximationBasis::Legendre;
  int degree = 0;
  std::vector<Rational> coefficients;  // c_0..c_l of the polynomial in x, exact
  double sup_error = 0;                // max over [-a, a] of |relu(x) - p(x)|: the upper end of
                                       // the enclosure below (never below the true value)
  double sup_error_lower = 0;          // the enclosure [lower, upper] of the true sup-norm error,
  double sup_error_upper = 0;          // upper <= 1.0001 lower when enclosure_converged
  bool enclosure_converged = false;
  double argmax = 0;                   // a point where |relu - p| >= sup_error_lower
  std::string activation() const;      // "poly:c0,...,cl"
  double value(double x) const;        // p(x), exactly (FLINT) then rounded to double
};

// `interval` is a > 0; degree >= 1.
ReluApproximation relu_approximation(const Rational& interval, int degree, ApproximationBasis basis);

}  // namespace landscape::algebra
