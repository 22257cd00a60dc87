// The multiprecision fallback: a path that failed in double precision is resumed where it
// stopped, in MPFR complex arithmetic, by the same tracker and endgame. Serial by design: the
// MPFR working precision is process-wide (Boost 1.74), so this never runs in worker threads.
#include "multiprecision_fallback.hpp"

#include <algorithm>

#include "endgame.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "path_tracker.hpp"

namespace landscape::algebra {

PathResult resume_path_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                      const ComplexVector& patch, const PathResult& failed,
                                      const TrackerOptions& options, unsigned digits, const NumericSystem* Gh) {
  TrackedPoint p;
  {
    PrecisionScope precision(digits);
    p = resume_on_patch<std::complex<Real>>(Fh, gamma, patch, failed.stop_point, failed.t_reached, options, Gh);
  }
  p.steps += failed.steps;
  return classify_tracked_point(F, p, options);
}

std::size_t resume_failed_paths_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                               const ComplexVector& patch, std::vector<PathResult>& paths,
                                               const TrackerOptions& careful, const SolveOptions& options,
                                               const NumericSystem* Gh) {
  if (options.multiprecision_digits == 0) return 0;
  TrackerOptions precise = careful;
  precise.corrector_tolerance = 1e-20;
  precise.min_step = 1e-25;
  precise.max_steps = options.multiprecision_max_steps;
  std::size_t resumed = 0;
  long spent = 0;  // MPFR steps taken so far
  auto within_budget = [&] {
    return resumed < options.multiprecision_max_paths && spent < options.multiprecision_total_steps;
  };
  for (auto& p : paths) {
    if (p.status != PathStatus::Failed || !within_budget()) continue;
    if (p.stop_point.size() != patch.size()) continue;  // no point to resume from: it stays failed
    const std::size_t index = p.index;
    const int before = p.steps;
    p = resume_path_multiprecision(Fh, F, gamma, patch, p, precise, options.multiprecision_digits, Gh);
    p.index = index;
    spent += std::max(1, p.steps - before);
    ++resumed;
  }
  return resumed;
}

}  // namespace landscape::algebra
