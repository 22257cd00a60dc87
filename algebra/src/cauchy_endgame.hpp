// The Cauchy endgame (internal; see homotopy.hpp for the layers): the end of a path that does not
// reach a non-singular solution, from loops around t = 0 (Morgan, Sommese & Wampler 1992; the
// endgame HomotopyContinuation.jl and Bertini use).
//
// Near t = 0 a path is a convergent power series in s = t^(1/c), c its winding number: going
// once around the circle |t| = r takes it to another branch of the same cycle, c times back to
// where it started. The mean of x over c loops sampled at equal angles is the trapezoidal rule for
// Cauchy's integral formula, x(0) = (1 / 2 pi i) \oint x(s) ds / s, exact up to the terms of
// order s^(c N) (N samples a loop) and the tracking error: far more accurate than tracking
// towards a singular end, where the corrector's Newton steps lose their quadratic convergence.
#pragma once

#include <optional>

#include "landscape/algebra/homotopy.hpp"
#include "path_tracker.hpp"

namespace landscape::algebra {

struct CauchyEstimate {
  ComplexVector point;  // x(0) on the patch (n + 1 homogeneous coordinates)
  int winding_number = 0;
  double radius = 0;    // of the loops that settled it
};

// Loops around t = 0 at the radii where `p` crossed t = 1e-3, 1e-4, ..., 1e-8 (on H of Fh,
// gamma, patch and Gh, as track_on_patch), largest first; the estimate once two radii in a row
// agree on c, on x(0) within 1e-8 (1 + |x(0)|) and on its homogenizing coordinate x_h within
// 1e-6 |x_h| (so an end at infinity, x_h = 0, is never settled here). Nothing when no two do, or
// every loop needs more than options.max_winding_number turns.
std::optional<CauchyEstimate> cauchy_endgame(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                                             const TrackedPoint& p, const TrackerOptions& options,
                                             const NumericSystem* Gh = nullptr);

// One estimate: loops around t = 0 from `x0` (on the patch, at t = radius), N samples a loop,
// until x returns to x0; nothing after max_winding loops, or when the tracker fails on the way.
std::optional<CauchyEstimate> cauchy_loops(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                                           const ComplexVector& x0, double radius, int max_winding,
                                           const TrackerOptions& options, const NumericSystem* Gh = nullptr);

}  // namespace landscape::algebra
