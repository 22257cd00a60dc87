// Monodromy solving (the method is described in monodromy.hpp): the parameter homotopy that moves
// the constant terms along a segment, tracked with the predictor-corrector step shared with the
// total-degree solver, and the loops that collect the solutions.
#include "worker_threads.hpp"
#include "landscape/algebra/monodromy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "predictor_corrector.hpp"
#include "step_control.hpp"

namespace landscape::algebra {

namespace {

// H(x, s) = F(x) - F(0) + (1 - s) pa + s pb: the constant terms moved along the segment from pa
// to pb, with the interface predictor_corrector_step expects.
class SegmentHomotopy {
 public:
  SegmentHomotopy(const NumericSystem& F, const ComplexVector& constant, const ComplexVector& pa,
                  const ComplexVector& pb)
      : F_(F), constant_(constant), pa_(pa), pb_(pb), n_(static_cast<int>(pa.size())),
        h_(pa.size()), J_(pa.size() * pa.size()), dp_(pa.size()), solver_(n_) {
    for (std::size_t i = 0; i < pa.size(); ++i) dp_[i] = pb[i] - pa[i];
  }
  // h = H(x, s); the Jacobian H_x = F_x goes to J_.
  void evaluate(const ComplexVector& x, double s, ComplexVector& h) {
    F_.evaluate(x.data(), h.data(), J_.data());
    for (std::size_t i = 0; i < h.size(); ++i) h[i] += -constant_[i] + (1 - s) * pa_[i] + s * pb_[i];
  }
  bool velocity(const ComplexVector& x, double s, ComplexVector& v) {
    evaluate(x, s, h_);
    v = dp_;
    if (!solver_.solve(J_.data(), v.data(), n_)) return false;
    for (auto& z : v) z = -z;
    return true;
  }
  double newton(ComplexVector& x, double s) {
    evaluate(x, s, h_);
    if (!solver_.solve(J_.data(), h_.data(), n_)) return -1;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] -= h_[i];
    return norm_inf(h_);
  }

 private:
  const NumericSystem& F_;
  const ComplexVector &constant_, &pa_, &pb_;
  int n_;
  ComplexVector h_, J_, dp_;  // work space
  DenseSolver<Complex> solver_;
};

// Tracks x from a solution of G(x) + pa = 0 to one of G(x) + pb = 0 along p(s) = (1-s) pa + s pb
// (G(x) = F(x) - F(0)); returns false if the path fails.
bool track_parameter_path(const NumericSystem& F, const ComplexVector& constant, const ComplexVector& pa,
                          const ComplexVector& pb, ComplexVector& x, const TrackerOptions& options) {
  SegmentHomotopy H(F, constant, pa, pb);
  StepWorkspace<Complex> workspace(x.size());
  ComplexVector next(x.size());
  double s = 0;
  StepControl h{options.initial_step};
  for (int steps = 1; s < 1; ++steps) {
    if (steps > options.max_steps) return false;
    const double step = std::min(h.length, 1 - s);
    if (predictor_corrector_step(H, x, s, step, options, workspace, next) &&
        norm_inf(next) < options.infinity_threshold) {
      std::swap(x, next);
      s = s + step;
      h.accept(options.max_step);
    } else if (!h.reject(options.min_step)) {
      return false;
    }
  }
  // Polish at s = 1.
  for (int it = 0; it < 4; ++it)
    if (H.newton(x, 1) < 0) return false;
  ComplexVector residual(x.size());
  H.evaluate(x, 1, residual);
  return norm_inf(residual) <= 1e-8 * (1 + norm_inf(x));
}

bool known(const std::vector<ComplexVector>& set, const ComplexVector& x) {
  const double tol = 1e-7 * (1 + norm_inf(x));
  for (const auto& y : set)
    if (distance_inf(x, y) <= tol) return true;
  return false;
}

ComplexVector random_complex(SplitMix64& rng, std::size_t n, double scale) {
  ComplexVector v;
  for (std::size_t i = 0; i < n; ++i) v.emplace_back(scale * (2 * rng.uniform01() - 1), scale * (2 * rng.uniform01() - 1));
  return v;
}

// Tracks every x in `from` along the segments of `path` (p_0 -> p_1 -> ...), in parallel.
std::vector<std::optional<ComplexVector>> track_all(const NumericSystem& F, const ComplexVector& constant,
                                                    const std::vector<ComplexVector>& path,
                                                    const std::vector<ComplexVector>& from,
                                                    const TrackerOptions& options, unsigned threads) {
  std::vector<std::optional<ComplexVector>> out(from.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next++) < from.size();) {
      ComplexVector x = from[k];
      bool ok = true;
      for (std::size_t seg = 0; ok && seg + 1 < path.size(); ++seg)
        ok = track_parameter_path(F, constant, path[seg], path[seg + 1], x, options);
      if (ok) out[k] = x;
    }
  };
  run_worker_threads(threads, worker);
  return out;
}

}  // namespace

