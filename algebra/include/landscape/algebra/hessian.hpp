// The Hessian of the square loss L(w) = sum_i |f(x_i; w) - y_i|^2 at a point, its eigenvalue
// signs against Cooper's Proposition 2.3 (N*dL positive, K - N*dL zero, none negative at a
// zero-loss point where the Jacobian has full row rank), and the Gauss-Newton / residual split.
//
// Numerically: MPFR with `digits` decimal digits, eigenvalues by Eigen's SelfAdjointEigenSolver;
// an eigenvalue is zero below |lambda|max * 10^-(digits-10), or below a given absolute
// threshold if that is larger. By Weyl's inequality the residual part moves the eigenvalues of
// 2 J^T J (which has exactly K - rank J zeros) by at most its norm, reported beside the counts:
// at a point known only to a few digits (e.g. trained in double precision), a threshold of about
// that norm asks "zero up to the residual?". Exactly (polynomial
// activations, `exact` requested): the Hessian over Q at the rational point, and the signs of its
// eigenvalues from the characteristic polynomial by Descartes' rule of signs, which is exact for
// a real symmetric matrix since all its roots are real.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "landscape/algebra/real_network.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

// Exact inertia of a rational symmetric matrix.
struct ExactInertia {
  long positive = 0, zero = 0, negative = 0;
};
ExactInertia exact_inertia(const std::vector<std::vector<Fraction>>& symmetric);

struct HessianReport {
  std::size_t parameters = 0;  // K
  std::size_t equations = 0;   // N * dL
  unsigned digits = 0;
  EigenvalueCounts counts;     // of the full Hessian, numerically
  long jacobian_rank = 0;      // numerical rank of dF/dw
  Real loss;                   // L(w)
  Real max_abs_residual;
  Real gauss_newton_norm;      // Frobenius norms of 2 J^T J and 2 sum r Hess f
  Real residual_part_norm;
  Real difference_norm;        // || Hess L - 2 J^T J ||_F = residual part, computed as a difference
  std::optional<ExactInertia> exact;  // when computed exactly over Q
  std::optional<long> exact_jacobian_rank;
  std::string method;
  // Cooper Prop. 2.3's prediction holds: positive = rank J = N*dL, zero = K - N*dL, negative = 0.
  bool matches_prediction() const;
  std::string summary() const;
};

HessianReport hessian_report(const NetSpec& net, const RationalMatrix& inputs,
                             const RationalMatrix& labels, const std::vector<Rational>& params,
                             unsigned digits, bool exact = false,
                             const std::optional<Rational>& threshold = std::nullopt);

}  // namespace landscape::algebra
