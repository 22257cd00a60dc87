// The endgame layer of the total-degree solver (internal; see homotopy.hpp for the layers): what
// a tracked path's end is.
#pragma once

#include "landscape/algebra/homotopy.hpp"
#include "path_tracker.hpp"

namespace landscape::algebra {

// Newton refinement of the affine point r.endpoint on F itself (while it lowers |F|), then its
// residual |F|_inf, relative residual (|F_i| against NumericSystem::value_scales), condition
// number (1 / sigma_min of dF/dx with rows scaled by their term sizes), realness and status:
// Nonsingular (condition below options.singular_condition, the next Newton step at most 1e-6
// (1 + |x|) and relative residual <= 1e-8),
// Singular (relative residual <= 1e-8) or Failed. Multiplying an equation by a constant changes
// none of these decisions.
void refine_and_classify(const NumericSystem& F, PathResult& r, const TrackerOptions& options);

// The PathResult of a path that stopped at `p`: at infinity (x_h vanishing, or the decade test
// with no non-singular solution of F nearby), else the refined and classified affine endpoint;
// its code says Success (a solution), AtInfinity, or why the path failed. Winding number 1 at a
// non-singular solution, else 0 (the Cauchy endgame's to find).
PathResult classify_tracked_point(const NumericSystem& F, const TrackedPoint& p, const TrackerOptions& options);

}  // namespace landscape::algebra
