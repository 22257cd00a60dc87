#include "landscape/algebra/flint_types.hpp"

#include <flint/ulong_extras.h>
#include <gtest/gtest.h>

#include "landscape/spec/random.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(Fraction, ExactArithmeticInLowestTerms) {
  const Fraction a(*Rational::parse("2/4")), b(*Rational::parse("-0.125"));
  EXPECT_EQ(a.to_string(), "1/2");
  EXPECT_EQ((a + b).to_string(), "3/8");
  EXPECT_EQ((a - b).to_string(), "5/8");
  EXPECT_EQ((a * b).to_string(), "-1/16");
  EXPECT_EQ(Fraction(*Rational::parse("2.5e-3")).to_string(), "1/400");
  EXPECT_DOUBLE_EQ(a.to_double(), 0.5);
}

// log2 rounded: 3 -> 2^2, 0.3 -> 2^-2 (log2 0.3 = -1.74), 2.8 -> 2^1 (1.49); clamped at the limit.
TEST(Fraction, NearestPowerOfTwo) {
  EXPECT_EQ(nearest_power_of_two(3.0, 60).to_string(), "4");
  EXPECT_EQ(nearest_power_of_two(0.3, 60).to_string(), "1/4");
  EXPECT_EQ(nearest_power_of_two(2.8, 60).to_string(), "2");
  EXPECT_EQ(nearest_power_of_two(1.0, 60).to_string(), "1");
  EXPECT_EQ(nearest_power_of_two(1e30, 40).to_string(), "1099511627776");
  EXPECT_EQ(nearest_power_of_two(1e-300, 60).to_string(), "1/1152921504606846976");
}

TEST(PrimeField, DefaultPrimeIsTheFirstPrimeAbove2To62) {
  EXPECT_EQ(PrimeField::default_prime(), n_nextprime(UWORD(1) << 62, 1));
}

TEST(ModP, ResiduesOfRationals) {
  const PrimeField field;
  const ModP third(Fraction(1, 3), field);
  EXPECT_EQ((third * ModP(3, field)).value(), 1u);
  EXPECT_EQ((ModP(2, field) - ModP(5, field)).value(), field.prime() - 3);
  const PrimeField seven(7);
  EXPECT_THROW(ModP(Fraction(1, 14), seven), std::domain_error);
  EXPECT_EQ(ModP(Fraction(-1, 2), seven).value(), 3u);  // 2 * 3 = 6 = -1 mod 7
}

TEST(Poly, ParsePrintDeriveEvaluate) {
  auto ring = std::make_shared<PolyRing>(std::vector<std::string>{"w1_1_1", "b1_1"});
  Poly p(ring);
  ASSERT_TRUE(Poly::parse("3*w1_1_1^2*b1_1 - 1/2*b1_1 + 7", ring, p));
  EXPECT_EQ(p.total_degree(), 3);
  EXPECT_EQ(p.terms(), 3);
  Poly q(ring);
  ASSERT_TRUE(Poly::parse(p.to_string(), ring, q));
  EXPECT_TRUE(p == q);
  // d/db = 3 w^2 - 1/2 at (w, b) = (2, 5): 12 - 1/2
  EXPECT_EQ(p.derivative(1).evaluate({Fraction(2), Fraction(5)}).to_string(), "23/2");
  EXPECT_EQ(p.evaluate({Fraction(1), Fraction(2)}).to_string(), "12");  // 6 - 1 + 7
  Poly integer(ring);
  ASSERT_TRUE(Poly::parse(p.primitive_integer_string(), ring, integer));
  Poly expected(ring);
  ASSERT_TRUE(Poly::parse("6*w1_1_1^2*b1_1 - b1_1 + 14", ring, expected));
  EXPECT_TRUE(integer == expected) << p.primitive_integer_string();
  Poly bad(ring);
  EXPECT_FALSE(Poly::parse("3*z + 1", ring, bad));
  // A zero divisor is refused before FLINT sees it (its parser aborted the process: found by
  // fuzzing, tests/fuzz/corpus/phcpack_fuzz/crash-division-by-zero); so is a division by anything
  // but an integer literal.
  for (const char* text : {"b1_1 + 3/0", "3/00*b1_1", "1/ 0", "b1_1/(1 - 1)", "b1_1/", "2/b1_1"})
    EXPECT_FALSE(Poly::parse(text, ring, bad)) << text;
  EXPECT_TRUE(Poly::parse("b1_1/ 10 + 3/007", ring, bad));
  // Powers FLINT would expand past all memory are refused before it sees them (fuzzing found
  // "3**3333333333"); a variable's power up to 10,000 and a group's up to 64 are fine.
  for (const char* text : {"3**3333333333", "(b1_1 + w1_1_1)^100000", "(b1_1 + 1)^65", "b1_1^10001", "b1_1^", "2^99"})
    EXPECT_FALSE(Poly::parse(text, ring, bad)) << text;
  EXPECT_TRUE(Poly::parse("b1_1^10000 + (b1_1 + 1)^64 + 2^10", ring, bad));
}

