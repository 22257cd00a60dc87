// Walking on the zero-loss manifold (Cooper 2018, Thm 2.1 / 4.1; Liao & Poggio 2017, Prop. 1): from a
// zero-loss point, step along a direction in the null space of the Jacobian dF/dw, then pull back
// onto F = 0 with Gauss-Newton (minimum-norm) corrections, repeatedly, in MPFR precision.
//
// The direction is drawn once (Gaussian, seeded) and re-projected onto the current null space
// at every step, so the walk keeps heading the same way instead of diffusing: it shows that the
// set of global minima extends far, at least as far as |w| itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/multiprecision.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

struct WalkOptions {
  int steps = 20;               // number of tangent steps
  double step_fraction = 0.1;   // each step has length step_fraction * |w_0|
  unsigned digits = 100;        // MPFR working precision (decimal digits)
  std::uint64_t seed = 0;       // seed of the direction
  int max_corrections = 40;     // Gauss-Newton iterations per pull-back
};

struct WalkStep {
  Real loss;            // after the pull-back
  long jacobian_rank;   // at the new point
  int corrections;      // Gauss-Newton iterations used
  Real distance;        // |w - w_0|
};

struct WalkResult {
  std::vector<WalkStep> steps;
  std::vector<Real> final_parameters;
  Real start_norm;       // |w_0|
  Real distance;         // |w_final - w_0|
  Real path_length;      // sum of the tangent step lengths
  Real max_loss;         // largest loss after any pull-back (and at the start)
  long min_jacobian_rank = 0;
  double relative_distance() const;
  std::string summary() const;
};

WalkResult walk_zero_loss_manifold(const NetSpec& net, const RationalMatrix& inputs,
                                   const RationalMatrix& labels, const std::vector<Rational>& start,
                                   const WalkOptions& options);

}  // namespace landscape::algebra
