// The Cauchy endgame (see cauchy_endgame.hpp): loops around t = 0 with the shared
// predictor-corrector step, in the angle theta of t = r e^(i theta).
#include "cauchy_endgame.hpp"

#include <algorithm>
#include <cmath>

#include "complex_vectors.hpp"
#include "predictor_corrector.hpp"
#include "total_degree_homotopy.hpp"

namespace landscape::algebra {

namespace {

constexpr int samples_per_loop = 32;

// The homotopy on the circle |t| = radius, parametrized by theta: dx/dtheta = dx/dt * i t.
struct Circle {
  TotalDegreeHomotopy<Complex>& H;
  double radius;
  Complex at(double theta) const { return std::polar(radius, theta); }
  bool velocity(const ComplexVector& x, double theta, ComplexVector& v) {
    const Complex t = at(theta);
    if (!H.velocity(x, t, v)) return false;
    for (auto& z : v) z *= Complex(0, 1) * t;
    return true;
  }
  double newton(ComplexVector& x, double theta) { return H.newton(x, at(theta)); }
};

}  // namespace

std::optional<CauchyEstimate> cauchy_loops(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                                           const ComplexVector& x0, double radius, int max_winding,
                                           const TrackerOptions& options, const NumericSystem* Gh) {
  TotalDegreeHomotopy<Complex> H(Fh, gamma, patch, Gh);
  Circle circle{H, radius};
  const std::size_t m = x0.size();
  StepWorkspace<Complex> workspace(m);
  ComplexVector x = x0, next(m), sum(m, Complex(0));
  const double sample = 2 * M_PI / samples_per_loop;
  double theta = 0;
  for (int loop = 1; loop <= max_winding; ++loop) {
    for (int k = 0; k < samples_per_loop; ++k) {
      for (std::size_t i = 0; i < m; ++i) sum[i] += x[i];
      // From this sample to the next, in as many steps as the corrector needs.
      const double target = theta + sample;
      double h = sample;
      while (theta < target) {
        const double step = std::min(h, target - theta);
        if (predictor_corrector_step(circle, x, theta, step, options, workspace, next)) {
          std::swap(x, next);
          theta += step;
          h = std::min(2 * h, sample);
        } else if ((h /= 2) < sample / 4096) {
          return std::nullopt;
        }
      }
    }
    if (distance_inf(x, x0) <= 1e-6 * (1 + norm_inf(x0))) {
      CauchyEstimate e;
      for (auto& z : sum) z /= static_cast<double>(loop * samples_per_loop);
      e.point = std::move(sum);
      e.winding_number = loop;
      e.radius = radius;
      return e;
    }
  }
  return std::nullopt;
}

std::optional<CauchyEstimate> cauchy_endgame(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                                             const TrackedPoint& p, const TrackerOptions& options,
                                             const NumericSystem* Gh) {
  // At most six radii (down to t = 1e-8): a path that has not settled by then is left to the
  // earlier classification, and a failed path costs at most 6 * max_winding_number loops.
  std::optional<CauchyEstimate> previous;
  const std::size_t radii = std::min<std::size_t>(p.decade_points.size(), 6);
  for (std::size_t k = 0; k < radii; ++k) {
    const auto& [radius, x0] = p.decade_points[k];
    if (radius <= 0) break;
    auto estimate = cauchy_loops(Fh, gamma, patch, x0, radius, options.max_winding_number, options, Gh);
    // x_h must agree relative to itself: near infinity it is tiny, and ends that differ by
    // orders of magnitude there would agree within 1e-8 (1 + |x|).
    if (estimate && previous && estimate->winding_number == previous->winding_number &&
        distance_inf(estimate->point, previous->point) <= 1e-8 * (1 + norm_inf(estimate->point)) &&
        std::abs(estimate->point.back() - previous->point.back()) <= 1e-6 * std::abs(estimate->point.back()))
      return estimate;
    previous = std::move(estimate);
  }
  return std::nullopt;
}

}  // namespace landscape::algebra
