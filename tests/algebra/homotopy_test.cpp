#include "landscape/algebra/homotopy.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
SolveResult solve_text(const std::string& text, std::uint64_t seed = 0) {
  SolveOptions options;
  options.seed = seed;
  return solve_total_degree(parse_system(text, SystemFormat::PHCpack), options);
}
}  // namespace

// A product of univariate polynomials has exactly the product of their root counts; repeated
// roots are singular, with their multiplicity.
TEST(Homotopy, ProductOfUnivariatesAndMultiplicities) {
  const auto r = solve_text("2\n (x-1)^2*(x-2)*(x^2+1);\n (y+1)*(y-3)*(y^2-2);\n");
  EXPECT_EQ(r.paths, 20u);
  EXPECT_EQ(r.solutions.size(), 16u);  // 4 distinct x times 4 y
  EXPECT_EQ(r.nonsingular, 12u);       // x in {2, i, -i}
  EXPECT_EQ(r.real, 4u);               // x = 2 with the 4 real y
  EXPECT_EQ(r.singular, 4u);           // x = 1
  for (const auto& s : r.solutions) {
    if (s.status == PathStatus::Singular) {
      EXPECT_EQ(s.multiplicity, 2);
    }
  }
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.at_infinity, 0u);
}

TEST(Homotopy, UnivariateRepeatedRoots) {
  const auto r = solve_text("1\n (x-1)^3*(x+2);\n");
  ASSERT_EQ(r.solutions.size(), 2u);
  EXPECT_EQ(r.nonsingular, 1u);
  EXPECT_EQ(r.singular, 1u);
  for (const auto& s : r.solutions) {
    if (s.status == PathStatus::Singular) {
      EXPECT_EQ(s.multiplicity, 3);
      EXPECT_NEAR(s.point[0].real(), 1.0, 1e-3);
    } else {
      EXPECT_NEAR(s.point[0].real(), -2.0, 1e-12);
    }
  }
}

TEST(Homotopy, CyclicFiveAndSix) {
  const auto five = solve_text(cyclic_system_text(5));
  EXPECT_EQ(five.nonsingular, 70u);
  EXPECT_EQ(five.solutions.size(), 70u);
  EXPECT_EQ(five.nonsingular + five.at_infinity + five.failed, 120u);
  const auto six = solve_text(cyclic_system_text(6), 3);
  EXPECT_EQ(six.nonsingular, 156u);
  EXPECT_EQ(six.paths, 720u);
}

TEST(Homotopy, KatsuraHasTwoToTheN) {
  for (int n = 2; n <= 6; ++n) {
    const auto r = solve_text(katsura_system_text(n));
    EXPECT_EQ(r.nonsingular, 1u << n) << "katsura-" << n;
    EXPECT_EQ(r.at_infinity, 0u);
  }
}

TEST(Homotopy, CountsDoNotDependOnSeedOrThreads) {
  SolveOptions one;
  one.threads = 1;
  one.seed = 11;
  SolveOptions two = one;
  two.threads = 2;
  const auto s = parse_system(cyclic_system_text(5), SystemFormat::PHCpack);
  const auto a = solve_total_degree(s, one), b = solve_total_degree(s, two);
  EXPECT_EQ(a.summary(), b.summary());
  for (std::size_t k = 0; k < a.paths; ++k) EXPECT_EQ(a.path_results[k].endpoint, b.path_results[k].endpoint);
  // Another seed (another gamma and patch): other paths, the same 70 solutions of cyclic-5.
  SolveOptions other = one;
  other.seed = 12345;
  const auto c = solve_total_degree(s, other);
  EXPECT_EQ(c.solutions.size(), 70u);
  EXPECT_EQ(c.solutions.size(), a.solutions.size());
  EXPECT_EQ(c.nonsingular, a.nonsingular);
  EXPECT_EQ(c.real, a.real);
  EXPECT_NE(c.path_results[0].endpoint, a.path_results[0].endpoint);  // the seed did change the run
}

TEST(Homotopy, NonSquareSystemsAreInputErrors) {
  EXPECT_THROW(solve_text("1\n x*y - 1;\n"), InputError);
  EXPECT_THROW(solve_text("2\n x - 1;\n 0*x + 3;\n"), InputError);
}

// The generated standard systems are those PHCpack ships (same polynomials, up to names).
TEST(Homotopy, GeneratedSystemsHaveTheKnownShape) {
  const auto c = parse_system(cyclic_system_text(4), SystemFormat::PHCpack);
  EXPECT_EQ(c.equations[1].terms(), 4);  // x0 x1 + x1 x2 + x2 x3 + x3 x0
  EXPECT_EQ(c.equations[3].total_degree(), 4);
  const auto k = parse_system(katsura_system_text(2), SystemFormat::PHCpack);
  Poly expected(k.ring);
  // m = 0: u0^2 + 2 u1^2 + 2 u2^2 - u0
  ASSERT_TRUE(Poly::parse("u0^2 + 2*u1^2 + 2*u2^2 - u0", k.ring, expected));
  EXPECT_TRUE(k.equations[0] == expected);
}

TEST(Homotopy, CyclicFiveAccountsForEveryPath) {
  const auto r = solve_text(cyclic_system_text(5));
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.nonsingular + r.at_infinity, 120u);
}
