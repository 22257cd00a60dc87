#include "landscape/algebra/horner.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/multiprecision.hpp"

using namespace landscape;
using namespace landscape::algebra;

// p(z) = 1 - 3z + 2z^3: p(1/2) = -1/4, p'(1/2) = -3 + 6/4 = -3/2, p''(1/2) = 12/2 = 6, exactly.
TEST(Horner, ValueAndDerivativesExactly) {
  const std::vector<Fraction> p = {Fraction(1), Fraction(-3), Fraction(0), Fraction(2)};
  const Fraction half(1, 2);
  EXPECT_EQ(horner(p, half), Fraction(-1, 4));
  const auto d = horner_derivatives<2>(p, half, Fraction(0));
  EXPECT_EQ(d[0], Fraction(-1, 4));
  EXPECT_EQ(d[1], Fraction(-3, 2));
  EXPECT_EQ(d[2], Fraction(6));
}

// In doubles at z = 2: p = 1 - 6 + 16 = 11, p' = -3 + 24 = 21, p'' = 24, p''' = 12, p'''' = 0.
TEST(Horner, DerivativesUpToBeyondTheDegree) {
  const std::vector<double> p = {1, -3, 0, 2};
  const auto d = horner_derivatives<4>(p, 2.0, 0.0);
  EXPECT_EQ(d, (std::array<double, 5>{11, 21, 24, 12, 0}));
  // A constant: the value, and zero derivatives.
  const auto c = horner_derivatives<2>(std::vector<double>{5}, 3.0, 0.0);
  EXPECT_EQ(c, (std::array<double, 3>{5, 0, 0}));
}

// (z + 1)^5 at z = 1/3 in MPFR is (4/3)^5 = 1024/243 to the working precision.
TEST(Horner, WorksInMultiprecision) {
  PrecisionScope precision(60);
  const std::vector<Real> binomial = {Real(1), Real(5), Real(10), Real(10), Real(5), Real(1)};
  const Real value = horner(binomial, Real(1) / Real(3));
  EXPECT_LT(abs(value - Real(1024) / Real(243)), Real("1e-58"));
}
