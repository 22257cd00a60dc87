// The polyhedral start layer: binomial systems against their defining equations and |det V|,
// and the start system's solutions against G itself.
#include "polyhedral_homotopy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "landscape/algebra/system_io.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {
namespace {

Complex monomial(const ComplexVector& x, const Exponent& v) {
  Complex r = 1;
  for (std::size_t j = 0; j < x.size(); ++j) r *= std::pow(x[j], v[j]);
  return r;
}

std::size_t distinct(const std::vector<ComplexVector>& points, double tolerance) {
  std::size_t count = 0;
  for (std::size_t a = 0; a < points.size(); ++a) {
    bool seen = false;
    for (std::size_t b = 0; b < a && !seen; ++b) {
      double d = 0;
      for (std::size_t j = 0; j < points[a].size(); ++j) d = std::max(d, std::abs(points[a][j] - points[b][j]));
      seen = d < tolerance;
    }
    count += !seen;
  }
  return count;
}

TEST(PolyhedralHomotopy, BinomialSystemsHaveDetManySolutions) {
  struct Case {
    std::vector<Exponent> V;
    std::size_t det;
  };
  const Case cases[] = {{{{2, 1}, {1, 3}}, 5},
                        {{{1, -2}, {3, 1}}, 7},
                        {{{0, 1}, {1, 0}}, 1},
                        {{{2, 0, 1}, {0, 3, -1}, {1, 1, 2}}, 11}};  // 2 (6 + 1) + 1 (0 - 3)
  SplitMix64 rng(11);
  for (const auto& c : cases) {
    ComplexVector b;
    for (std::size_t i = 0; i < c.V.size(); ++i) b.push_back(std::polar(0.5 + rng.uniform01(), 6.28 * rng.uniform01()));
    const auto xs = binomial_solutions(c.V, b);
    ASSERT_EQ(xs.size(), c.det);
    EXPECT_EQ(distinct(xs, 1e-8), c.det);
    for (const auto& x : xs)
      for (std::size_t i = 0; i < c.V.size(); ++i) EXPECT_LT(std::abs(monomial(x, c.V[i]) - b[i]), 1e-12);
  }
  EXPECT_THROW(binomial_solutions({{1, 2}, {2, 4}}, {1.0, 1.0}), std::invalid_argument);
}

TEST(PolyhedralHomotopy, StartSolutionsSolveTheStartSystem) {
  const auto system = parse_system(cyclic_system_text(5), SystemFormat::PHCpack);
  const auto cells = mixed_cells(supports_of(system, true), {.seed = 3});
  const auto start = polyhedral_start(cells, 9, 2, TrackerOptions{});
  ASSERT_EQ(start.solutions.size(), cells.mixed_volume);
  EXPECT_EQ(start.failed, 0u);
  EXPECT_EQ(distinct(start.solutions, 1e-6), cells.mixed_volume);
  const auto G = start_system(cells, start, std::vector<int>(5, 5), false);
  ComplexVector g(5);
  for (const auto& x : start.solutions) {
    G.evaluate(x.data(), g.data(), nullptr);
    std::vector<double> scale(5);
    G.value_scales(x.data(), scale.data());
    for (std::size_t i = 0; i < 5; ++i) EXPECT_LT(std::abs(g[i]), 1e-10 * scale[i]);
  }
}

}  // namespace
}  // namespace landscape::algebra
