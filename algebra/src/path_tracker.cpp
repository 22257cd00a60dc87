// The tracker layer: follows one path of the total-degree homotopy from t = 1 towards t = 0 with
// the shared predictor-corrector step and adaptive step length, and records what the endgame
// needs (|x_h| / |x| per decade of t, and whether the path diverges).
#include "path_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "complex_vectors.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "predictor_corrector.hpp"
#include "step_control.hpp"
#include "total_degree_homotopy.hpp"

namespace landscape::algebra {

namespace {

// Three decades in a row falling by > 10% each (cycle number <= 20), at a rate that does not
// slow down (by more than 20% a decade), with |x_affine| > 1000, or
// |x_h| / |x| below 1 / infinity_threshold: the path diverges (the endgame checks this by
// Newton on F before it believes it).
bool decades_say_diverging(const std::vector<double>& dx, const TrackerOptions& options) {
  const std::size_t k = dx.size();
  if (dx.back() <= 1.0 / options.infinity_threshold) return true;
  if (!options.early_divergence || k < 4 || dx[k - 1] >= 1e-3) return false;
  // The fall per decade, log10(dx[j - 1] / dx[j]): a path to infinity falls like t^(w/c), at a
  // steady rate; a finite path still approaching a large solution falls ever more slowly.
  double rate[3];
  for (int j = 0; j < 3; ++j) rate[j] = std::log10(dx[k - 3 + j - 1] / dx[k - 3 + j]);
  for (int j = 0; j < 3; ++j)
    if (rate[j] < std::log10(1 / 0.9)) return false;
  return rate[2] >= 0.8 * rate[1] && rate[1] >= 0.8 * rate[0];
}

// Tracks x (on the patch, at t) towards t = 0 with first step `first_step`.
template <class C>
TrackedPoint follow(TotalDegreeHomotopy<C>& H, std::vector<C> x, double t, double first_step,
                    const TrackerOptions& options) {
  using std::abs;
  const std::size_t m = static_cast<std::size_t>(H.size()), n = m - 1;
  TrackedPoint out;
  StepWorkspace<C> workspace(m);
  std::vector<C> next(m);
  StepControl h{first_step};
  // Endgame zone: |x_h| / |x| at each decade of t below 1e-3. A path to infinity drives it to 0
  // like t^(1/c) (c the cycle number), one to a finite point keeps it at a non-zero limit.
  auto relative_xh = [&] { return static_cast<double>(abs(x[n])) / norm_inf(x); };
  double next_decade = 1e-3;
  while (next_decade >= t && next_decade > 1e-300) next_decade /= 10;  // when resuming below 1e-3
  while (t > 0) {
    if (++out.steps > options.max_steps) {
      out.code = PathCode::MaxSteps;
      break;
    }
    if (t <= next_decade) {
      out.decade_xh.push_back(relative_xh());
      ComplexVector here;
      for (const auto& z : x) here.emplace_back(static_cast<double>(z.real()), static_cast<double>(z.imag()));
      out.decade_points.emplace_back(t, std::move(here));
      next_decade /= 10;
      if (decades_say_diverging(out.decade_xh, options)) {
        out.diverging = true;
        out.code = PathCode::AtInfinity;
        break;
      }
    }
    // A rejected step halves; the shortest is min_step, and below t = 1e-11 a thousandth of t, so
    // that a slowly converging path can go on far below t = 1e-14 (equations with coefficients of
    // 1e9 once hid this by moving the whole path towards t = 1), while a stalled one, crawling by
    // tiny fractions of t, stops.
    const double step = std::min(h.length, t);
    if (predictor_corrector_step(H, x, t, -step, options, workspace, next)) {
      std::swap(x, next);
      t = t - step;
      if (relative_xh() <= 1.0 / options.infinity_threshold) {
        out.diverging = true;
        out.code = PathCode::AtInfinity;
        break;
      }
      h.accept(options.max_step);
    } else if (!h.reject(std::min(options.min_step, 1e-3 * t))) {
      out.code = PathCode::StepSizeTooSmall;
      break;  // cannot approach t = 0 further: the endgame decides
    }
  }
  out.t = t;
  for (const auto& z : x) out.x.emplace_back(static_cast<double>(z.real()), static_cast<double>(z.imag()));
  return out;
}

}  // namespace

template <class C>
TrackedPoint track_on_patch(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                            const ComplexVector& start, const TrackerOptions& options, const NumericSystem* Gh) {
  if (start.size() + 1 != Fh.variables())
    throw std::invalid_argument("track: a start solution of " + std::to_string(start.size()) +
                                " coordinates for a system in " + std::to_string(Fh.variables() - 1) + " unknowns");
  TotalDegreeHomotopy<C> H(Fh, gamma, patch, Gh);
  return follow(H, H.start_on_patch(start), 1.0, options.initial_step, options);
}

template <class C>
TrackedPoint resume_on_patch(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                             const ComplexVector& point, double t, const TrackerOptions& options,
                             const NumericSystem* Gh) {
  using R = typename C::value_type;
  if (point.size() != Fh.variables())
    throw std::invalid_argument("resume: a point of " + std::to_string(point.size()) +
                                " coordinates on the patch of a system in " + std::to_string(Fh.variables() - 1) +
                                " unknowns (n + 1 expected)");
  TotalDegreeHomotopy<C> H(Fh, gamma, patch, Gh);
  std::vector<C> x;
  for (const auto& z : point) x.emplace_back(R(z.real()), R(z.imag()));
  t = std::min(t, 1.0);
  return follow(H, std::move(x), t, t < 1 ? 1e-3 * t : options.initial_step, options);
}

template TrackedPoint track_on_patch<Complex>(const NumericSystem&, Complex, const ComplexVector&,
                                              const ComplexVector&, const TrackerOptions&, const NumericSystem*);
template TrackedPoint resume_on_patch<Complex>(const NumericSystem&, Complex, const ComplexVector&,
                                               const ComplexVector&, double, const TrackerOptions&, const NumericSystem*);
template TrackedPoint resume_on_patch<std::complex<Real>>(const NumericSystem&, Complex, const ComplexVector&,
                                                          const ComplexVector&, double, const TrackerOptions&,
                                                          const NumericSystem*);

}  // namespace landscape::algebra
