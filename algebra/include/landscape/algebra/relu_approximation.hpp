// Polynomial approximations of ReLU on [-a, a] (Liao & Poggio 2017, Section 3: "an epsilon-approximation in
// the sup norm ... or the corresponding Legendre expansion"), with the coefficients as exact
// rationals so that the algebra and LibTorch use the same polynomial (the activation `poly:c0,...,cl`).
//
// With u = x / a, relu(x) = a relu(u) and relu(u) = u/2 + |u|/2.
//   Legendre: the L2([-1, 1]) projection of |u| on polynomials of degree <= l, whose
//             coefficients (2k+1) int_0^1 u P_k(u) du are rational: exact.
//   Chebyshev: the truncated Chebyshev series |u| = 2/pi + (4/pi) sum_k (-1)^(k+1) T_2k(u)/(4k^2-1)
//             (least squares with weight (1-u^2)^(-1/2)); pi makes it irrational, so each monomial
//             coefficient is rounded to 20 significant digits, and that rational polynomial is
//             the one reported and evaluated.
#pragma once

#include <string>
#include <vector>

#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

enum class ApproximationBasis { Legendre, Chebyshev };
const char* to_string(ApproximationBasis basis);

struct ReluApproximation {
  ApproximationBasis basis = ApproximationBasis::Legendre;
  int degree = 0;
  std::vector<Rational> coefficients;  // c_0..c_l of the polynomial in x, exact
  double sup_error = 0;                // max over [-a, a] of |relu(x) - p(x)|
  double argmax = 0;                   // where it is attained
  std::string activation() const;      // "poly:c0,...,cl"
};

// `interval` is a > 0; degree >= 1.
ReluApproximation relu_approximation(const Rational& interval, int degree, ApproximationBasis basis);

// max_{x in [-a, a]} |relu(x) - p(x)|: 2 * 10^5 + 1 equispaced samples, then golden-section
// refinement around the five largest; `argmax` receives the maximizer.
double relu_sup_error(const std::vector<Rational>& coefficients, double a, double* argmax = nullptr);

}  // namespace landscape::algebra
