#include "landscape/algebra/monodromy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "step_control.hpp"

namespace landscape::algebra {

namespace {

double norm_inf(const ComplexVector& v) {
  double m = 0;
  for (const auto& z : v) m = std::max(m, std::abs(z));
  return m;
}

// A y = b for a copy of A.
bool solve_small(ComplexVector A, ComplexVector& b) {
  return solve_linear_in_place(A.data(), b.data(), static_cast<int>(b.size()));
}

// Tracks x from a solution of G(x) + pa = 0 to one of G(x) + pb = 0 along p(s) = (1-s) pa + s pb
// (G(x) = F(x) - F(0)); returns false if the path fails.
bool track_parameter_path(const NumericSystem& F, const ComplexVector& constant, const ComplexVector& pa,
                          const ComplexVector& pb, ComplexVector& x, const TrackerOptions& options) {
  const std::size_t n = x.size();
  ComplexVector f(n), J(n * n), dp(n);
  for (std::size_t i = 0; i < n; ++i) dp[i] = pb[i] - pa[i];
  auto residual = [&](const ComplexVector& y, double s, ComplexVector& h) {  // H and J at (y, s)
    F.evaluate(y.data(), h.data(), J.data());
    for (std::size_t i = 0; i < n; ++i) h[i] += -constant[i] + (1 - s) * pa[i] + s * pb[i];
  };
  auto velocity = [&](const ComplexVector& y, double s, ComplexVector& v) {
    residual(y, s, f);
    v = dp;
    if (!solve_small(J, v)) return false;
    for (auto& z : v) z = -z;
    return true;
  };
  double s = 0;
  StepControl h{options.initial_step};
  int steps = 0;
  ComplexVector k1(n), k2(n), k3(n), k4(n), y(n), predicted(n), hres(n);
  while (s < 1) {
    if (++steps > options.max_steps) return false;
    const double step = std::min(h.length, 1 - s), s1 = s + step;
    bool ok = velocity(x, s, k1);
    for (std::size_t i = 0; ok && i < n; ++i) y[i] = x[i] + 0.5 * step * k1[i];
    ok = ok && velocity(y, s + 0.5 * step, k2);
    for (std::size_t i = 0; ok && i < n; ++i) y[i] = x[i] + 0.5 * step * k2[i];
    ok = ok && velocity(y, s + 0.5 * step, k3);
    for (std::size_t i = 0; ok && i < n; ++i) y[i] = x[i] + step * k3[i];
    ok = ok && velocity(y, s1, k4);
    if (ok) {
      for (std::size_t i = 0; i < n; ++i) predicted[i] = x[i] + step / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
      bool converged = false;
      double previous = -1;
      for (int it = 0; it < options.corrector_iterations; ++it) {
        residual(predicted, s1, hres);
        if (!solve_small(J, hres)) break;
        const double d = norm_inf(hres);
        for (std::size_t i = 0; i < n; ++i) predicted[i] -= hres[i];
        if (!std::isfinite(d) || (previous >= 0 && d > 0.5 * previous)) break;
        previous = d;
        if (d <= options.corrector_tolerance * (1 + norm_inf(predicted))) {
          converged = true;
          break;
        }
      }
      ok = converged && norm_inf(predicted) < options.infinity_threshold;
    }
    if (ok) {
      x = predicted;
      s = s1;
      h.accept(options.max_step);
    } else if (!h.reject(options.min_step)) {
      return false;
    }
  }
  // Polish at s = 1.
  for (int it = 0; it < 4; ++it) {
    residual(x, 1, hres);
    if (!solve_small(J, hres)) return false;
    for (std::size_t i = 0; i < n; ++i) x[i] -= hres[i];
  }
  residual(x, 1, hres);
  return norm_inf(hres) <= 1e-8 * (1 + norm_inf(x));
}

bool known(const std::vector<ComplexVector>& set, const ComplexVector& x) {
  const double tol = 1e-7 * (1 + norm_inf(x));
  for (const auto& y : set) {
    double d = 0;
    for (std::size_t i = 0; i < x.size(); ++i) d = std::max(d, std::abs(x[i] - y[i]));
    if (d <= tol) return true;
  }
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
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
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
  double scale = 1;
  for (const auto& z : p0) scale = std::max(scale, std::abs(z));
  for (const auto& z : constant) scale = std::max(scale, std::abs(z));
  scale *= 4;

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
  for (const auto& x : result.solutions) {
    bool real = true;
    for (const auto& z : x) real = real && std::abs(z.imag()) <= 1e-8 * (1 + norm_inf(x));
    result.real += real;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

std::string MonodromyResult::summary() const {
  std::ostringstream out;
  out << solutions.size() << " solutions by monodromy (" << real << " real), " << found_at_start
      << " at the start parameters, " << loops << " loops, " << paths_tracked << " paths, "
      << (stabilized ? "stable" : "not stable") << ", " << lost << " lost, seed 0x" << std::hex << seed << std::dec;
  return out.str();
}

}  // namespace landscape::algebra