// Planted rank, FLINT style: M = P diag(1,..,1,0,..,0) Q with P, Q random unimodular integer
// matrices (unit lower times unit upper triangular), so rank M is exactly r over Q and modulo
// every prime (P and Q stay invertible mod p). Entries are scaled by random non-zero rationals
// per row and column, which keeps the rank. Iterations scale with LANDSCAPE_TEST_MULTIPLIER.
TEST(Rank, PlantedRankOverQAndModP) {
  SplitMix64 rng(11);
  const PrimeField field;
  using Matrix = std::vector<std::vector<Fraction>>;
  auto unimodular = [&](std::size_t n) {
    Matrix L(n, std::vector<Fraction>(n, Fraction(0))), U = L, M = L;
    for (std::size_t i = 0; i < n; ++i) {
      L[i][i] = U[i][i] = Fraction(1);
      for (std::size_t j = 0; j < i; ++j) L[i][j] = Fraction(rng.uniform_int(-3, 3));
      for (std::size_t j = i + 1; j < n; ++j) U[i][j] = Fraction(rng.uniform_int(-3, 3));
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k) M[i][j] = M[i][j] + L[i][k] * U[k][j];
    return M;
  };
  const int trials = landscape::testing::test_iterations(40);
  for (int trial = 0; trial < trials; ++trial) {
    const std::size_t m = 1 + rng.uniform_int(0, 9), n = 1 + rng.uniform_int(0, 9);
    const std::size_t r = static_cast<std::size_t>(rng.uniform_int(0, static_cast<long>(std::min(m, n))));
    const Matrix P = unimodular(m), Q = unimodular(n);
    Matrix M(m, std::vector<Fraction>(n, Fraction(0)));
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < r; ++k) M[i][j] = M[i][j] + P[i][k] * Q[k][j];
    std::vector<Fraction> row_scale, column_scale;
    for (std::size_t i = 0; i < m; ++i) row_scale.emplace_back(rng.uniform_int(1, 9) * (rng.uniform_int(0, 1) ? 1 : -1), rng.uniform_int(1, 9));
    for (std::size_t j = 0; j < n; ++j) column_scale.emplace_back(rng.uniform_int(1, 9), rng.uniform_int(1, 9));
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j) M[i][j] = M[i][j] * row_scale[i] * column_scale[j];
    EXPECT_EQ(rank_over_q(M, n), static_cast<long>(r)) << "trial " << trial << ": " << m << "x" << n;
    std::vector<std::vector<ModP>> Mp;
    for (const auto& row : M) {
      Mp.emplace_back();
      for (const auto& x : row) Mp.back().emplace_back(x, field);
    }
    EXPECT_EQ(rank_mod_p(Mp, n, field), static_cast<long>(r)) << "trial " << trial;
  }
  // A hand-made case: rows (1, 2, 3), (2, 4, 6), (1/2, 0, 1) have rank 2.
  std::vector<std::vector<Fraction>> H = {{1, 2, 3}, {2, 4, 6}, {Fraction(1, 2), 0, 1}};
  EXPECT_EQ(rank_over_q(H, 3), 2);
}
