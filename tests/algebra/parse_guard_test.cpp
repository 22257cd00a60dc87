#include "parse_guard.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include <flint/fmpq.h>
#include <flint/fmpq_mpoly.h>

#include "landscape/algebra/flint_types.hpp"

using namespace landscape::algebra;
using landscape::algebra::detail::parse_cost;

namespace {

std::shared_ptr<PolyRing> ring() { return std::make_shared<PolyRing>(std::vector<std::string>{"a", "b", "c", "d"}); }

double binomial(double n, int k) {
  double r = 1;
  for (int j = 1; j <= k; ++j) r = r * (n - k + j) / j;
  return r;
}

// A random expression over a, b, c, d: sums, products, quotients by integers and small powers.
std::string random_expression(std::mt19937& rng, int depth) {
  std::uniform_int_distribution<int> pick(0, depth > 0 ? 9 : 1);
  const char* names[] = {"a", "b", "c", "d"};
  switch (pick(rng)) {
    case 0: return std::to_string(rng() % 20 == 0 ? 0 : rng() % 100000);
    case 1: return names[rng() % 4];
    case 2: case 3: case 4: return "(" + random_expression(rng, depth - 1) + " + " + random_expression(rng, depth - 1) + ")";
    case 5: case 6: return "(" + random_expression(rng, depth - 1) + ")*(" + random_expression(rng, depth - 1) + ")";
    case 7: case 8: return "(" + random_expression(rng, depth - 1) + ")^" + std::to_string(rng() % 5);
    default: return "-(" + random_expression(rng, depth - 1) + ")/" + std::to_string(1 + rng() % 5000);
  }
}

// Decimal digits of |z|, 0 for z = 1 (as the bound counts a denominator of 1).
double digits(const fmpz_t z) {
  if (fmpz_is_one(z)) return 0;
  return static_cast<double>(fmpz_sizeinbase(z, 10));
}

}  // namespace

// The bounds are bounds: on random expressions (those the guard accepts), FLINT's actual term
// count, and every coefficient's reduced numerator and denominator, stay within them.
TEST(ParseGuard, BoundsHoldForWhatFlintComputes) {
  std::mt19937 rng(20261126);
  int accepted = 0, many_terms = 0, fractions = 0;
  for (int k = 0; k < 500; ++k) {
    const std::string text = random_expression(rng, 6);
    const auto cost = parse_cost(text);
    if (!cost.refused.empty()) continue;  // too large for FLINT to check quickly
    ++accepted;
    Poly p(ring());
    ASSERT_TRUE(Poly::parse(text, ring(), p)) << text;
    EXPECT_LE(static_cast<double>(p.terms()), cost.terms) << text;
    fmpq_t c;
    fmpq_init(c);
    for (slong t = 0; t < p.terms(); ++t) {
      fmpq_mpoly_get_term_coeff_fmpq(c, p.get(), t, p.ring()->ctx());
      EXPECT_LE(digits(fmpq_numref(c)), cost.numerator) << text;
      EXPECT_LE(digits(fmpq_denref(c)), cost.denominator) << text;
      fractions += fmpz_is_one(fmpq_denref(c)) ? 0 : 1;
    }
    fmpq_clear(c);
    many_terms += p.terms() >= 10 ? 1 : 0;
  }
  // The sample is not trivial: most are accepted, many expand to 10 terms or more, many have fractions.
  EXPECT_GE(accepted, 400);  // 491 of 500
  EXPECT_GE(many_terms, 80);  // 108
  EXPECT_GE(fractions, 1000);  // 2,387 fractional coefficients
}

