// The sup-norm error max_{x in [-a, a]} |relu(x) - p(x)| of a polynomial p with exact rational
// coefficients, as an enclosure [lower, upper] computed with Arb balls (rigorous: the true value
// lies inside). Liao & Poggio 2017 (Section 3) measure their epsilon-approximations of ReLU in the
// sup norm; a sampled maximum in double precision is only a lower bound, and double Horner in the
// monomial basis is itself wrong by more than the error at degree ~50 (coefficients ~ (1+sqrt2)^l).
//
// How: with u = x / a, relu(x) - p(x) = a (relu(u) - q(u)), q(u) = p(a u) / a; on each half [-1, 0]
// and [0, 1] the function h = relu - q is a polynomial, written in the Chebyshev basis of [-1, 1]
// and evaluated by Clenshaw on Arb balls. Branch and bound over cells [m - r, m + r]:
//   lower: max |h(m)| over the midpoints evaluated (and the points -1, 0, 1);
//   upper per cell: |h(m)| + |h'(m)| r + M2 r^2 / 2, with M2 >= max |h''| on the cell from
//     |T_k''| <= k^2 (k^2 - 1) / 3 (Markov) and |T_k''(u)| <= (|u| k / sqrt(1-u^2) + k^2) / (1-u^2)
//     (Chebyshev's differential equation and Bernstein's |T_k'| <= k / sqrt(1-u^2));
// cells whose upper bound is within (1 + tolerance) of the best lower bound are closed, the others
// are halved, until none is left or `max_cells` cells were evaluated (then `converged` is false
// and upper is still a valid, looser bound).
#pragma once

#include <vector>

#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

struct SupErrorEnclosure {
  double lower = 0;        // rounded down: the true sup-norm error is >= lower
  double upper = 0;        // rounded up: the true sup-norm error is <= upper
  double argmax = 0;       // an x in [-a, a] with |relu(x) - p(x)| >= lower
  bool converged = false;  // upper <= (1 + tolerance) lower
  long cells = 0;          // cells evaluated
};

// `coefficients` c_0..c_l of p in x (exact), `interval` a > 0. InputError when a <= 0.
SupErrorEnclosure relu_sup_error(const std::vector<Rational>& coefficients, const Rational& interval,
                                 double tolerance = 1e-4, long max_cells = 2000000);

}  // namespace landscape::algebra
