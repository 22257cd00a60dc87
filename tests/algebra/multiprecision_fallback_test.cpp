#include "multiprecision_fallback.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/multiprecision.hpp"
#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
struct Katsura3 {
  PolynomialSystem system = parse_system(katsura_system_text(3), SystemFormat::PHCpack);
  NumericSystem F{system}, Fh{system, true};
  Complex gamma = std::polar(1.0, 0.7);
  ComplexVector patch = [] {
    ComplexVector p;
    for (int j = 0; j < 5; ++j) p.emplace_back(0.3 + 0.1 * j, -0.2 + 0.15 * j);
    return p;
  }();
};
}  // namespace

// The multiprecision fallback resumes a path where double precision gave up and ends where the
// full double-precision path ends.
TEST(MultiprecisionFallback, ResumesAFailedPath) {
  const Katsura3 k;
  const ComplexVector start(4, Complex(1.0, 0.0));
  TrackerOptions options;
  const auto full = track_total_degree_path(k.Fh, k.F, k.gamma, k.patch, start, options);
  ASSERT_EQ(full.status, PathStatus::Nonsingular);
  TrackerOptions short_of_steps = options;
  short_of_steps.max_steps = 4;  // gives up early, somewhere in t in (0, 1)
  const auto stopped = track_total_degree_path(k.Fh, k.F, k.gamma, k.patch, start, short_of_steps);
  ASSERT_GT(stopped.t_reached, 0.0);
  ASSERT_NE(stopped.status, PathStatus::Nonsingular);
  const auto resumed = resume_path_multiprecision(k.Fh, k.F, k.gamma, k.patch, stopped, options, 30);
  ASSERT_EQ(resumed.status, PathStatus::Nonsingular);
  for (std::size_t i = 0; i < full.endpoint.size(); ++i) EXPECT_LT(std::abs(resumed.endpoint[i] - full.endpoint[i]), 1e-10);
  EXPECT_GT(resumed.steps, stopped.steps);  // the steps before the fallback count too
  // A path that failed before its first step (t still 1) resumes from its start point.
  TrackerOptions no_steps = options;
  no_steps.max_steps = 0;
  const auto not_started = track_total_degree_path(k.Fh, k.F, k.gamma, k.patch, start, no_steps);
  ASSERT_EQ(not_started.t_reached, 1.0);
  const auto from_one = resume_path_multiprecision(k.Fh, k.F, k.gamma, k.patch, not_started, options, 30);
  ASSERT_EQ(from_one.status, PathStatus::Nonsingular);
  for (std::size_t i = 0; i < full.endpoint.size(); ++i) EXPECT_LT(std::abs(from_one.endpoint[i] - full.endpoint[i]), 1e-10);
}

// Three paths cut short: a budget of two re-tracks exactly two (the first two), leaves the third
// failed, and leaves the process's working precision as it found it. Digits 0: no fallback.
TEST(MultiprecisionFallback, KeepsToItsBudgetAndRestoresThePrecision) {
  const Katsura3 k;
  TrackerOptions short_of_steps;
  short_of_steps.max_steps = 4;
  std::vector<PathResult> paths;
  for (std::size_t i = 0; i < 3; ++i) {
    ComplexVector start(4, Complex(1.0, 0.0));
    start[i] = -1.0;
    paths.push_back(track_total_degree_path(k.Fh, k.F, k.gamma, k.patch, start, short_of_steps));
    paths.back().status = PathStatus::Failed;
    paths.back().index = 10 + i;
  }
  SolveOptions options;
  options.multiprecision_digits = 0;
  auto untouched = paths;
  EXPECT_EQ(resume_failed_paths_multiprecision(k.Fh, k.F, k.gamma, k.patch, untouched, TrackerOptions{}, options), 0u);
  for (const auto& p : untouched) EXPECT_EQ(p.status, PathStatus::Failed);

  options.multiprecision_digits = 40;
  options.multiprecision_max_paths = 2;
  const unsigned before = Real::default_precision();
  EXPECT_EQ(resume_failed_paths_multiprecision(k.Fh, k.F, k.gamma, k.patch, paths, TrackerOptions{}, options), 2u);
  EXPECT_EQ(Real::default_precision(), before);
  EXPECT_EQ(paths[0].status, PathStatus::Nonsingular);
  EXPECT_EQ(paths[1].status, PathStatus::Nonsingular);
  EXPECT_EQ(paths[2].status, PathStatus::Failed);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(paths[i].index, 10 + i);
  // The two resumed endpoints solve Katsura-3, and are two different solutions (its 8 = 2^3
  // solutions each receive one path).
  for (std::size_t i = 0; i < 2; ++i) {
    ComplexVector f(4);
    k.F.evaluate(paths[i].endpoint.data(), f.data(), nullptr);
    for (const auto& v : f) EXPECT_LT(std::abs(v), 1e-12);
  }
  double apart = 0;
  for (std::size_t j = 0; j < 4; ++j) apart = std::max(apart, std::abs(paths[0].endpoint[j] - paths[1].endpoint[j]));
  EXPECT_GT(apart, 1e-3);
}

// A failed path that lost its stop point (e.g. in transit between ranks) is left failed, not
// resumed from memory it does not have; the next one is still resumed.
TEST(MultiprecisionFallback, APathWithoutItsStopPointStaysFailed) {
  const Katsura3 k;
  TrackerOptions short_of_steps;
  short_of_steps.max_steps = 4;
  std::vector<PathResult> paths(2);
  for (auto& p : paths) {
    p = track_total_degree_path(k.Fh, k.F, k.gamma, k.patch, ComplexVector(4, Complex(1.0, 0.0)), short_of_steps);
    p.status = PathStatus::Failed;
  }
  paths[0].stop_point.clear();
  SolveOptions options;
  options.multiprecision_digits = 30;
  EXPECT_EQ(resume_failed_paths_multiprecision(k.Fh, k.F, k.gamma, k.patch, paths, TrackerOptions{}, options), 1u);
  EXPECT_EQ(paths[0].status, PathStatus::Failed);
  EXPECT_EQ(paths[1].status, PathStatus::Nonsingular);
}
