// The critical points of a network's regularized squared loss (Liao & Poggio 2017, Section 3 and
// Proposition 1): for the zero-loss system F of a polynomial network,
//
//   L(w) = 1/2 sum_{i,k} F_{i,k}(w)^2 + 1/2 sum_j lambda_j w_j^2,
//
// its gradient system grad L = 0 (square: one equation per parameter; generic lambda_j make the
// critical points isolated, as in the algebraic-geometry literature on linear networks), and the
// inertia of the Hessian of L at a real critical point, its signs proved in ball arithmetic.
#pragma once

#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

// L as an exact polynomial in the system's unknowns; `weight_decay` has one lambda_j >= 0 per
// unknown (std::invalid_argument otherwise).
Poly regularized_squared_loss(const PolynomialSystem& zero_loss, const std::vector<Rational>& weight_decay);

// dL/dw_j, j = 1..K, in the ring of `loss`.
PolynomialSystem gradient_system(const Poly& loss);

// The eigenvalues of the Hessian of L (the Jacobian of its gradient system) at a real point,
// counted by sign. Every Hessian of a point in the box lies within `spread` of the midpoint
// matrix's eigenvalues (Weyl's inequality with the enclosure's radii, its asymmetry and the
// rounding of the eigen-solver), so an eigenvalue farther than `spread` from 0 has a proved sign.
struct Inertia {
  int negative = 0, positive = 0;
  int unproved = 0;                 // eigenvalues within `spread` of 0: sign not proved
  std::vector<double> eigenvalues;  // of the symmetrized midpoint Hessian, ascending
  double spread = 0;
  bool proved() const { return unproved == 0; }
};

// The Hessian over the real box centre +- radius (each coordinate), evaluated in Arb from the exact
// coefficients (radius 0: at the point itself, rounding only).
Inertia hessian_inertia(const PolynomialSystem& gradient, const std::vector<double>& centre, double radius);

}  // namespace landscape::algebra
