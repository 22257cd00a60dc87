// Monodromy in the own variables' coefficients, pattern by pattern: the matching, the patterns
// against a brute-force search by evaluation, and the counts against closed forms and PHCpack.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/mixed_volume.hpp"
#include "landscape/algebra/monodromy.hpp"
#include "landscape/algebra/numeric_system.hpp"
#include "landscape/algebra/system_io.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {

PolynomialSystem phc(const std::string& text) { return parse_system(text, SystemFormat::PHCpack); }

// Brute force by evaluation, independent of the supports: S (a bit mask) is a pattern when, at
// two random complex points with x_S = 0, F_i vanishes for every i whose own variable is in S.
std::set<std::uint64_t> invariant_sets_by_evaluation(const PolynomialSystem& s, const std::vector<std::size_t>& own) {
  const std::size_t n = s.ring->variables();
  const NumericSystem F(s);
  SplitMix64 rng(11);
  std::set<std::uint64_t> out;
  for (std::uint64_t S = 0; S < (std::uint64_t{1} << n); ++S) {
    bool vanishes = true;
    for (int trial = 0; trial < 2 && vanishes; ++trial) {
      ComplexVector x(n), f(n);
      for (std::size_t v = 0; v < n; ++v)
        x[v] = (S >> v & 1) ? Complex(0.0) : Complex(rng.uniform01() - 0.5, rng.uniform01() - 0.5);
      F.evaluate(x.data(), f.data(), nullptr);
      for (std::size_t i = 0; i < n; ++i)
        if (S >> own[i] & 1) vanishes = vanishes && std::abs(f[i]) <= 1e-12;
    }
    if (vanishes) out.insert(S);
  }
  return out;
}

std::uint64_t zero_mask(const std::vector<bool>& kept) {
  std::uint64_t S = 0;
  for (std::size_t v = 0; v < kept.size(); ++v)
    if (!kept[v]) S |= std::uint64_t{1} << v;
  return S;
}

}  // namespace

// A matching of linear terms: equation i on x_i when it can, an augmenting path when not,
// nothing without one.
TEST(MonodromyPatterns, OwnVariablesAreAMatchingOfLinearTerms) {
  const auto network = phc(landscape::testing::regularized_linear_network_system(2, 2, true));
  const auto own = own_variables(network);
  ASSERT_TRUE(own.has_value());
  const auto supports = supports_of(network, false);
  std::set<std::size_t> owned;
  for (std::size_t i = 0; i < 8; ++i) {
    Exponent linear(8, 0);
    linear[(*own)[i]] = 1;
    EXPECT_NE(std::find(supports[i].begin(), supports[i].end(), linear), supports[i].end()) << "equation " << i + 1;
    owned.insert((*own)[i]);
  }
  EXPECT_EQ(owned.size(), 8u);
  EXPECT_EQ(*own_variables(phc("2\n x + 2*y;\n x - y;\n")), (std::vector<std::size_t>{0, 1}));
  // x + y - 1 would take x, but x + y^2 has only x: the first equation moves to y.
  const auto swapped = own_variables(phc("2\n x + y - 1;\n x + y^2;\n"));
  ASSERT_TRUE(swapped.has_value());
  EXPECT_EQ(*swapped, (std::vector<std::size_t>{1, 0}));
  EXPECT_FALSE(own_variables(phc("2\n x^2 + y^2 - 1;\n x + y;\n")).has_value());
  EXPECT_FALSE(own_variables(phc("1\n x + y;\n")).has_value());  // not square
  std::string wide = "65\n";  // x_i - 1 for 65 unknowns: beyond the 64-bit pattern masks
  for (int i = 0; i < 65; ++i) wide += " x" + std::to_string(i) + " - 1;\n";
  EXPECT_FALSE(own_variables(phc(wide)).has_value());
}

// The 2 -> 2 -> 2 and 2 -> 3 -> 2 network systems: the patterns are the sets of dead hidden units
// (all but every unit dead), and they agree with the brute force over all 2^K sets.
TEST(MonodromyPatterns, NetworkPatternsAreTheSetsOfDeadUnits) {
  for (int d1 : {2, 3}) {
    const auto s = phc(landscape::testing::regularized_linear_network_system(d1, 2, false));
    const auto own = *own_variables(s);
    const auto patterns = diagonal_patterns(s, own, 1000);
    EXPECT_EQ(patterns.size(), (std::size_t{1} << d1) - 1) << d1 << " hidden units";
    auto brute = invariant_sets_by_evaluation(s, own);
    brute.erase((std::uint64_t{1} << s.ring->variables()) - 1);  // every variable: the origin
    std::set<std::uint64_t> found;
    for (const auto& kept : patterns) found.insert(zero_mask(kept));
    EXPECT_EQ(found, brute) << d1 << " hidden units";
    EXPECT_THROW(diagonal_patterns(s, own, 2), InputError);
  }
}

