#include "landscape/algebra/second_order.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/horner.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "landscape/algebra/real_network.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
std::array<Fraction, 3> exact_derivatives(const Activation& a, const Fraction& z) {
  return horner_derivatives<2>(to_fractions(a.coefficients), z, Fraction(0));
}
}  // namespace

// The Hessian of L = sum F^2 from second-order jets equals the one from differentiating the FLINT
// polynomial L twice, exactly; the Gauss-Newton part is 2 J^T J with J from first-order jets.
TEST(SecondOrder, ExactHessianEqualsSymbolicDifferentiation) {
  for (const char* arch : {"2,2,1", "1,2,2", "tree4"}) {
    const auto net = NetSpec::parse(arch, Activation::parse("poly:1,1,1/2"), true);
    const std::size_t K = net.parameter_count();
    const auto x = random_points(2, net.inputs(), 3);
    const auto y = random_labels(2, net.outputs(), 4);
    std::vector<Rational> w;
    for (const auto& row : random_labels(K, 1, 5)) w.push_back(row[0]);
    const auto system = zero_loss_system(net, x, y);
    Poly L(system.ring);
    for (const auto& F : system.equations) L = L + F * F;
    std::vector<std::vector<Fraction>> xq, yq;
    for (const auto& r : x) xq.push_back(to_fractions(r));
    for (const auto& r : y) yq.push_back(to_fractions(r));
    const auto h = loss_hessian(net, xq, yq, to_fractions(w),
                                [&](const Fraction& z) { return exact_derivatives(net.activation, z); });
    const auto H = h.hessian();
    const auto point = to_fractions(w);
    for (std::size_t a = 0; a < K; ++a)
      for (std::size_t b = 0; b < K; ++b)
        EXPECT_TRUE(H[a][b] == L.derivative(a).derivative(b).evaluate(point)) << arch << " " << a << "," << b;
    EXPECT_TRUE(h.loss == L.evaluate(point));
    const auto J = network_jacobian(net, x, point);
    for (std::size_t a = 0; a < K; ++a)
      for (std::size_t b = 0; b < K; ++b) {
        Fraction gn(0);
        for (const auto& row : J) gn = gn + Fraction(2) * row[a] * row[b];
        EXPECT_TRUE(h.gauss_newton[a][b] == gn);
      }
  }
}

// The MPFR Hessian of a non-polynomial net against central differences of the MPFR gradient.
TEST(SecondOrder, RealHessianMatchesDifferencesOfTheGradient) {
  PrecisionScope precision(60);
  const auto net = NetSpec::parse("2,3,1", Activation::parse("smoolu"), true);
  const std::size_t K = net.parameter_count();
  const auto x = to_reals(random_points(3, 2, 7));
  const auto y = to_reals(random_labels(3, 1, 8));
  std::vector<Real> w;
  for (const auto& row : random_labels(K, 1, 9)) w.push_back(rational_to<Real>(row[0]) + Real(1));
  auto derivatives = [&](const Real& z) { return activation_derivatives(net.activation, z); };
  const auto H = loss_hessian(net, x, y, w, derivatives).hessian();
  auto gradient = [&](const std::vector<Real>& p) {
    const auto r = real_residuals(net, x, y, p);
    const RealMatrix J = real_jacobian(net, x, p);
    std::vector<Real> g(K, Real(0));
    for (std::size_t i = 0; i < r.size(); ++i)
      for (std::size_t k = 0; k < K; ++k) g[k] += 2 * r[i] * J(i, k);
    return g;
  };
  const Real h("1e-20");
  for (std::size_t b = 0; b < K; ++b) {
    auto plus = w, minus = w;
    plus[b] += h;
    minus[b] -= h;
    const auto gp = gradient(plus), gm = gradient(minus);
    for (std::size_t a = 0; a < K; ++a) {
      const Real fd = (gp[a] - gm[a]) / (2 * h);
      EXPECT_LT(abs(H[a][b] - fd), Real("1e-30") * (1 + abs(fd))) << a << "," << b;
    }
  }
}
