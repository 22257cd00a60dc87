#include "landscape/algebra/certify.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(Certify, KrawczykProvesRegularRootsAndRefusesOthers) {
  const auto s = parse_system("2\n x^2 - 2;\n x*y - 1;\n", SystemFormat::PHCpack);
  const double r2 = std::sqrt(2.0);
  EXPECT_TRUE(krawczyk_certify(s, {Complex(r2, 0), Complex(1 / r2, 0)}).certified);
  // Far from any solution: no box around it can be certified.
  EXPECT_FALSE(krawczyk_certify(s, {Complex(1.3, 0), Complex(0.7, 0)}).certified);
  // A double root is singular: Krawczyk cannot certify it (the operator does not contract).
  const auto d = parse_system("1\n x^2 - 2*x + 1;\n", SystemFormat::PHCpack);
  EXPECT_FALSE(krawczyk_certify(d, {Complex(1.0, 0)}).certified);
}

TEST(Certify, AllRootsOfAUnivariatePolynomialAreCertifiedAndDistinct) {
  const auto s = parse_system("1\n x^5 - 3*x + 1;\n", SystemFormat::PHCpack);
  const auto r = solve_total_degree(s);
  const auto c = certify_solutions(s, r.solutions);
  EXPECT_EQ(c.certified, 5u);
  EXPECT_EQ(c.undecided, 0u);
}

// Two copies of the same solution must not both count as certified.
TEST(Certify, OverlappingBoxesAreUndecided) {
  const auto s = parse_system("1\n x^2 - 2;\n", SystemFormat::PHCpack);
  Solution a;
  a.point = {Complex(std::sqrt(2.0), 0)};
  Solution b = a;
  b.point = {Complex(std::sqrt(2.0) + 1e-15, 0)};
  const auto c = certify_solutions(s, {a, b});
  EXPECT_EQ(c.certified, 0u);
  EXPECT_EQ(c.undecided, 2u);
}

// x^5 - 3x + 1 has 3 real roots (sign changes on [-2, -1], [0, 1], [1, 2]; its two critical points
// allow no more) and 2 non-real ones: each proved real or non-real.
TEST(Certify, RealnessIsProvedByAConjugationClosedBox) {
  const auto s = parse_system("1\n x^5 - 3*x + 1;\n", SystemFormat::PHCpack);
  const auto c = certify_solutions(s, solve_total_degree(s).solutions);
  EXPECT_EQ(c.certified, 5u);
  EXPECT_EQ(c.certified_real, 3u);
  EXPECT_EQ(c.certified_non_real, 2u);
  // An approximation of sqrt(2) with an imaginary part of 1e-9 is still proved real.
  const auto r = krawczyk_certify(parse_system("1\n x^2 - 2;\n", SystemFormat::PHCpack), {Complex(std::sqrt(2.0), 1e-9)});
  EXPECT_TRUE(r.certified);
  EXPECT_TRUE(r.real);
  EXPECT_FALSE(r.non_real);
}

// x^2 + 10^-14 has the roots +-10^-7 i, within 1e-6 of the real line: the real-centred box wide
// enough to reach them holds both, so realness is not proved; the small box around one proves it
// non-real.
TEST(Certify, ANearlyRealPairIsNotCalledReal) {
  const auto s = parse_system("1\n x^2 + 1/100000000000000;\n", SystemFormat::PHCpack);
  const auto c = krawczyk_certify(s, {Complex(0.0, 1e-7)});
  EXPECT_TRUE(c.certified);
  EXPECT_FALSE(c.real);
  EXPECT_TRUE(c.non_real);
}