MonodromyResult solve_monodromy(const PolynomialSystem& system, const std::optional<ComplexVector>& start,
                                const MonodromyOptions& options) {
  const auto begin = std::chrono::steady_clock::now();
  const std::size_t n = system.ring->variables();
  if (system.equations.size() != n)
    throw InputError("monodromy: the system has " + std::to_string(system.equations.size()) + " equations in " +
                     std::to_string(n) + " unknowns; it must be square");
  const NumericSystem F(system);
  const ComplexVector zero(n, 0.0);
  ComplexVector constant(n);  // F(0): the system's own constant terms
  F.evaluate(zero.data(), constant.data(), nullptr);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  SplitMix64 rng(options.seed);
  MonodromyResult result;
  result.seed = options.seed;

  // The start pair: G(x0) + p0 = 0, i.e. p0 = constant - F(x0).
  ComplexVector x0 = start ? *start : random_complex(rng, n, 1.0);
  if (x0.size() != n) throw InputError("monodromy: the start point has the wrong length");
  ComplexVector f0(n), p0(n);
  F.evaluate(x0.data(), f0.data(), nullptr);
  for (std::size_t i = 0; i < n; ++i) p0[i] = constant[i] - f0[i];
  // Loop corners must reach around the branch points of the family; they lie where the constant
  // terms are of the size of the other terms, so use a few times the largest of p0 and F(0).
  const double scale = 4 * std::max({1.0, norm_inf(p0), norm_inf(constant)});

  std::vector<ComplexVector> found = {x0};
  int quiet = 0;
  while (result.loops < options.max_loops && quiet < options.stable_loops) {
    ++result.loops;
    // A triangle p0 -> p1 -> p2 -> p0 with random complex corners.
    const std::vector<ComplexVector> loop = {p0, random_complex(rng, n, scale), random_complex(rng, n, scale), p0};
    const auto ends = track_all(F, constant, loop, found, options.tracker, threads);
    result.paths_tracked += found.size();
    std::size_t added = 0;
    for (const auto& e : ends)
      if (e && !known(found, *e)) {
        found.push_back(*e);
        ++added;
      }
    quiet = added ? 0 : quiet + 1;
  }
  result.stabilized = quiet >= options.stable_loops;
  result.found_at_start = found.size();
  result.base_constants = p0;
  result.base_solutions = found;
  if (start) {
    result.solutions = found;
  } else {
    // To the system's own constant terms, through a random complex point (the gamma trick).
    const std::vector<ComplexVector> path = {p0, random_complex(rng, n, scale), constant};
    for (const auto& e : track_all(F, constant, path, found, options.tracker, threads)) {
      if (!e) {
        ++result.lost;
        continue;
      }
      if (!known(result.solutions, *e)) result.solutions.push_back(*e);
    }
    result.paths_tracked += found.size();
  }
  for (const auto& x : result.solutions) result.real += is_real_point(x, 1e-8);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

std::vector<std::optional<ComplexVector>> move_constant_terms(const PolynomialSystem& system, const ComplexVector& from,
                                                              const std::vector<ComplexVector>& points,
                                                              const ComplexVector& to, const MonodromyOptions& options) {
  const std::size_t n = system.ring->variables();
  if (from.size() != n || to.size() != n) throw InputError("monodromy: constant terms of the wrong length");
  const NumericSystem F(system);
  const ComplexVector zero(n, 0.0);
  ComplexVector constant(n);
  F.evaluate(zero.data(), constant.data(), nullptr);
  SplitMix64 rng(options.seed ^ 0x6d6f76652d746fULL);
  const double scale = 4 * std::max({1.0, norm_inf(from), norm_inf(to), norm_inf(constant)});
  const std::vector<ComplexVector> path = {from, random_complex(rng, n, scale), to};
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  return track_all(F, constant, path, points, options.tracker, threads);
}

std::string MonodromyResult::summary() const {
  std::ostringstream out;
  out << solutions.size() << " solutions by monodromy (" << real << " real), " << found_at_start
      << " at the start parameters, " << loops << " loops, " << paths_tracked << " paths, "
      << (stabilized ? "stable" : "not stable") << ", " << lost << " lost, seed 0x" << std::hex << seed << std::dec;
  return out.str();
}

}  // namespace landscape::algebra
