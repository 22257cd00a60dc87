#include "landscape/algebra/relu_approximation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(ReluApproximation, LegendreDegreeTwoInClosedForm) {
  // |u| ~ 3/16 + 15/16 u^2 (Legendre), so relu(u) ~ 3/32 + u/2 + 15/32 u^2, worst at u = 0.
  const auto r = relu_approximation(Rational(1), 2, ApproximationBasis::Legendre);
  EXPECT_EQ(r.activation(), "poly:3/32,1/2,15/32");
  EXPECT_NEAR(r.sup_error, 3.0 / 32, 1e-12);
  EXPECT_NEAR(r.argmax, 0.0, 1e-6);
  // Chebyshev degree 1: the constant 1/pi of |u|/2, worst at 0.
  const auto c = relu_approximation(Rational(1), 1, ApproximationBasis::Chebyshev);
  EXPECT_NEAR(c.sup_error, 1 / M_PI, 1e-15);
}

// The Legendre approximation is the L2 projection: the residual relu - p is orthogonal to every
// u^j, j <= l, exactly: sum_k c_k int_{-1}^{1} u^(k+j) du = int_0^1 u^(j+1) du = 1/(j+2).
TEST(ReluApproximation, LegendreResidualIsOrthogonalExactly) {
  for (int l : {1, 2, 5, 8, 13}) {
    const auto r = relu_approximation(Rational(1), l, ApproximationBasis::Legendre);
    for (int j = 0; j <= l; ++j) {
      Fraction inner(0);
      for (std::size_t k = 0; k < r.coefficients.size(); ++k)
        if ((k + static_cast<std::size_t>(j)) % 2 == 0)
          inner = inner + Fraction(r.coefficients[k]) * Fraction(2, static_cast<long>(k) + j + 1);
      EXPECT_TRUE(inner == Fraction(1, j + 2)) << "degree " << l << ", u^" << j;
    }
  }
}

// relu(x) on [-a, a] is a relu(x / a): coefficients scale by a^(1-j), the error by a.
TEST(ReluApproximation, IntervalScaling) {
  const auto one = relu_approximation(Rational(1), 6, ApproximationBasis::Legendre);
  const auto three = relu_approximation(Rational(3), 6, ApproximationBasis::Legendre);
  ASSERT_EQ(one.coefficients.size(), three.coefficients.size());
  for (std::size_t j = 0; j < one.coefficients.size(); ++j)
    EXPECT_NEAR(three.coefficients[j].to_double(), one.coefficients[j].to_double() * std::pow(3.0, 1.0 - j), 1e-12);
  EXPECT_NEAR(three.sup_error, 3 * one.sup_error, 1e-9);
}

TEST(ReluApproximation, ErrorsDecreaseWithTheDegreeAndBadInputIsRefused) {
  for (auto b : {ApproximationBasis::Legendre, ApproximationBasis::Chebyshev}) {
    double previous = 1;
    for (int l = 2; l <= 16; l += 2) {
      const double e = relu_approximation(Rational(1), l, b).sup_error;
      EXPECT_LT(e, previous) << to_string(b) << " " << l;
      previous = e;
    }
  }
  EXPECT_THROW(relu_approximation(Rational(0), 2, ApproximationBasis::Legendre), InputError);
  EXPECT_THROW(relu_approximation(Rational(1), 0, ApproximationBasis::Legendre), InputError);
}
