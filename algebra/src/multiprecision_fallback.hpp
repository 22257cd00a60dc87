// The multiprecision fallback of the total-degree solver (internal; see homotopy.hpp for the
// layers): paths that double precision could not follow, resumed in MPFR arithmetic.
#pragma once

#include <cstddef>
#include <vector>

#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

// Resumes every Failed path of `paths` with resume_path_multiprecision at
// options.multiprecision_digits, in the calling thread and one after the other (MPFR's working
// precision is process-wide; see multiprecision.hpp), within options' budget of paths and MPFR
// steps (deterministic: no clock); `careful` are the tracker options of the last double-precision
// rerun, tightened here.
// A failed path without a stop point on the patch (as long as `patch`) stays failed: there is
// nothing to resume from. `Gh`: the start system when it is not the total-degree one. Returns the
// number of paths re-tracked.
std::size_t resume_failed_paths_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                               const ComplexVector& patch, std::vector<PathResult>& paths,
                                               const TrackerOptions& careful, const SolveOptions& options,
                                               const NumericSystem* Gh = nullptr);

}  // namespace landscape::algebra
