#include "landscape/algebra/numeric_system.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(NumericSystem, MatchesTheExactPolynomials) {
  const auto s = parse_system("2\n 3*x^2*y - 1/2*y^3 + x - 7;\n x*y + 2;\n", SystemFormat::PHCpack);
  const NumericSystem F(s);
  const Complex x[2] = {Complex(0.5, -1.0), Complex(2.0, 0.25)};
  Complex f[2], J[4];
  F.evaluate(x, f, J);
  const Complex a = x[0], b = x[1];
  EXPECT_LT(std::abs(f[0] - (3.0 * a * a * b - 0.5 * b * b * b + a - 7.0)), 1e-12);
  EXPECT_LT(std::abs(J[0] - (6.0 * a * b + 1.0)), 1e-12);
  EXPECT_LT(std::abs(J[1] - (3.0 * a * a - 1.5 * b * b)), 1e-12);
  EXPECT_LT(std::abs(J[2] - b), 1e-12);
  // Homogenized: x_h^3 F_1(x / x_h) at x_h = 1 equals F_1.
  const NumericSystem Fh(s, true);
  const Complex xh[3] = {x[0], x[1], 1.0};
  Complex fh[2];
  Fh.evaluate(xh, fh, nullptr);
  EXPECT_LT(std::abs(fh[0] - f[0]), 1e-12);
}

// x^2 + x + 1 homogenized is x^2 + x x_h + x_h^2: at (2, 3) the value 4 + 6 + 9 and the gradient
// (2x + x_h, x + 2 x_h) = (7, 8), both by hand.
TEST(NumericSystem, HomogenizingAddsTheMissingDegree) {
  const NumericSystem Fh(parse_system("1\n x^2 + x + 1;\n", SystemFormat::PHCpack), true);
  EXPECT_EQ(Fh.variables(), 2u);
  EXPECT_EQ(Fh.equations(), 1u);
  EXPECT_EQ(Fh.degrees(), std::vector<int>{2});
  const Complex x[2] = {2.0, 3.0};
  Complex f[1], J[2];
  Fh.evaluate(x, f, J);
  EXPECT_EQ(f[0], Complex(19.0));
  EXPECT_EQ(J[0], Complex(7.0));
  EXPECT_EQ(J[1], Complex(8.0));
}

// In MPFR the coefficients come from the exact rationals: 1/3 and 1/10 are not doubles, yet the
// value at a rational point agrees with exact rational arithmetic to the working precision.
TEST(NumericSystem, MultiprecisionEvaluationUsesTheExactCoefficients) {
  const NumericSystem F(parse_system("2\n 1/3*x^2*y - 1/10*y^3 + x - 7;\n x*y + 2/7;\n", SystemFormat::PHCpack));
  const Fraction x(1, 3), y(2, 7);
  const Fraction exact = Fraction(1, 3) * x * x * y - Fraction(1, 10) * y * y * y + x - Fraction(7);
  const Fraction exact_dy = Fraction(1, 3) * x * x - Fraction(3, 10) * y * y;  // d/dy of equation 1
  PrecisionScope precision(60);
  using C = std::complex<Real>;
  const C point[2] = {C(Real(1) / Real(3)), C(Real(2) / Real(7))};
  C f[2], J[4];
  F.evaluate_generic(point, f, J);
  const Real tolerance("1e-55");
  EXPECT_LT(abs(f[0].real() - rational_to<Real>(*Rational::parse(exact.to_string()))), tolerance);
  EXPECT_LT(abs(J[1].real() - rational_to<Real>(*Rational::parse(exact_dy.to_string()))), tolerance);
  EXPECT_LT(abs(f[1].real() - Real(2) / Real(3 * 7) - Real(2) / Real(7)), tolerance);  // 1/3 * 2/7 + 2/7
  EXPECT_EQ(f[0].imag(), 0);
}

// Row scales are the sizes of the Jacobian's terms before they cancel. x^2 - 3xy + 2 at (2, -1):
// |2x| + |3y| + |3x| = 4 + 3 + 6 = 13. (x - 1)^2 at the double root x = 1: the Jacobian is 0
// but its terms |2x| and |-2| are not, 2 + 2 = 4.
TEST(NumericSystem, RowScalesAreTheTermSizes) {
  const NumericSystem F(parse_system("2\n x^2 - 3*x*y + 2;\n x^2 - 2*x + 1;\n", SystemFormat::PHCpack));
  const Complex x[2] = {2.0, -1.0};
  double scale[2];
  F.row_scales(x, scale);
  EXPECT_DOUBLE_EQ(scale[0], 13.0);
  const Complex at_root[2] = {1.0, 5.0};
  Complex f[2], J[4];
  F.evaluate(at_root, f, J);
  F.row_scales(at_root, scale);
  EXPECT_EQ(J[2], Complex(0.0));
  EXPECT_DOUBLE_EQ(scale[1], 4.0);
}

