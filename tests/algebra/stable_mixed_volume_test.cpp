#include <gtest/gtest.h>

#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/mixed_volume.hpp"
#include "landscape/algebra/system_io.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
PolynomialSystem phc(const std::string& text) { return parse_system(text, SystemFormat::PHCpack); }
std::uint64_t torus_volume(const PolynomialSystem& s) { return mixed_cells(supports_of(s, false)).mixed_volume; }
}  // namespace

// PHCpack's documentation (phcpy, "root counts"): for x^3 y^2 + x y^2 + x^2, x^5 + x^2 y^3 + y^2
// `mixed_volume(f, stable=True)` is (14, 18). Here the origin adds no cell that is not stable,
// and the 18 are reached: 14 regular solutions in the torus and the origin of multiplicity 4,
// which the total-degree homotopy finds (25 paths, the other 7 to infinity).
TEST(StableMixedVolume, PhcpacksDocumentedExample) {
  const auto f = phc("2\n x^3*y^2 + x*y^2 + x^2;\n x^5 + x^2*y^3 + y^2;\n");
  EXPECT_EQ(torus_volume(f), 14u);
  const auto s = stable_mixed_volume(supports_of(f, false));
  EXPECT_EQ(s.stable_mixed_volume, 18u);
  EXPECT_EQ(s.subdivision.mixed_volume, 18u);
  SolveOptions o;
  o.start = StartSystem::TotalDegree;
  o.threads = 1;
  const auto r = solve(f, o);
  int counted = 0;
  for (const auto& x : r.solutions) counted += x.multiplicity;
  EXPECT_EQ(counted, 18);
  EXPECT_EQ(r.failed, 0u);
}

// f1 = 8 x^3 y + 4 x + x^2 y^3, f2 = x^2 y (9 + 5 x): the line x = 0 solves both; the isolated
// solutions have x = -9/5 and y a root of the cubic f1(-9/5, y): 3 of them, the stable mixed
// volume, against 8 with the origin added (the cells whose normals point to the line's infinity
// are not stable).
TEST(StableMixedVolume, BelowTheMixedVolumeWithTheOrigin) {
  const auto f = phc("2\n 8*x^3*y + 4*x + x^2*y^3;\n 9*x^2*y + 5*x^3*y;\n");
  const auto s = stable_mixed_volume(supports_of(f, false));
  EXPECT_EQ(s.subdivision.mixed_volume, 8u);
  EXPECT_EQ(s.stable_mixed_volume, 3u);
  EXPECT_LT(s.stable_cells, s.subdivision.cells.size());
  // f1 = x^2 y (y + 3), f2 = x (9 + 2 x y^3 + 4 x^2): the line x = 0 again; y = 0 gives
  // x = +-3i/2 and y = -3 the two roots of 4 x^2 - 54 x + 9: 4 isolated solutions.
  const auto g = phc("2\n x^2*y^2 + 3*x^2*y;\n 9*x + 2*x^2*y^3 + 4*x^3;\n");
  const auto t = stable_mixed_volume(supports_of(g, false));
  EXPECT_EQ(t.subdivision.mixed_volume, 8u);
  EXPECT_EQ(t.stable_mixed_volume, 4u);
}

// HomotopyContinuation.jl's documentation ("solutions with non-zero entries"): 2y + 3y^2 - x y^3,
// x + 4x^2 - 2x^3 y has 3 solutions in the torus (its `only_torus = true` run). In C^2 there are 6,
// all regular: the 3, the origin, and one on each axis (y = 0: x (1 + 4x) = 0, so x = -1/4; x = 0:
// y (2 + 3y) = 0, so y = -2/3). The stable mixed volume is 6, below the 8 paths of the mixed
// volume with the origin, two of which go to infinity.
TEST(StableMixedVolume, EqualsTheRegularSolutionsInAffineSpace) {
  const auto f = phc("2\n 2*y + 3*y^2 - x*y^3;\n x + 4*x^2 - 2*x^3*y;\n");
  EXPECT_EQ(torus_volume(f), 3u);
  const auto s = stable_mixed_volume(supports_of(f, false));
  EXPECT_EQ(s.subdivision.mixed_volume, 8u);
  EXPECT_EQ(s.stable_mixed_volume, 6u);
  SolveOptions o;
  o.threads = 1;
  const auto r = solve(f, o);
  EXPECT_EQ(r.nonsingular, 6u);
  EXPECT_EQ(r.singular, 0u);
  EXPECT_EQ(r.at_infinity, 2u);
  EXPECT_EQ(r.stable_mixed_volume, "6");
}

// When every support has the origin nothing is added: the stable mixed volume is the mixed
// volume (x^2 + y^2 - 1, x y - 2: 4, Bezout's number too); for products of univariates
// x (x - 1) ... (x - d + 1) without constant terms it is prod d, all the solutions, where the
// torus holds prod (d - 1).
TEST(StableMixedVolume, ClosedForms) {
  const auto with_origin = phc("2\n x^2 + y^2 - 1;\n x*y - 2;\n");
  EXPECT_EQ(stable_mixed_volume(supports_of(with_origin, false)).stable_mixed_volume, 4u);
  EXPECT_EQ(torus_volume(with_origin), 4u);
  const auto products = phc("3\n x*(x-1)*(x-2);\n y*(y-1);\n z*(z-1)*(z-2)*(z-3);\n");
  EXPECT_EQ(stable_mixed_volume(supports_of(products, false)).stable_mixed_volume, 3u * 2u * 4u);
  EXPECT_EQ(torus_volume(products), 2u * 1u * 3u);
}

// The regularized 2->2->2 network system: every critical point is isolated for generic weight
// decays and the stable mixed volume is the mixed volume with the origin, 1,089 (PHCpack's stable
// mixed volume for the 2->2->3 system, 5,329, is likewise ours with the origin: docs/benchmarks.md).
TEST(StableMixedVolume, NetworkSystemHasNoUnstableCell) {
  const auto f = phc(landscape::testing::regularized_linear_network_system(2, 2, true));
  const auto s = stable_mixed_volume(supports_of(f, false));
  EXPECT_EQ(s.subdivision.mixed_volume, 1089u);
  EXPECT_EQ(s.stable_mixed_volume, 1089u);
  EXPECT_EQ(s.stable_cells, s.subdivision.cells.size());
  // A mixed volume cut short by max_volume leaves the stable one unknown.
  MixedVolumeOptions small;
  small.max_volume = 100;
  EXPECT_FALSE(stable_mixed_volume(supports_of(f, false), small).subdivision.complete);
}

// `solve` reports both from the one lifting it tracks from (the polyhedral start system's paths
// are the 8 of the mixed volume with the origin).
TEST(StableMixedVolume, SolveReportsIt) {
  SolveOptions o;
  o.threads = 1;
  o.start = StartSystem::Polyhedral;
  const auto r = solve(phc("2\n x^2*y^2 + 3*x^2*y;\n 9*x + 2*x^2*y^3 + 4*x^3;\n"), o);
  EXPECT_EQ(r.paths, 8u);
  EXPECT_EQ(r.mixed_volume, "8");
  EXPECT_EQ(r.stable_mixed_volume, "4");
  // Auto with a mixed volume no smaller than Bezout's number tracks the total-degree paths, and
  // still reports both volumes.
  const auto u = solve(phc("1\n x^2 - x;\n"), SolveOptions{});
  EXPECT_EQ(u.start_system, StartSystem::TotalDegree);
  EXPECT_EQ(u.mixed_volume, "2");
  EXPECT_EQ(u.stable_mixed_volume, "2");
}
