#include "total_degree_homotopy.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

#include <cmath>
#include <set>

#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

// Degrees (2, 3): 6 start solutions, exactly the pairs (a, b) with a^2 = 1 and b^3 = 1; number
// k has the mixed-radix digits (k % 2, k / 2), so x = (exp(2 pi i (k % 2) / 2), exp(2 pi i (k / 2) / 3)).
TEST(TotalDegreeHomotopy, StartSolutionsAreTheProductsOfRootsOfUnity) {
  const std::vector<int> degrees = {2, 3};
  ASSERT_EQ(start_solution_count(degrees, 100), std::optional<std::size_t>(6));
  std::set<std::pair<int, int>> digits_seen;
  for (std::size_t k = 0; k < 6; ++k) {
    const auto x = start_solution(k, degrees);
    ASSERT_EQ(x.size(), 2u);
    EXPECT_LT(std::abs(x[0] * x[0] - 1.0), 1e-14) << k;
    EXPECT_LT(std::abs(x[1] * x[1] * x[1] - 1.0), 1e-14) << k;
    const int a = static_cast<int>(k % 2), b = static_cast<int>(k / 2);
    EXPECT_LT(std::abs(x[0] - std::polar(1.0, M_PI * a)), 1e-15) << k;
    EXPECT_LT(std::abs(x[1] - std::polar(1.0, 2 * M_PI * b / 3)), 1e-15) << k;
    digits_seen.emplace(a, b);
  }
  EXPECT_EQ(digits_seen.size(), 6u);
  EXPECT_EQ(start_solution_count({4, 1, 5}, 100), std::optional<std::size_t>(20));
}

// |gamma| = 1, n + 1 patch coefficients with parts in [-1, 1], and the same draw for the same seed.
TEST(TotalDegreeHomotopy, ParametersAreDrawnFromTheSeed) {
  const auto a = draw_homotopy_parameters(7, 3), b = draw_homotopy_parameters(7, 3), c = draw_homotopy_parameters(8, 3);
  EXPECT_NEAR(std::abs(a.gamma), 1.0, 1e-15);
  ASSERT_EQ(a.patch.size(), 4u);
  for (const auto& z : a.patch) {
    EXPECT_LE(std::abs(z.real()), 1.0);
    EXPECT_LE(std::abs(z.imag()), 1.0);
  }
  EXPECT_EQ(a.gamma, b.gamma);
  EXPECT_EQ(a.patch, b.patch);
  EXPECT_NE(a.gamma, c.gamma);
}

namespace {
struct Fixture {
  PolynomialSystem system = parse_system("2\n x^2*y - 3*x + 1;\n x*y + y - 2;\n", SystemFormat::PHCpack);
  NumericSystem Fh{system, true};
  HomotopyParameters parameters = draw_homotopy_parameters(3, 2);
  TotalDegreeHomotopy<Complex> H{Fh, parameters.gamma, parameters.patch};
};
}  // namespace

// At t = 1, H = gamma G on the patch, and G vanishes at every start point: x_i^{d_i} = x_h^{d_i}
// after scaling (s, 1) onto the patch; the patch row a.x - 1 vanishes there too.
TEST(TotalDegreeHomotopy, VanishesAtTheStartPointsAtTOne) {
  Fixture f;
  const std::size_t m = 3;
  for (std::size_t k = 0; k < *start_solution_count(f.Fh.degrees(), 1000); ++k) {
    const auto x = f.H.start_on_patch(start_solution(k, f.Fh.degrees()));
    ASSERT_EQ(x.size(), m);
    std::vector<Complex> H(m), Hx(m * m);
    f.H.evaluate(x, 1.0, H.data(), Hx.data(), nullptr);
    for (std::size_t i = 0; i + 1 < m; ++i) EXPECT_LT(std::abs(H[i]), 1e-14 * f.Fh.coefficient_norm(i)) << k;
    EXPECT_LT(std::abs(H[m - 1]), 1e-14) << k;
  }
}

