#include "landscape/algebra/relu_sup_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "landscape/algebra/relu_approximation.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {

void expect_encloses(const SupErrorEnclosure& e, double exact, const std::string& what) {
  EXPECT_LE(e.lower, exact) << what;
  EXPECT_GE(e.upper, exact) << what;
  EXPECT_TRUE(e.converged) << what;
  EXPECT_LE(e.upper, 1.0002 * e.lower) << what;
}

}  // namespace

// p(x) = 3/32 + x/2 + 15/32 x^2 on [-1, 1] (the degree-2 Legendre approximation): relu - p is
// -3/32 at 0, -1/16 at -1 and 1, and -19/480 at the critical point -8/15 of the left half, so the
// sup-norm error is 3/32, at 0 (by hand). On [-3, 3] the scaled polynomial has 3 times the error.
TEST(ReluSupError, DegreeTwoLegendreByHand) {
  const std::vector<Rational> p = {Rational(3, 32), Rational(1, 2), Rational(15, 32)};
  const auto e = relu_sup_error(p, Rational(1));
  expect_encloses(e, 3.0 / 32, "degree 2");
  EXPECT_EQ(e.argmax, 0.0);
  const std::vector<Rational> scaled = {Rational(9, 32), Rational(1, 2), Rational(5, 32)};  // 3 p(x/3)
  expect_encloses(relu_sup_error(scaled, Rational(3)), 9.0 / 32, "degree 2 on [-3, 3]");
}

// A planted maximum at an end: p(x) = x^2 on [-1/2, 1/2] leaves relu - p = x - x^2 on the right
// (max 1/4 at x = 1/2), -x^2 on the left (max 1/4 at -1/2): sup error 1/4.
TEST(ReluSupError, PlantedMaximumAtTheEnds) {
  const auto e = relu_sup_error({Rational(0), Rational(0), Rational(1)}, Rational(1, 2));
  expect_encloses(e, 0.25, "x^2");
  EXPECT_EQ(std::abs(e.argmax), 0.5);
}

// The truncated Chebyshev series of |u|/2 to T_2L has the error (1/pi) / (2L + 1) at u = 0
// (the tail sum (2/pi) sum_{k > L} 1/(4k^2 - 1)), which is its maximum; relu = u/2 + |u|/2.
TEST(ReluSupError, ChebyshevTruncationErrorIsTheTailAtZero) {
  for (int l : {1, 2, 10, 40, 101, 200}) {
    const auto r = relu_approximation(Rational(1), l, ApproximationBasis::Chebyshev);
    const double exact = 1 / (M_PI * (2 * (l / 2) + 1));
    EXPECT_LE(r.sup_error_lower, exact * (1 + 1e-15)) << l;
    EXPECT_GE(r.sup_error_upper, exact * (1 - 1e-15)) << l;
    EXPECT_LE(r.sup_error_upper, 1.0002 * r.sup_error_lower) << l;
    EXPECT_NEAR(r.argmax, 0.0, 1e-12) << l;
  }
}

// The issue's figures, computed independently once by a Python script (exact Fractions for the
// Legendre projection, every evaluation in mpmath at 80 digits, 20001 samples in u = x/a plus
// golden-section refinement of the 20 largest): degree 50 on [-1, 1] 0.00618164840556257, degree 60 on
// [-2, 2] 0.0103525673587796, both at x = 0. The old double-Horner sampling reported 928 for the
// second.
TEST(ReluSupError, TheIssuesFiguresAgainstMpmath) {
  const auto fifty = relu_approximation(Rational(1), 50, ApproximationBasis::Legendre);
  EXPECT_LE(fifty.sup_error_lower, 0.00618164840556257 * (1 + 1e-12));
  EXPECT_GE(fifty.sup_error_upper, 0.00618164840556257 * (1 - 1e-12));
  EXPECT_LE(fifty.sup_error_upper, 1.0002 * fifty.sup_error_lower);
  const auto sixty = relu_approximation(Rational(2), 60, ApproximationBasis::Legendre);
  EXPECT_LE(sixty.sup_error_lower, 0.0103525673587796 * (1 + 1e-12));
  EXPECT_GE(sixty.sup_error_upper, 0.0103525673587796 * (1 - 1e-12));
  EXPECT_LE(sixty.sup_error_upper, 1.0002 * sixty.sup_error_lower);
}

// The enclosure is tight (upper <= 1.02 lower, the issue's bar; we aim at 1.0001) on a sparse set
// of degrees in both bases; every degree 1..200 is the `slow` test below.
void expect_tight(int l, double a_value, const Rational& a) {
  for (auto b : {ApproximationBasis::Legendre, ApproximationBasis::Chebyshev}) {
    const auto r = relu_approximation(a, l, b);
    EXPECT_TRUE(r.enclosure_converged) << to_string(b) << " " << l;
    EXPECT_LE(r.sup_error_upper, 1.02 * r.sup_error_lower) << to_string(b) << " " << l;
    EXPECT_GT(r.sup_error_lower, 0) << to_string(b) << " " << l;
    EXPECT_LE(std::abs(r.argmax), a_value) << to_string(b) << " " << l;
  }
}

TEST(ReluSupError, TightOnASparseSetOfDegrees) {
  for (int l : {3, 17, 64, 129, 200}) expect_tight(l, 2.0, Rational(2));
}

TEST(ReluSupErrorSlow, TightForEveryDegreeUpTo200) {
  for (int l = 1; l <= 200; ++l) expect_tight(l, 1.0, Rational(1));
}

TEST(ReluSupError, BadIntervalIsRefused) {
  EXPECT_THROW(relu_sup_error({Rational(0), Rational(1)}, Rational(0)), InputError);
}
