// The predictor-corrector step of path tracking, shared by both trackers: the total-degree
// tracker (path_tracker.cpp, t: 1 -> 0, double or MPFR) and monodromy's parameter homotopy
// (monodromy.cpp, s: 0 -> 1). The step control around it is step_control.hpp.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "complex_vectors.hpp"
#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

// Work space of predictor_corrector_step for m unknowns.
template <class C>
struct StepWorkspace {
  explicit StepWorkspace(std::size_t m) : k1(m), k2(m), k3(m), k4(m), y(m) {}
  std::vector<C> k1, k2, k3, k4, y;
};

// One step from the point x on the path at t to t + dt (dt < 0 tracks towards smaller t), for a
// homotopy H of complex type C (R = C::value_type) with
//   bool H.velocity(x, R t, v)  v = dx/dt = -H_x^{-1} H_t at (x, t); false if H_x is singular
//   double H.newton(x, R t)     one Newton step on H(., t) in place; |dx|_inf, or -1 if singular.
// Predictor: classical Runge-Kutta 4 on dx/dt. Corrector: Newton at t + dt, at most
// `options.corrector_iterations` times, each update at most half the one before (otherwise the
// step was too long), until an update is at most corrector_tolerance (1 + |prediction|_inf).
// Returns whether the corrector converged; `next` then holds the point at t + dt.
template <class Homotopy, class C>
bool predictor_corrector_step(Homotopy& H, const std::vector<C>& x, double t, double dt,
                              const TrackerOptions& options, StepWorkspace<C>& w, std::vector<C>& next) {
  using R = typename C::value_type;
  const std::size_t m = x.size();
  if (w.k1.size() != m) w = StepWorkspace<C>(m);
  const R half(0.5), sixth = R(1) / R(6), two(2);
  const R rt(t), rdt(dt), t1(t + dt), tm(t + 0.5 * dt);
  bool ok = H.velocity(x, rt, w.k1);
  for (std::size_t i = 0; ok && i < m; ++i) w.y[i] = x[i] + half * rdt * w.k1[i];
  ok = ok && H.velocity(w.y, tm, w.k2);
  for (std::size_t i = 0; ok && i < m; ++i) w.y[i] = x[i] + half * rdt * w.k2[i];
  ok = ok && H.velocity(w.y, tm, w.k3);
  for (std::size_t i = 0; ok && i < m; ++i) w.y[i] = x[i] + rdt * w.k3[i];
  ok = ok && H.velocity(w.y, t1, w.k4);
  if (!ok) return false;
  next.resize(m);
  for (std::size_t i = 0; i < m; ++i)
    next[i] = x[i] + rdt * sixth * (w.k1[i] + two * w.k2[i] + two * w.k3[i] + w.k4[i]);
  const double scale = 1 + norm_inf(next);
  double previous = -1;
  for (int it = 0; it < options.corrector_iterations; ++it) {
    const double d = H.newton(next, t1);
    if (d < 0 || !std::isfinite(d)) return false;
    if (previous >= 0 && d > 0.5 * previous) return false;
    previous = d;
    if (d <= options.corrector_tolerance * scale) return true;
  }
  return false;
}

}  // namespace landscape::algebra