// H(x, 0) = F^h(x), dH/dt = gamma G - F^h (H is linear in t), and H_x against central differences.
TEST(TotalDegreeHomotopy, ValueAndDerivativesMatchTheirDefinitions) {
  Fixture f;
  const std::vector<Complex> x = {Complex(0.3, -0.7), Complex(1.1, 0.2), Complex(-0.4, 0.5)};
  std::vector<Complex> H0(3), H1(3), Ht(3), Hx(9), Fh(2), scratch(9);
  f.H.evaluate(x, 0.0, H0.data(), Hx.data(), Ht.data());
  f.H.evaluate(x, 1.0, H1.data(), scratch.data(), nullptr);
  f.Fh.evaluate(x.data(), Fh.data(), nullptr);
  for (int i = 0; i < 2; ++i) {
    EXPECT_LT(std::abs(H0[i] - Fh[i]), 1e-14);
    EXPECT_LT(std::abs(Ht[i] - (H1[i] - H0[i])), 1e-13);  // linear in t
  }
  const double h = 1e-6;
  std::vector<Complex> plus(3), minus(3), unused(9);
  for (int j = 0; j < 3; ++j) {
    auto xp = x, xm = x;
    xp[j] += h;
    xm[j] -= h;
    f.H.evaluate(xp, 0.4, plus.data(), unused.data(), nullptr);
    f.H.evaluate(xm, 0.4, minus.data(), unused.data(), nullptr);
    std::vector<Complex> at(3), Hx_at(9);
    f.H.evaluate(x, 0.4, at.data(), Hx_at.data(), nullptr);
    for (int i = 0; i < 3; ++i) EXPECT_LT(std::abs((plus[i] - minus[i]) / (2 * h) - Hx_at[i * 3 + j]), 1e-8);
  }
}

// The velocity solves H_x v = -H_t, and one Newton step from a point on the path stays there.
TEST(TotalDegreeHomotopy, VelocityAndNewtonSolveTheirLinearSystems) {
  Fixture f;
  const std::vector<Complex> x = {Complex(0.3, -0.7), Complex(1.1, 0.2), Complex(-0.4, 0.5)};
  std::vector<Complex> v(3), H(3), Hx(9), Ht(3);
  ASSERT_TRUE(f.H.velocity(x, 0.6, v));
  f.H.evaluate(x, 0.6, H.data(), Hx.data(), Ht.data());
  for (int i = 0; i < 3; ++i) {
    Complex row = Ht[i];
    for (int j = 0; j < 3; ++j) row += Hx[i * 3 + j] * v[j];
    EXPECT_LT(std::abs(row), 1e-12);
  }
  auto start = f.H.start_on_patch(start_solution(1, f.Fh.degrees()));
  const auto before = start;
  EXPECT_LT(f.H.newton(start, 1.0), 1e-14);
  for (int i = 0; i < 3; ++i) EXPECT_LT(std::abs(start[i] - before[i]), 1e-14);
}

// The count is checked arithmetic: 2^64 paths (64 quadratics) overflow a size_t and are refused
// as over any limit; a count equal to the limit is allowed, one more is not.
TEST(TotalDegreeHomotopy, PathCountIsCheckedAgainstTheLimit) {
  EXPECT_FALSE(start_solution_count(std::vector<int>(64, 2), std::numeric_limits<std::size_t>::max()).has_value());
  EXPECT_EQ(start_solution_count(std::vector<int>(20, 2), 1u << 20), std::optional<std::size_t>(1u << 20));
  EXPECT_FALSE(start_solution_count(std::vector<int>(20, 2), (1u << 20) - 1).has_value());
}

// The start equation i carries |F_i|: multiplying F_i by 1000 multiplies row i of H and H_x by
// 1000 and leaves the path (dx/dt) unchanged, at every t.
TEST(TotalDegreeHomotopy, ScalingAnEquationLeavesThePathsUnchanged) {
  Fixture f;
  const auto scaled = parse_system("2\n 1000*x^2*y - 3000*x + 1000;\n x*y + y - 2;\n", SystemFormat::PHCpack);
  const NumericSystem Fh_scaled(scaled, true);
  EXPECT_NEAR(Fh_scaled.coefficient_norm(0), 1000 * f.Fh.coefficient_norm(0), 1e-9);
  TotalDegreeHomotopy<Complex> G{Fh_scaled, f.parameters.gamma, f.parameters.patch};
  const std::vector<Complex> x = {Complex(0.3, -0.2), Complex(-0.1, 0.4), Complex(0.7, 0.1)};
  for (double t : {1.0, 0.5, 1e-3}) {
    std::vector<Complex> v(3), w(3), H(3), K(3), Hx(9), Kx(9);
    ASSERT_TRUE(f.H.velocity(x, t, v));
    ASSERT_TRUE(G.velocity(x, t, w));
    for (std::size_t j = 0; j < 3; ++j) EXPECT_LT(std::abs(v[j] - w[j]), 1e-12 * (1 + std::abs(v[j]))) << t;
    f.H.evaluate(x, t, H.data(), Hx.data(), nullptr);
    G.evaluate(x, t, K.data(), Kx.data(), nullptr);
    EXPECT_LT(std::abs(K[0] - 1000.0 * H[0]), 1e-10 * std::abs(K[0])) << t;
    EXPECT_EQ(K[1], H[1]);
  }
}
