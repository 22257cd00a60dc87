#include "endgame.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
// A path that stopped at t = 0 at the affine point `x` (homogeneous coordinates (x, 1)).
TrackedPoint stopped_at(ComplexVector x, double xh = 1.0) {
  TrackedPoint p;
  for (auto& z : x) z *= xh;
  p.x = std::move(x);
  p.x.push_back(xh);
  p.t = 0;
  p.steps = 17;
  return p;
}
NumericSystem affine_system(const std::string& text) { return NumericSystem(parse_system(text, SystemFormat::PHCpack)); }
}  // namespace

// Near sqrt(2), Newton on x^2 - 2 refines the endpoint to the root. The scaled condition number
// is exactly 1 there: the Jacobian 2x divided by its term size |2x|.
TEST(Endgame, RegularRootIsRefinedAndNonsingular) {
  const auto F = affine_system("1\n x^2 - 2;\n");
  const auto r = classify_tracked_point(F, stopped_at({1.4142}), TrackerOptions{});
  EXPECT_EQ(r.status, PathStatus::Nonsingular);
  EXPECT_LT(std::abs(r.endpoint[0] - std::sqrt(2.0)), 1e-15);
  EXPECT_LT(r.residual, 1e-15);
  EXPECT_NEAR(r.condition, 1.0, 1e-12);
  EXPECT_TRUE(r.real);
  EXPECT_EQ(r.steps, 17);
  EXPECT_EQ(r.t_reached, 0.0);
}

// At the double root of (x - 1)^2 the scaled Jacobian vanishes: singular, not failed (the
// residual is tiny) and not non-singular.
TEST(Endgame, DoubleRootIsSingular) {
  const auto F = affine_system("1\n x^2 - 2*x + 1;\n");
  const auto r = classify_tracked_point(F, stopped_at({Complex(1.0 + 1e-9, 0.0)}), TrackerOptions{});
  EXPECT_EQ(r.status, PathStatus::Singular);
  EXPECT_GT(r.condition, 1e8);
  EXPECT_NEAR(r.endpoint[0].real(), 1.0, 1e-8);
}

// x^2 + 1 from x = 3: real Newton steps stay real and cannot reach +-i; refinement stops when |F|
// grows (at 0.2916...) and the residual leaves the point Failed.
TEST(Endgame, NoRootNearbyIsFailed) {
  const auto F = affine_system("1\n x^2 + 1;\n");
  const auto r = classify_tracked_point(F, stopped_at({3.0}), TrackerOptions{});
  EXPECT_EQ(r.status, PathStatus::Failed);
  EXPECT_GT(r.residual, 1.0);
  EXPECT_EQ(r.endpoint[0].imag(), 0.0);
}

// x_h below 1 / infinity_threshold relative to |x|: at infinity, reported in homogeneous
// coordinates on the patch.
TEST(Endgame, VanishingHomogenizingCoordinateIsAtInfinity) {
  const auto F = affine_system("2\n x*y - 1;\n x - 2;\n");
  TrackedPoint p;
  p.x = {Complex(0.6, 0.1), Complex(-0.3, 0.2), Complex(1e-12, 0.0)};
  p.t = 1e-9;
  const auto r = classify_tracked_point(F, p, TrackerOptions{});
  EXPECT_EQ(r.status, PathStatus::AtInfinity);
  EXPECT_EQ(r.endpoint, p.x);
  EXPECT_EQ(r.stop_point, p.x);
  EXPECT_EQ(r.t_reached, 1e-9);
}

// The tracker's divergence test is checked by Newton on F: from 2.001 Newton on x - 2 moves by
// 0.001 to a non-singular root, so the path ends there; from 1000 it would move by 998 (more than
// 1% of the size), so the path stays at infinity.
TEST(Endgame, DivergenceIsOverruledOnlyByANearbyRoot) {
  const auto F = affine_system("1\n x - 2;\n");
  auto near = stopped_at({2.001}, 1e-3);
  near.diverging = true;
  const auto finite = classify_tracked_point(F, near, TrackerOptions{});
  EXPECT_EQ(finite.status, PathStatus::Nonsingular);
  EXPECT_NEAR(finite.endpoint[0].real(), 2.0, 1e-15);
  auto far = stopped_at({1000.0}, 1e-3);
  far.diverging = true;
  EXPECT_EQ(classify_tracked_point(F, far, TrackerOptions{}).status, PathStatus::AtInfinity);
}

