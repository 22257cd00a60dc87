#include "path_tracker.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "complex_vectors.hpp"
#include "landscape/algebra/system_io.hpp"
#include "total_degree_homotopy.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
// The affine point x / x_h of homogeneous coordinates on the patch.
ComplexVector affine(const ComplexVector& x) {
  ComplexVector a(x.begin(), x.end() - 1);
  for (auto& z : a) z /= x.back();
  return a;
}
}  // namespace

// x^2 - 2 from the start system x^2 - 1: the two paths end at t = 0 at the two roots +-sqrt(2),
// one each, to the corrector's tolerance (before any endgame refinement).
TEST(PathTracker, FollowsUnivariatePathsToTheirRoots) {
  const auto system = parse_system("1\n x^2 - 2;\n", SystemFormat::PHCpack);
  const NumericSystem Fh(system, true);
  const auto parameters = draw_homotopy_parameters(0, 1);
  TrackerOptions options;
  std::vector<double> ends;
  for (std::size_t k = 0; k < 2; ++k) {
    const auto p = track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start_solution(k, Fh.degrees()), options);
    EXPECT_EQ(p.t, 0.0);
    EXPECT_FALSE(p.diverging);
    EXPECT_GT(p.steps, 10);
    ASSERT_EQ(p.x.size(), 2u);
    const Complex root = affine(p.x)[0];
    EXPECT_LT(std::abs(std::abs(root.real()) - std::sqrt(2.0)), 1e-7) << k;
    EXPECT_LT(std::abs(root.imag()), 1e-7) << k;
    ends.push_back(root.real());
    // On the patch: a.x = 1.
    EXPECT_LT(std::abs(parameters.patch[0] * p.x[0] + parameters.patch[1] * p.x[1] - 1.0), 1e-12);
  }
  EXPECT_LT(ends[0] * ends[1], 0.0);  // one path to each root
}

// xy - 1 = 0, x - 2 = 0 has Bezout number 2 but one finite solution (2, 1/2): one path ends
// there, the other goes to infinity (x_h -> 0) and the tracker says so.
TEST(PathTracker, ReportsThePathThatDiverges) {
  const auto system = parse_system("2\n x*y - 1;\n x - 2;\n", SystemFormat::PHCpack);
  const NumericSystem Fh(system, true);
  const auto parameters = draw_homotopy_parameters(5, 2);
  TrackerOptions options;
  int finite = 0, diverging = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    const auto p = track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start_solution(k, Fh.degrees()), options);
    if (p.diverging) {
      ++diverging;
      EXPECT_LT(std::abs(p.x.back()) / norm_inf(p.x), 1e-2);
    } else {
      ++finite;
      EXPECT_EQ(p.t, 0.0);
      EXPECT_LT(distance_inf(affine(p.x), ComplexVector{2.0, 0.5}), 1e-7);
    }
  }
  EXPECT_EQ(finite, 1);
  EXPECT_EQ(diverging, 1);
}

// A path cut short after 4 steps stops inside (0, 1); resumed from there it ends where the
// uninterrupted path ends. Points of the wrong size are refused.
TEST(PathTracker, ResumesWhereItStopped) {
  const auto system = parse_system("2\n x^2 + y^2 - 5;\n x*y - 2;\n", SystemFormat::PHCpack);
  const NumericSystem Fh(system, true);
  const auto parameters = draw_homotopy_parameters(1, 2);
  TrackerOptions options;
  const auto start = start_solution(3, Fh.degrees());
  const auto full = track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start, options);
  ASSERT_EQ(full.t, 0.0);
  TrackerOptions short_of_steps = options;
  short_of_steps.max_steps = 4;
  const auto stopped = track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start, short_of_steps);
  ASSERT_GT(stopped.t, 0.0);
  ASSERT_LT(stopped.t, 1.0);
  const auto resumed = resume_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, stopped.x, stopped.t, options);
  EXPECT_EQ(resumed.t, 0.0);
  EXPECT_LT(distance_inf(affine(resumed.x), affine(full.x)), 1e-7);
  // Stopped before its first step (t still 1): resuming is tracking afresh from the start point.
  TrackerOptions no_steps = options;
  no_steps.max_steps = 0;
  const auto not_started = track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start, no_steps);
  ASSERT_EQ(not_started.t, 1.0);
  ASSERT_EQ(not_started.x.size(), 3u);
  const auto from_one = resume_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, not_started.x, 1.0, options);
  EXPECT_EQ(from_one.x.size(), 3u);
  EXPECT_LT(distance_inf(affine(from_one.x), affine(full.x)), 1e-7);
  // The end is one of the four solutions (+-1, +-2), (+-2, +-1) with xy = 2.
  const auto end = affine(full.x);
  EXPECT_LT(std::abs(end[0] * end[1] - 2.0), 1e-7);
  EXPECT_LT(std::abs(end[0] * end[0] + end[1] * end[1] - 5.0), 1e-7);
  EXPECT_THROW(resume_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, start, 0.5, options), std::invalid_argument);
  EXPECT_THROW(track_on_patch<Complex>(Fh, parameters.gamma, parameters.patch, stopped.x, options), std::invalid_argument);
}