// Planted: (a + b + c + 1)^e has every monomial of degree <= e in three variables, C(e + 3, 3) of
// them, which is the bound C(4 + e - 1, e): the bound is exact there.
TEST(ParseGuard, TermBoundIsExactForAFullPower) {
  for (int e : {0, 1, 2, 7, 30, 64}) {
    const std::string text = "(a + 2*b - 3*c + 1)^" + std::to_string(e);
    Poly p(ring());
    ASSERT_TRUE(Poly::parse(text, ring(), p)) << text;
    EXPECT_EQ(static_cast<double>(p.terms()), binomial(e + 3, 3)) << text;
    EXPECT_EQ(parse_cost(text).terms, binomial(e + 3, 3)) << text;
  }
}

// What fuzzing found: a group to the 53rd power, and products of large powers (1.6e10 term
// products, 119 s), are refused before FLINT expands anything; their reasons say why.
TEST(ParseGuard, RefusesExpansionsBeyondTheLimits) {
  const std::string group = "(a + 2*b + 3*c + 5*d + 7*a*b + 11*c*d)";
  EXPECT_EQ(parse_cost(group + "^53").refused, "expands to more than 1,000,000 terms");
  EXPECT_EQ(parse_cost(group + "^20").refused, "");  // C(25, 5) = 53,130 terms
  // Fewer terms, longer coefficients: five terms with 13-digit denominators to the 53rd power are
  // 395,010 terms of about 1,700 digits (18 s under ASan, tests/fuzz/corpus/phcpack_fuzz/slow-group-power-53).
  const std::string fractions = "(a + 2*b + 2*b*c*d + c/0222222222222 + 2*d)";
  EXPECT_EQ(parse_cost(fractions + "^53").refused, "expands to coefficients of more than 10^7 digits in all");
  EXPECT_EQ(parse_cost(fractions + "^12").refused, "");
  const std::string nine = "(a + b + c + d + a*b + b*c + c*d + a*d + 1)";
  EXPECT_EQ(parse_cost(nine + "^12*" + nine + "^12").refused, "expands to more than 1,000,000 terms");
  // (a + b + c + d + 1)^40 has C(44, 4) = 135,751 terms; multiplying it by a 800 times is 10^8
  // products (600 times is not).
  std::string shifted = "(a + b + c + d + 1)^40";
  for (int k = 0; k < 800; ++k) shifted += "*a";
  EXPECT_EQ(parse_cost(shifted).refused, "takes more than 10^8 term products to expand");
  EXPECT_EQ(parse_cost(shifted.substr(0, shifted.size() - 2 * 200)).refused, "");
  std::string why;
  Poly p(ring());
  EXPECT_FALSE(Poly::parse(group + "^53", ring(), p, &why));
  EXPECT_EQ(why, "expands to more than 1,000,000 terms");
}

TEST(ParseGuard, SyntaxDivisorsExponentsAndNesting) {
  EXPECT_EQ(parse_cost("a/2^3 - -b**2 + 3/007").refused, "");
  EXPECT_EQ(parse_cost("a/0").refused, "divides by something other than a non-zero integer");
  EXPECT_EQ(parse_cost("a/(2)").refused, "divides by something other than a non-zero integer");
  EXPECT_EQ(parse_cost("a^10001").refused, "has an exponent above 10,000 (above 64 on a parenthesized expression or a number)");
  EXPECT_EQ(parse_cost("(a)^65").refused, parse_cost("a^10001").refused);
  EXPECT_EQ(parse_cost("a^123456789").refused, parse_cost("a^10001").refused);
  EXPECT_EQ(parse_cost("a^2^3").refused, "");  // the second exponent is on a group: (a^2)^3
  EXPECT_EQ(parse_cost("(a^2)^65").refused, parse_cost("a^10001").refused);
  for (const char* text : {"", "a +", "2 a", "a*", "(a", "a)", "a ^ b", "a % b", "a.5"})
    EXPECT_EQ(parse_cost(text).refused, "cannot be parsed") << text;
  EXPECT_EQ(parse_cost(std::string(256, '(') + "a" + std::string(256, ')')).refused, "");
  EXPECT_EQ(parse_cost(std::string(257, '(') + "a" + std::string(257, ')')).refused,
            "nests parentheses more than 256 deep");
}
