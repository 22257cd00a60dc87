// The endgame layer: at the end of a tracked path, decide between a solution at infinity and a
// finite endpoint, refine a finite one by Newton on F, and classify it (non-singular, singular,
// failed) by its residual and scaled condition number.
#include "endgame.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"

namespace landscape::algebra {

const char* to_string(PathStatus status) {
  switch (status) {
    case PathStatus::Nonsingular: return "nonsingular";
    case PathStatus::Singular: return "singular";
    case PathStatus::AtInfinity: return "at_infinity";
    case PathStatus::Failed: return "failed";
  }
  return "failed";
}

const char* to_string(PathCode code) {
  switch (code) {
    case PathCode::Success: return "success";
    case PathCode::AtInfinity: return "at_infinity";
    case PathCode::MaxSteps: return "max_steps";
    case PathCode::StepSizeTooSmall: return "step_size_too_small";
    case PathCode::NotASolution: return "not_a_solution";
  }
  return "not_a_solution";
}

void refine_and_classify(const NumericSystem& F, PathResult& r, const TrackerOptions& options) {
  const int n = static_cast<int>(F.variables());
  const std::size_t size = static_cast<std::size_t>(n);
  ComplexVector f(size), J(size * size), step(size), trial, ft(size);
  DenseSolver<Complex> solver(n);
  for (int it = 0; it < 6; ++it) {
    F.evaluate(r.endpoint.data(), f.data(), J.data());
    step = f;
    if (!solver.solve(J.data(), step.data(), n)) break;
    trial = r.endpoint;
    for (std::size_t i = 0; i < size; ++i) trial[i] -= step[i];
    F.evaluate(trial.data(), ft.data(), nullptr);
    if (norm_inf(ft) > norm_inf(f)) break;  // Newton no longer improves: stop where we are
    r.endpoint = trial;
    if (norm_inf(step) <= 1e-15 * (1 + norm_inf(r.endpoint))) break;
  }
  F.evaluate(r.endpoint.data(), f.data(), J.data());
  r.residual = norm_inf(f);
  std::vector<double> sizes(size);
  F.value_scales(r.endpoint.data(), sizes.data());
  r.relative_residual = 0;
  for (std::size_t i = 0; i < size; ++i)
    if (std::abs(f[i]) > 0) r.relative_residual = std::max(r.relative_residual, std::abs(f[i]) / sizes[i]);
  // Rows scaled by the size of their terms, so that cancellation (a multiple root, where the
  // derivative's terms cancel) shows even for n = 1, where a plain condition number is 1.
  std::vector<double> scales(size);
  F.row_scales(r.endpoint.data(), scales.data());
  Eigen::MatrixXcd M(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      M(i, j) = J[static_cast<std::size_t>(i * n + j)] / (scales[static_cast<std::size_t>(i)] > 0 ? scales[static_cast<std::size_t>(i)] : 1.0);
  Eigen::JacobiSVD<Eigen::MatrixXcd> svd(M);
  const auto& s = svd.singularValues();
  r.condition = s(n - 1) > 0 ? 1.0 / s(n - 1) : INFINITY;
  r.real = is_real_point(r.endpoint, 1e-8);
  // The next Newton step: how far the point may be from the solution it converges to. Like the
  // condition number and the relative residual it does not change when an equation is multiplied
  // by a constant (a residual threshold would: at a regular solution of equations with
  // coefficients of 1e9 rounding alone leaves |F| far above any fixed bound).
  step = f;
  const double accuracy = solver.solve(J.data(), step.data(), n) ? norm_inf(step) / (1 + norm_inf(r.endpoint)) : INFINITY;
  if (r.condition < options.singular_condition && accuracy <= 1e-6 && r.relative_residual <= 1e-8)
    r.status = PathStatus::Nonsingular;
  else if (r.relative_residual <= 1e-8)
    r.status = PathStatus::Singular;
  else
    r.status = PathStatus::Failed;
}

namespace {

PathResult classify(const NumericSystem& F, const TrackedPoint& p, const TrackerOptions& options) {
  const std::size_t n = p.x.size() - 1;
  PathResult r;
  r.steps = p.steps;
  r.t_reached = p.t;
  r.stop_point = p.x;
  const double xh_relative = std::abs(p.x[n]) / norm_inf(p.x);
  auto affine = [&] {
    ComplexVector x(p.x.begin(), p.x.begin() + static_cast<long>(n));
    for (auto& z : x) z /= p.x[n];
    return x;
  };
  if (p.diverging && xh_relative > 1.0 / options.infinity_threshold) {
    // The decade test is a heuristic: a badly conditioned finite solution can look like this
    // too. If Newton on F from here lands on a non-singular solution nearby, the path ends there
    // (from far away Newton may land on any solution, which would count it twice).
    PathResult finite = r;
    finite.endpoint = affine();
    const ComplexVector before = finite.endpoint;
    refine_and_classify(F, finite, options);
    if (finite.status == PathStatus::Nonsingular && distance_inf(finite.endpoint, before) <= 1e-2 * (1 + norm_inf(before))) {
      finite.code = PathCode::Success;
      return finite;
    }
  }
  if (p.diverging || xh_relative <= 1.0 / options.infinity_threshold) {
    r.status = PathStatus::AtInfinity;
    r.code = PathCode::AtInfinity;
    r.endpoint = p.x;  // homogeneous coordinates on the patch
    return r;
  }
  r.endpoint = affine();
  const ComplexVector tracked = r.endpoint;
  refine_and_classify(F, r, options);
  // Newton from where the path ended must stay there: from a point that solves nothing (near
  // infinity, say) it can walk to any solution, which would count that one twice.
  if (r.status != PathStatus::Failed && distance_inf(r.endpoint, tracked) > 1e-3 * (1 + norm_inf(tracked)))
    r.status = PathStatus::Failed;
  // Not a non-singular solution of F, and |x_h| still falling over the last decades: at infinity
  // (a finite endpoint has |x_h| converging to a non-zero limit instead; near infinity the
  // residual relative to the terms is small, and cyclic-7 had 110 such ends called singular
  // solutions). A non-singular solution is never sent to infinity by this heuristic: regular roots
  // of badly scaled systems (expanded products of linear forms) had been dropped so.
  const auto& dx = p.decade_xh;
  const std::size_t k = dx.size();
  if (r.status != PathStatus::Nonsingular && k >= 3 && dx[k - 1] < 0.95 * dx[k - 2] && dx[k - 2] < 0.95 * dx[k - 3]) {
    r.status = PathStatus::AtInfinity;
    r.code = PathCode::AtInfinity;
  } else if (r.status == PathStatus::Failed) {
    r.code = p.code == PathCode::Success ? PathCode::NotASolution : p.code;
  } else {
    r.code = PathCode::Success;
  }
  return r;
}

}  // namespace

PathResult classify_tracked_point(const NumericSystem& F, const TrackedPoint& p, const TrackerOptions& options) {
  PathResult r = classify(F, p, options);
  if (r.status == PathStatus::Nonsingular) r.winding_number = 1;  // the path is analytic in t there
  return r;
}

}  // namespace landscape::algebra
