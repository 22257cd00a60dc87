// Mixed volumes against numbers known independently: Bezout's number for dense supports, the
// product of degrees for univariate equations, the area formula MV(P, Q) = area(P + Q) - area(P)
// - area(Q) in the plane, and the 70 solutions of cyclic-5.
#include "landscape/algebra/mixed_volume.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "landscape/algebra/system_io.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {
namespace {

// Every exponent of total degree <= d in n variables.
Support dense(int n, int d) {
  Support A;
  Exponent a(static_cast<std::size_t>(n), 0);
  std::function<void(int, int)> fill = [&](int j, int left) {
    if (j == n) {
      A.push_back(a);
      return;
    }
    for (int e = 0; e <= left; ++e) {
      a[static_cast<std::size_t>(j)] = e;
      fill(j + 1, left - e);
    }
    a[static_cast<std::size_t>(j)] = 0;
  };
  fill(0, d);
  return A;
}

TEST(MixedVolume, DenseSupportsGiveTheBezoutNumber) {
  const auto r = mixed_cells({dense(3, 2), dense(3, 3), dense(3, 2)}, {.seed = 7});
  EXPECT_EQ(r.mixed_volume, 12u);
  EXPECT_TRUE(r.complete);
  std::uint64_t sum = 0;
  for (const auto& c : r.cells) sum += c.volume;
  EXPECT_EQ(sum, 12u);
}

TEST(MixedVolume, UnivariateEquationsGiveTheProductOfDegrees) {
  const int degrees[] = {3, 1, 4, 2};
  std::vector<Support> A(4);
  for (int i = 0; i < 4; ++i)
    for (int e = 0; e <= degrees[i]; ++e) {
      Exponent a(4, 0);
      a[static_cast<std::size_t>(i)] = e;
      A[static_cast<std::size_t>(i)].push_back(a);
    }
  EXPECT_EQ(mixed_cells(A).mixed_volume, 24u);
}

// Twice the area of the convex hull of integer points (Andrew's monotone chain, shoelace).
long twice_area(Support P) {
  std::sort(P.begin(), P.end());
  P.erase(std::unique(P.begin(), P.end()), P.end());
  if (P.size() < 3) return 0;
  auto cross = [](const Exponent& o, const Exponent& a, const Exponent& b) {
    return static_cast<long>(a[0] - o[0]) * (b[1] - o[1]) - static_cast<long>(a[1] - o[1]) * (b[0] - o[0]);
  };
  Support hull(2 * P.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < P.size(); ++i) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], P[i]) <= 0) --k;
    hull[k++] = P[i];
  }
  for (std::size_t i = P.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && cross(hull[k - 2], hull[k - 1], P[i]) <= 0) --k;
    hull[k++] = P[i];
  }
  long area = 0;
  for (std::size_t i = 0; i + 1 < k; ++i) area += static_cast<long>(hull[i][0]) * hull[i + 1][1] - static_cast<long>(hull[i + 1][0]) * hull[i][1];
  return std::abs(area);
}

TEST(MixedVolume, PlaneSupportsMatchTheAreaFormula) {
  SplitMix64 rng(2026);
  for (int trial = 0; trial < 25; ++trial) {
    Support P, Q;
    for (int k = 0; k < 2 + static_cast<int>(rng.next() % 5); ++k)
      P.push_back({static_cast<int>(rng.next() % 6), static_cast<int>(rng.next() % 6)});
    for (int k = 0; k < 2 + static_cast<int>(rng.next() % 5); ++k)
      Q.push_back({static_cast<int>(rng.next() % 6), static_cast<int>(rng.next() % 6)});
    std::sort(P.begin(), P.end());
    P.erase(std::unique(P.begin(), P.end()), P.end());
    std::sort(Q.begin(), Q.end());
    Q.erase(std::unique(Q.begin(), Q.end()), Q.end());
    if (P.size() < 2 || Q.size() < 2) continue;
    Support sum;
    for (const auto& p : P)
      for (const auto& q : Q) sum.push_back({p[0] + q[0], p[1] + q[1]});
    const long expected = (twice_area(sum) - twice_area(P) - twice_area(Q)) / 2;
    EXPECT_EQ(static_cast<long>(mixed_cells({P, Q}, {.seed = static_cast<std::uint64_t>(trial)}).mixed_volume), expected)
        << "trial " << trial;
  }
}

TEST(MixedVolume, CyclicFiveHasSeventy) {
  const auto system = parse_system(cyclic_system_text(5), SystemFormat::PHCpack);
  for (std::uint64_t seed : {0u, 1u, 2u}) EXPECT_EQ(mixed_cells(supports_of(system, false), {.seed = seed}).mixed_volume, 70u);
  // With the origin added the bound covers C^5: never below the torus count, never above Bezout.
  const auto with_origin = mixed_cells(supports_of(system, true)).mixed_volume;
  EXPECT_GE(with_origin, 70u);
  EXPECT_LE(with_origin, 120u);
}

// HomotopyContinuation.jl's test "Polyhedral: torus support" (x1, x2, s): `mixed_volume(F) == 54`
// and 92 paths without `only_torus` (the supports with the origin added).
TEST(MixedVolume, HomotopyContinuationJlsTorusSupportSystem) {
  const auto system = parse_system(
      "3\n x1^3*s^15 + x1*x2*s + x2^3 + s^12;\n x1^2*s^9 + x1*x2^2 + x2*s^3;\n x1^2*x2*s^5 + x1*s^8 + x2^2;\n",
      SystemFormat::PHCpack);
  for (std::uint64_t seed : {0u, 1u}) {
    EXPECT_EQ(mixed_cells(supports_of(system, false), {.seed = seed}).mixed_volume, 54u);
    EXPECT_EQ(mixed_cells(supports_of(system, true), {.seed = seed}).mixed_volume, 92u);
  }
}

TEST(MixedVolume, StopsAtTheVolumeLimit) {
  const auto r = mixed_cells({dense(2, 3), dense(2, 3)}, {.max_volume = 4});
  EXPECT_FALSE(r.complete);
  EXPECT_LE(r.mixed_volume, 4u);
}

TEST(MixedVolume, RefusesSupportsOfTheWrongShape) {
  EXPECT_THROW(mixed_cells({{{0, 0}, {1, 0}}}), InputError);
  EXPECT_THROW(mixed_cells({{{0}}}), InputError);
}

}  // namespace
}  // namespace landscape::algebra