// x (2 + y) = 0, 3 y + x^2 = 0: {x = 0} is a pattern, but there the second equation is 3 y alone
// (no point with y != 0), so only the whole space is searched: (+-sqrt 6, -2) and the origin.
TEST(MonodromyPatterns, APatternWithOnlyItsOwnTermIsLeftOut) {
  const auto s = phc("2\n 2*x + x*y;\n 3*y + x^2;\n");
  const auto own = *own_variables(s);
  ASSERT_EQ(diagonal_patterns(s, own, 10).size(), 1u);
  EXPECT_EQ(invariant_sets_by_evaluation(s, own), (std::set<std::uint64_t>{0, 1, 3}));
  const auto m = solve_monodromy_by_patterns(s, own, {});
  ASSERT_EQ(m.solutions.size(), 3u);
  std::vector<double> xs;
  for (const auto& p : m.solutions) {
    xs.push_back(p[0].real());
    EXPECT_NEAR(std::abs(p[0].imag()) + std::abs(p[1].imag()), 0.0, 1e-12);
    if (p[0] != Complex(0.0)) {
      EXPECT_NEAR(p[1].real(), -2.0, 1e-12);
    }
  }
  std::sort(xs.begin(), xs.end());
  EXPECT_NEAR(xs[0], -std::sqrt(6.0), 1e-12);
  EXPECT_EQ(xs[1], 0.0);
  EXPECT_NEAR(xs[2], std::sqrt(6.0), 1e-12);
}

// x_i (x_i - i) = 0 for i = 1..5: every set of coordinates is a pattern (31 besides the origin),
// each with one point, x_i = i where kept: 2^5 = 32 solutions, all real.
TEST(MonodromyPatterns, EveryCoordinateSubspaceOfADecoupledSystem) {
  const auto s = phc("5\n x1^2 - x1;\n x2^2 - 2*x2;\n x3^2 - 3*x3;\n x4^2 - 4*x4;\n x5^2 - 5*x5;\n");
  const auto own = *own_variables(s);
  EXPECT_EQ(diagonal_patterns(s, own, 100).size(), 31u);
  const auto m = solve_monodromy_by_patterns(s, own, {});
  EXPECT_EQ(m.patterns, 31u);
  EXPECT_EQ(m.solutions.size(), 32u);
  EXPECT_EQ(m.real, 32u);
  EXPECT_EQ(m.lost, 0u);
  std::set<std::vector<int>> points;
  for (const auto& x : m.solutions) {
    std::vector<int> p;
    for (std::size_t i = 0; i < 5; ++i) {
      const double v = x[i].real();
      EXPECT_TRUE(std::abs(v) <= 1e-12 || std::abs(v - static_cast<double>(i + 1)) <= 1e-12) << v;
      p.push_back(static_cast<int>(std::lround(v)));
    }
    points.insert(p);
  }
  EXPECT_EQ(points.size(), 32u);
  EXPECT_THROW(solve_monodromy_by_patterns(s, own, {}, 8), InputError);
}

// The scaled 2 -> 2 -> 2 network system: PHCpack's 33 regular solutions, 5 real, complete by the
// trace test in the first round, and each one certified by Krawczyk (5 of them real).
TEST(MonodromyPatterns, CertifiedCountOfTheRegularizedLinearNetwork) {
  const auto s = phc(landscape::testing::regularized_linear_network_system(2, 2, true));
  const auto c = solve_monodromy_by_patterns_certified(s, *own_variables(s), {});
  EXPECT_EQ(c.monodromy.patterns, 3u);
  EXPECT_EQ(c.monodromy.solutions.size(), 33u);
  EXPECT_EQ(c.monodromy.real, 5u);
  EXPECT_EQ(c.trace.verdict, Completeness::Complete) << c.trace.reason << " deviation " << c.trace.deviation;
  EXPECT_EQ(c.trace.witnesses, 33u);
  EXPECT_EQ(c.rounds, 1);
  const auto certified = certify_solutions(s, as_solve_result(s, c.monodromy.solutions).solutions);
  EXPECT_EQ(certified.certified, 33u);
  EXPECT_EQ(certified.certified_real, 5u);
}

// The integer-scaled 2 -> 3 -> 3 system (15 unknowns, Bezout 14,348,907, PHCpack's stable
// mixed volume 389,017): 245 = 64 + 3 48 + 3 12 + 1 solutions (per set of live hidden units), 7
// real, all certified, complete by the trace test (about 6 minutes on 2 cores: label `slow`). With
// its points refined by Newton in double only, the traces of such a set stayed 1e-9 off a line.
TEST(MonodromyPatternsSlow, TwoThreeThreeNetworkIsCertifiedComplete) {
  const auto s = phc(landscape::testing::regularized_linear_network_system(3, 3, true));
  const auto c = solve_monodromy_by_patterns_certified(s, *own_variables(s), {});
  EXPECT_EQ(c.monodromy.patterns, 7u);
  EXPECT_EQ(c.monodromy.solutions.size(), 245u);
  EXPECT_EQ(c.monodromy.real, 7u);
  EXPECT_EQ(c.trace.verdict, Completeness::Complete) << c.trace.reason << " deviation " << c.trace.deviation;
  EXPECT_LE(c.trace.deviation, 1e-13);
  const auto certified = certify_solutions(s, as_solve_result(s, c.monodromy.solutions).solutions);
  EXPECT_EQ(certified.certified, 245u);
}
