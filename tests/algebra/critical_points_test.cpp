#include "landscape/algebra/critical_points.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "landscape/algebra/numeric_system.hpp"
#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
// The zero-loss system of f = w2 w1 x at x = 1, y = 1 (a linear 1 -> 1 -> 1 net, no biases).
PolynomialSystem product_system() { return parse_system("1\n w1*w2 - 1;\n", SystemFormat::PHCpack); }
}  // namespace

// L = 1/2 (w1 w2 - 1)^2 + 1/2 lambda (w1^2 + w2^2): dL/dw1 = (w1 w2 - 1) w2 + lambda w1, and
// symmetrically, checked at a point against the closed form.
TEST(CriticalPoints, LossAndGradientMatchTheClosedForm) {
  const auto system = product_system();
  const Poly L = regularized_squared_loss(system, {Rational(1, 2), Rational(1, 2)});
  const auto grad = gradient_system(L);
  ASSERT_EQ(grad.equations.size(), 2u);
  const double w1 = 0.7, w2 = -1.3, lambda = 0.5;
  const NumericSystem G(grad), Lsys(PolynomialSystem{L.ring(), {L}});
  const Complex x[2] = {w1, w2};
  Complex g[2], value;
  G.evaluate(x, g, nullptr);
  Lsys.evaluate(x, &value, nullptr);
  EXPECT_NEAR(value.real(), 0.5 * std::pow(w1 * w2 - 1, 2) + 0.5 * lambda * (w1 * w1 + w2 * w2), 1e-14);
  EXPECT_NEAR(g[0].real(), (w1 * w2 - 1) * w2 + lambda * w1, 1e-14);
  EXPECT_NEAR(g[1].real(), (w1 * w2 - 1) * w1 + lambda * w2, 1e-14);
  EXPECT_THROW(regularized_squared_loss(system, {Rational(1)}), std::invalid_argument);
  EXPECT_THROW(regularized_squared_loss(system, {Rational(1), Rational(-1)}), std::invalid_argument);
}

// At the origin the Hessian is [[lambda, -1], [-1, lambda]]: eigenvalues lambda -+ 1, so index 1
// for lambda = 1/2 (a saddle), proved over a box; at a minimum w1 = w2 = sqrt(1 - lambda) it is
// [[w^2 + lambda, 2 w^2 - 1], [2 w^2 - 1, w^2 + lambda]] = [[1, 0], [0, 1]]: index 0.
TEST(CriticalPoints, InertiaIsProvedOverTheBox) {
  const auto grad = gradient_system(regularized_squared_loss(product_system(), {Rational(1, 2), Rational(1, 2)}));
  const auto origin = hessian_inertia(grad, {0.0, 0.0}, 1e-10);
  EXPECT_TRUE(origin.proved());
  EXPECT_EQ(origin.negative, 1);
  EXPECT_EQ(origin.positive, 1);
  EXPECT_NEAR(origin.eigenvalues[0], -0.5, 1e-12);
  EXPECT_NEAR(origin.eigenvalues[1], 1.5, 1e-12);
  EXPECT_LT(origin.spread, 1e-8);
  const double w = std::sqrt(0.5);
  const auto minimum = hessian_inertia(grad, {w, w}, 1e-10);
  EXPECT_TRUE(minimum.proved());
  EXPECT_EQ(minimum.negative, 0);
  EXPECT_NEAR(minimum.eigenvalues[0], 1.0, 1e-12);
  EXPECT_NEAR(minimum.eigenvalues[1], 1.0, 1e-12);
  // lambda = 1: the origin's Hessian [[1, -1], [-1, 1]] has the eigenvalue 0, whose sign no box proves.
  const auto flat = hessian_inertia(gradient_system(regularized_squared_loss(product_system(), {Rational(1), Rational(1)})),
                                    {0.0, 0.0}, 1e-10);
  EXPECT_FALSE(flat.proved());
  EXPECT_EQ(flat.unproved, 1);
  EXPECT_EQ(flat.positive, 1);
}
