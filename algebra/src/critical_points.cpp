// The regularized squared loss of a network, its gradient system, and the Hessian's inertia at
// a real critical point (see critical_points.hpp).
#include "landscape/algebra/critical_points.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "landscape/algebra/certify.hpp"

namespace landscape::algebra {

Poly regularized_squared_loss(const PolynomialSystem& zero_loss, const std::vector<Rational>& weight_decay) {
  const auto& ring = zero_loss.ring;
  if (weight_decay.size() != ring->variables())
    throw std::invalid_argument("regularized_squared_loss: " + std::to_string(weight_decay.size()) +
                                " weight-decay coefficients for " + std::to_string(ring->variables()) + " unknowns");
  Poly sum(ring);
  for (const auto& F : zero_loss.equations) sum = sum + F * F;
  for (std::size_t j = 0; j < weight_decay.size(); ++j) {
    if (weight_decay[j].to_double() < 0) throw std::invalid_argument("regularized_squared_loss: a negative lambda");
    const Poly w = Poly::variable(ring, j);
    sum = sum + Poly(ring, Fraction(weight_decay[j])) * w * w;
  }
  return Poly(ring, Fraction(Rational(1, 2))) * sum;
}

PolynomialSystem gradient_system(const Poly& loss) {
  PolynomialSystem gradient{loss.ring(), {}};
  for (std::size_t j = 0; j < loss.ring()->variables(); ++j) gradient.equations.push_back(loss.derivative(j));
  return gradient;
}

Inertia hessian_inertia(const PolynomialSystem& gradient, const std::vector<double>& centre, double radius) {
  const int n = static_cast<int>(centre.size());
  std::vector<double> mid, rad;
  jacobian_enclosure(gradient, centre, radius, mid, rad);
  Eigen::MatrixXd M(n, n), R(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      M(i, j) = mid[static_cast<std::size_t>(i * n + j)];
      R(i, j) = rad[static_cast<std::size_t>(i * n + j)];
    }
  const Eigen::MatrixXd S = (M + M.transpose()) / 2;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(S, Eigen::EigenvaluesOnly);
  Inertia r;
  // |lambda_i(H) - lambda_i(S)| <= |H - S|_2 <= |R|_F + |M - S|_F, plus the eigen-solver's
  // backward error (a generous multiple of n eps |S|).
  const double eps = std::numeric_limits<double>::epsilon();
  r.spread = R.norm() + (M - S).norm() + 64.0 * n * eps * S.norm();
  for (int i = 0; i < n; ++i) {
    const double lambda = eigen.eigenvalues()(i);
    r.eigenvalues.push_back(lambda);
    if (lambda < -r.spread) ++r.negative;
    else if (lambda > r.spread) ++r.positive;
    else ++r.unproved;
  }
  return r;
}

}  // namespace landscape::algebra
