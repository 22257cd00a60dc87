// The trace test on systems whose solutions are known in closed form: the whole set is
// complete, any set with a solution removed is not.
#include "landscape/algebra/trace_test.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "landscape/algebra/system_io.hpp"
#include "landscape/spec/error.hpp"
#include "test_support.hpp"

namespace landscape::algebra {
namespace {

// x^2 + y^2 = 5, x y = 2: (1, 2), (2, 1), (-1, -2), (-2, -1).
TEST(TraceTest, AllFourSolutionsAreCompleteThreeAreNot) {
  const auto s = parse_system("2\n x^2 + y^2 - 5;\n x*y - 2;\n", SystemFormat::PHCpack);
  std::vector<ComplexVector> all = {{1.0, 2.0}, {2.0, 1.0}, {-1.0, -2.0}, {-2.0, -1.0}};
  const auto r = trace_test(s, all);
  EXPECT_EQ(r.verdict, Completeness::Complete) << r.reason << " deviation " << r.deviation;
  EXPECT_LT(r.deviation, 1e-12);
  EXPECT_EQ(r.solutions, 4u);
  EXPECT_EQ(r.lost, 0u);
  for (std::size_t drop = 0; drop < 4; ++drop) {
    auto three = all;
    three.erase(three.begin() + static_cast<long>(drop));
    const auto q = trace_test(s, three);
    EXPECT_EQ(q.verdict, Completeness::Incomplete) << "without solution " << drop << ": deviation " << q.deviation;
    EXPECT_GT(q.deviation, 1e-3);
  }
}

// Katsura-3 by monodromy (8 solutions, 2^3): certified complete; and again for other seeds.
TEST(TraceTest, CertifiesAMonodromyResult) {
  const auto katsura = parse_system(katsura_system_text(3), SystemFormat::PHCpack);
  const auto m = solve_monodromy(katsura, std::nullopt);
  ASSERT_EQ(m.solutions.size(), 8u);
  for (std::uint64_t seed : {0u, 1u, 2u}) {
    TraceTestOptions o;
    o.seed = seed;
    const auto r = trace_test(katsura, m.solutions, o);
    EXPECT_EQ(r.verdict, Completeness::Complete) << "seed " << seed << ": " << r.reason << ", deviation " << r.deviation
                                                 << ", witnesses " << r.witnesses;
  }
  auto seven = m.solutions;
  seven.pop_back();
  EXPECT_EQ(trace_test(katsura, seven).verdict, Completeness::Incomplete);
}

// The integer-scaled 2 -> 2 -> 2 network system (equations multiplied by up to 49,665; 33 solutions,
// test_support.hpp), less its largest or its smallest solution (the origin): the traces must bend
// clearly. At t of order one, a missing far point of the 2 -> 2 -> 3 system bent them by only
// 3e-10, next to 3e-13 for the whole set; the time scale of the test is there for this.
TEST(TraceTest, AMissingFarPointBendsTheTracesOfAScaledSystem) {
  const auto s = parse_system(landscape::testing::regularized_linear_network_system(2, 2, true), SystemFormat::PHCpack);
  const auto m = solve_monodromy(s, std::nullopt);
  ASSERT_EQ(m.solutions.size(), 33u);
  const auto full = trace_test(s, m.solutions);
  EXPECT_EQ(full.verdict, Completeness::Complete) << full.reason << ", deviation " << full.deviation;
  const auto norm_inf = [](const ComplexVector& x) {
    double m = 0;
    for (const auto& z : x) m = std::max(m, std::abs(z));
    return m;
  };
  std::size_t largest = 0, smallest = 0;
  for (std::size_t k = 0; k < m.solutions.size(); ++k) {
    if (norm_inf(m.solutions[k]) > norm_inf(m.solutions[largest])) largest = k;
    if (norm_inf(m.solutions[k]) < norm_inf(m.solutions[smallest])) smallest = k;
  }
  EXPECT_LT(norm_inf(m.solutions[smallest]), 1e-12);
  EXPECT_GT(norm_inf(m.solutions[largest]), 10.0);
  for (std::size_t drop : {largest, smallest}) {
    auto rest = m.solutions;
    rest.erase(rest.begin() + static_cast<long>(drop));
    const auto r = trace_test(s, rest);
    EXPECT_EQ(r.verdict, Completeness::Incomplete) << "without solution " << drop << ": " << r.reason;
    EXPECT_GT(r.deviation, 1e-5) << "without solution " << drop;
  }
}

// The witnesses by monodromy in the coefficients of each equation's own variable (the weight
// decays of the scaled 2 -> 2 -> 2 system) instead of the constant terms: the same verdicts, and
// an own-variable list of the wrong length is refused.
TEST(TraceTest, WitnessesByLoopsInTheOwnVariablesCoefficients) {
  const auto s = parse_system(landscape::testing::regularized_linear_network_system(2, 2, true), SystemFormat::PHCpack);
  const auto names = s.ring->names();
  TraceTestOptions o;
  for (const char* name : {"a00", "a01", "a10", "a11", "b00", "b01", "b10", "b11"})  // equation order
    o.witness_own.push_back(static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin()));
  const auto m = solve_monodromy(s, std::nullopt);
  ASSERT_EQ(m.solutions.size(), 33u);
  const auto full = trace_test(s, m.solutions, o);
  EXPECT_EQ(full.verdict, Completeness::Complete) << full.reason << ", deviation " << full.deviation;
  EXPECT_EQ(full.witnesses, 33u);
  auto rest = m.solutions;
  rest.pop_back();
  EXPECT_EQ(trace_test(s, rest, o).verdict, Completeness::Incomplete);
  o.witness_own.pop_back();
  EXPECT_THROW(trace_test(s, m.solutions, o), InputError);
}

// No solutions given (where there are four), and the witnesses of a monodromy without loops: never
// "complete".
TEST(TraceTest, NoSolutionsIsNeverComplete) {
  const auto s = parse_system("2\n x^2 + y^2 - 5;\n x*y - 2;\n", SystemFormat::PHCpack);
  TraceTestOptions o;
  o.witnesses.max_loops = 0;  // no loops: no witnesses either
  const auto r = trace_test(s, {}, o);
  EXPECT_NE(r.verdict, Completeness::Complete) << r.reason;
}

TEST(TraceTest, RefusesNonSquareSystems) {
  auto s = parse_system("2\n x + y;\n x - y;\n", SystemFormat::PHCpack);
  s.equations.pop_back();
  EXPECT_THROW(trace_test(s, {}), InputError);
}

}  // namespace
}  // namespace landscape::algebra
