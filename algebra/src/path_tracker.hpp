// The tracker layer of the total-degree solver (internal; see homotopy.hpp for the layers): one
// path of the total-degree homotopy from t = 1 towards t = 0 with adaptive steps, watching
// |x_h| / |x| at each decade of t below 1e-3 for the endgame.
#pragma once

#include <utility>
#include <vector>

#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

// Where tracking on the patch stopped, in double precision.
struct TrackedPoint {
  ComplexVector x;                 // homogeneous coordinates on the patch
  double t = 1;
  int steps = 0;
  bool diverging = false;          // |x_h| / |x| fell below 1 / infinity_threshold, or the decade test fired
  std::vector<double> decade_xh;   // |x_h| / |x| at t = 1e-3, 1e-4, ...
  // (t, x on the patch) where those were taken (t just below each decade): the Cauchy endgame's
  // radii and starting points.
  std::vector<std::pair<double, ComplexVector>> decade_points;
  // Success: reached t = 0; AtInfinity: diverging; MaxSteps or StepSizeTooSmall: stopped at t.
  PathCode code = PathCode::Success;
};

// Predictor-corrector tracking from t = 1 towards t = 0 in the complex type C (std::complex<double>,
// or std::complex<Real> at the precision in force), from the affine start solution `start` (n
// coordinates); `Gh` replaces the total-degree start system (see TotalDegreeHomotopy). Instantiated for those two types in path_tracker.cpp.
template <class C>
TrackedPoint track_on_patch(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                            const ComplexVector& start, const TrackerOptions& options,
                            const NumericSystem* Gh = nullptr);
// The same from `point` on the patch (n + 1 homogeneous coordinates), where an earlier tracking
// stopped at t (0 < t <= 1); below t = 1 the first step is 1e-3 t.
template <class C>
TrackedPoint resume_on_patch(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                             const ComplexVector& point, double t, const TrackerOptions& options,
                             const NumericSystem* Gh = nullptr);

}  // namespace landscape::algebra