// |F_i| (the 2-norm of the coefficients) and the value scales sum |c| prod max(1, |x_j|)^(a_j),
// by hand: 3, 1/2, 1, 7 -> sqrt(9 + 1/4 + 1 + 49); at (x, y) = (0.5, 2i): 3 * 1 * 2 + 1/2 * 8 + 1 + 7.
TEST(NumericSystem, CoefficientNormsAndValueScales) {
  const auto s = parse_system("2\n 3*x^2*y - 1/2*y^3 + x - 7;\n x*y + 2;\n", SystemFormat::PHCpack);
  const NumericSystem F(s), Fh(s, true);
  EXPECT_DOUBLE_EQ(F.coefficient_norm(0), std::sqrt(59.25));
  EXPECT_DOUBLE_EQ(F.coefficient_norm(1), std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(Fh.coefficient_norm(0), F.coefficient_norm(0));
  const Complex x[2] = {Complex(0.5, 0.0), Complex(0.0, 2.0)};
  double scale[2];
  F.value_scales(x, scale);
  EXPECT_DOUBLE_EQ(scale[0], 6.0 + 4.0 + 1.0 + 7.0);
  EXPECT_DOUBLE_EQ(scale[1], 2.0 + 2.0);
}

// The polyhedral start system's form: complex coefficients on given supports, homogenized to
// the target's degrees; in MPFR the double coefficients are used exactly.
TEST(NumericSystem, ComplexCoefficientsOnSupports) {
  const std::vector<Support> A = {{{2, 1}, {0, 0}}, {{1, 0}, {0, 1}, {0, 0}}};
  const std::vector<ComplexVector> c = {{Complex(0, 1), Complex(2, -1)}, {Complex(0.5, 0), Complex(-1, 3), 0.25}};
  const NumericSystem G(A, c, {3, 2}, false), Gh(A, c, {4, 2}, true);
  EXPECT_EQ(G.degrees(), (std::vector<int>{3, 1}));
  EXPECT_EQ(Gh.degrees(), (std::vector<int>{4, 2}));
  const Complex x[2] = {Complex(0.5, -1.0), Complex(2.0, 0.25)}, h(0.75, 0.5);
  Complex f[2], J[4];
  G.evaluate(x, f, J);
  EXPECT_LT(std::abs(f[0] - (c[0][0] * x[0] * x[0] * x[1] + c[0][1])), 1e-14);
  EXPECT_LT(std::abs(f[1] - (c[1][0] * x[0] + c[1][1] * x[1] + c[1][2])), 1e-14);
  EXPECT_LT(std::abs(J[0] - 2.0 * c[0][0] * x[0] * x[1]), 1e-14);
  EXPECT_LT(std::abs(J[3] - c[1][1]), 1e-14);
  // x_h^4 G_1(x / x_h) = c x0^2 x1 x_h + c' x_h^4; x_h^2 G_2(x / x_h) = ... x_h + c'' x_h^2.
  const Complex xh[3] = {x[0], x[1], h};
  Complex fh[2];
  Gh.evaluate(xh, fh, nullptr);
  EXPECT_LT(std::abs(fh[0] - (c[0][0] * x[0] * x[0] * x[1] * h + c[0][1] * std::pow(h, 4))), 1e-14);
  EXPECT_LT(std::abs(fh[1] - (c[1][0] * x[0] * h + c[1][1] * x[1] * h + c[1][2] * h * h)), 1e-14);
  PrecisionScope precision(60);
  using C = std::complex<Real>;
  const C point[2] = {C(Real(1) / Real(3)), C(Real(2) / Real(7))};
  C g[2];
  G.evaluate_generic(point, g, static_cast<C*>(nullptr));
  // G_2 = 0.5 / 3 + (-1 + 3i) 2 / 7 + 0.25, exactly.
  EXPECT_LT(abs(g[1].real() - (Real(1) / Real(6) - Real(2) / Real(7) + Real(1) / Real(4))), Real("1e-55"));
  EXPECT_LT(abs(g[1].imag() - Real(6) / Real(7)), Real("1e-55"));
}