// |x_h| / |x| still falling by more than 5% per decade over the last three decades turns an end
// that is not a non-singular solution into one at infinity (near infinity the residual relative
// to the terms is small: cyclic-7 had 110 such ends called singular solutions); converging to a
// limit leaves it failed. A non-singular solution stays one even with falling decades: regular
// roots of badly scaled systems had been dropped as "at infinity" (tests/algebra/homotopy_test.cpp,
// planted roots).
TEST(Endgame, FallingDecadesMakeAnEndThatSolvesNothingAtInfinity) {
  const auto F = affine_system("1\n x^2 - 2*x + 1;\n");
  auto falling = stopped_at({Complex(40.0, 3.0)});
  falling.decade_xh = {0.5, 0.4, 0.3};
  TrackerOptions options;
  EXPECT_EQ(classify_tracked_point(F, falling, options).status, PathStatus::AtInfinity);
  auto converging = falling;
  converging.decade_xh = {0.5, 0.49, 0.489};
  EXPECT_NE(classify_tracked_point(F, converging, options).status, PathStatus::AtInfinity);
  auto singular = falling;
  singular.x = stopped_at({Complex(1.0 + 1e-9, 0.0)}).x;
  EXPECT_EQ(classify_tracked_point(F, singular, options).status, PathStatus::AtInfinity);
  singular.decade_xh = {0.5, 0.49, 0.489};
  EXPECT_EQ(classify_tracked_point(F, singular, options).status, PathStatus::Singular);
  auto regular = falling;
  regular.x = stopped_at({Complex(3.0 + 1e-9, 0.0)}).x;
  EXPECT_EQ(classify_tracked_point(affine_system("1\n x^2 - 4*x + 3;\n"), regular, options).status, PathStatus::Nonsingular);
}

// Newton from where a path ended must stay near it: from x = 30 on x - 2 (a linear equation,
// Newton lands on the root in one step) the endpoint would move by 28, so the path failed (it
// ended nowhere near a solution) rather than count the root again.
TEST(Endgame, NewtonMayNotWalkToADistantSolution) {
  const auto F = affine_system("1\n x - 2;\n");
  const auto r = classify_tracked_point(F, stopped_at({30.0}), TrackerOptions{});
  EXPECT_EQ(r.status, PathStatus::Failed);
  EXPECT_EQ(r.code, PathCode::NotASolution);
  EXPECT_EQ(classify_tracked_point(F, stopped_at({2.0 + 1e-9}), TrackerOptions{}).code, PathCode::Success);
}

// The classification does not change when an equation is multiplied by a constant: the root
// (1, 2) of {x*y - 2, x + y - 3}, from a point 1e-7 away, with the first equation times 1e9.
TEST(Endgame, ClassificationIsInvariantToScalingAnEquation) {
  for (const char* text : {"2\n x*y - 2;\n x + y - 3;\n", "2\n 1000000000*x*y - 2000000000;\n x + y - 3;\n"}) {
    const auto r = classify_tracked_point(affine_system(text), stopped_at({1.0 + 1e-7, 2.0 - 1e-7}), TrackerOptions{});
    EXPECT_EQ(r.status, PathStatus::Nonsingular) << text;
    EXPECT_LT(r.relative_residual, 1e-15) << text;
    EXPECT_NEAR(r.condition, 1.0 / 0.25, 3.0) << text;  // the same scaled Jacobian either way
  }
  const auto a = classify_tracked_point(affine_system("2\n x*y - 2;\n x + y - 3;\n"), stopped_at({1.1, 2.0}), TrackerOptions{});
  const auto b = classify_tracked_point(affine_system("2\n 1000000000*x*y - 2000000000;\n x + y - 3;\n"),
                                        stopped_at({1.1, 2.0}), TrackerOptions{});
  EXPECT_DOUBLE_EQ(a.condition, b.condition);
}

TEST(Endgame, StatusNames) {
  EXPECT_STREQ(to_string(PathStatus::Nonsingular), "nonsingular");
  EXPECT_STREQ(to_string(PathStatus::Singular), "singular");
  EXPECT_STREQ(to_string(PathStatus::AtInfinity), "at_infinity");
  EXPECT_STREQ(to_string(PathStatus::Failed), "failed");
  EXPECT_STREQ(to_string(PathCode::Success), "success");
  EXPECT_STREQ(to_string(PathCode::AtInfinity), "at_infinity");
  EXPECT_STREQ(to_string(PathCode::MaxSteps), "max_steps");
  EXPECT_STREQ(to_string(PathCode::StepSizeTooSmall), "step_size_too_small");
  EXPECT_STREQ(to_string(PathCode::NotASolution), "not_a_solution");
}
