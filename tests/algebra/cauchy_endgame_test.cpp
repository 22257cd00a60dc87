#include "cauchy_endgame.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
SolveResult solve_text(const std::string& text, bool cauchy = true) {
  SolveOptions options;
  options.threads = 1;
  options.tracker.cauchy_endgame = cauchy;
  return solve_total_degree(parse_system(text, SystemFormat::PHCpack), options);
}
double largest_error(const SolveResult& r, const ComplexVector& root) {
  double error = 0;
  for (const auto& s : r.solutions)
    if (std::abs(s.point[0] - root[0]) < 1e-2)
      for (std::size_t i = 0; i < root.size(); ++i) error = std::max(error, std::abs(s.point[i] - root[i]));
  return error;
}
}  // namespace

// (x - 2)^3 (x + 3): near t = 0 the three paths to the triple root are x - 2 ~ (a t)^(1/3), one
// cycle of winding number 3; the path to -3 is regular (winding number 1). The loops put the
// triple root within 1e-8 (tracking towards it alone stops about t^(1/3) away from it). (A root
// of the start system x^4 - 1 would not do: at x = 1 one path stays put and two wind around it.)
TEST(CauchyEndgame, TripleRootHasWindingNumberThree) {
  const auto r = solve_text("1\n (x-2)^3*(x+3);\n");
  ASSERT_EQ(r.solutions.size(), 2u);
  EXPECT_EQ(r.failed, 0u);
  for (const auto& s : r.solutions) {
    if (s.status == PathStatus::Singular) {
      EXPECT_EQ(s.multiplicity, 3);
      EXPECT_EQ(s.winding_number, 3);
      EXPECT_LT(std::abs(s.point[0] - 2.0), 1e-8);
    } else {
      EXPECT_EQ(s.winding_number, 1);
      EXPECT_LT(std::abs(s.point[0] + 3.0), 1e-12);
    }
  }
  for (const auto& p : r.path_results) EXPECT_EQ(p.winding_number, std::abs(p.endpoint[0] - 2.0) < 1e-3 ? 3 : 1);
}

// f1 = (x - 2)^2 (x + 3), f2 = (y - 2)^3: the homotopy does not couple x and y (the patch only
// rescales), so a path to (2, 2) is a pair of cycles of winding numbers 2 and 3 and comes back
// after lcm(2, 3) = 6 loops; the three paths to (-3, 2) after 3. Multiplicities 2 * 3 and 1 * 3.
TEST(CauchyEndgame, ProductPathsWindLikeTheLeastCommonMultiple) {
  const auto r = solve_text("2\n (x-2)^2*(x+3);\n (y-2)^3;\n");
  ASSERT_EQ(r.solutions.size(), 2u);
  EXPECT_EQ(r.failed, 0u);
  for (const auto& s : r.solutions) {
    const bool at_two = std::abs(s.point[0] - 2.0) < 1e-3;
    EXPECT_EQ(s.status, PathStatus::Singular);
    EXPECT_EQ(s.multiplicity, at_two ? 6 : 3);
    EXPECT_EQ(s.winding_number, at_two ? std::lcm(2, 3) : 3);
  }
  EXPECT_LT(largest_error(r, {2.0, 2.0}), 1e-7);
  EXPECT_LT(largest_error(r, {-3.0, 2.0}), 1e-7);
}

// The endgame is what makes the singular ends accurate: with it off, the paths to x = 1 of
// (x - 2)^5 stop short by orders of magnitude more, and no winding number is known.
TEST(CauchyEndgame, OffLeavesSingularEndsInaccurate) {
  const std::string quintic = "1\n (x-2)^5;\n";
  const auto on = solve_text(quintic, true), off = solve_text(quintic, false);
  ASSERT_EQ(on.solutions.size(), 1u);
  EXPECT_EQ(on.solutions[0].multiplicity, 5);
  EXPECT_EQ(on.solutions[0].winding_number, 5);
  EXPECT_LT(largest_error(on, {2.0}), 1e-8);
  for (const auto& p : off.path_results) EXPECT_EQ(p.winding_number, 0);
  EXPECT_GT(largest_error(off, {2.0}), 100 * largest_error(on, {2.0}));
}

// Loops directly: around a regular end one loop closes; a radius with no points recorded gives
// no estimate.
TEST(CauchyEndgame, RegularEndClosesAfterOneLoop) {
  const auto system = parse_system("1\n x^2 - 4;\n", SystemFormat::PHCpack);
  const NumericSystem Fh(system, true);
  const ComplexVector patch{Complex(0.3, 0.1), Complex(0.7, -0.2)};
  const Complex gamma = std::polar(1.0, 0.9);
  // The patch point of x = 2 at t = 0 is (2, 1) / (a . (2, 1)); at t = 1e-3 Newton finds it.
  TrackedPoint p;
  const Complex a = patch[0] * 2.0 + patch[1];
  const ComplexVector x0{2.0 / a, 1.0 / a};
  auto estimate = cauchy_loops(Fh, gamma, patch, x0, 1e-12, 4, TrackerOptions{});
  ASSERT_TRUE(estimate.has_value());
  EXPECT_EQ(estimate->winding_number, 1);
  EXPECT_LT(std::abs(estimate->point[0] / estimate->point[1] - 2.0), 1e-9);
  EXPECT_FALSE(cauchy_endgame(Fh, gamma, patch, p, TrackerOptions{}).has_value());
}
