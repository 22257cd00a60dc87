// The trace test (see trace_test.hpp): the augmented systems in (x, lambda), the additional
// witnesses by monodromy, the two parameter homotopies and the traces.
#include "landscape/algebra/trace_test.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"
#include "point_set.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "total_degree_homotopy.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "worker_threads.hpp"

namespace landscape::algebra {

const char* to_string(Completeness c) {
  switch (c) {
    case Completeness::Complete: return "complete";
    case Completeness::Incomplete: return "incomplete";
    case Completeness::Undecided: return "undecided";
  }
  return "?";
}

namespace {

// A random non-zero rational k / 4096, |k| <= 8192.
Fraction draw(SplitMix64& rng) {
  long k = 0;
  while (k == 0) k = static_cast<long>(rng.next() % 16385) - 8192;
  return Fraction(k, 4096);
}

// [F_i(x) + v_i lambda; last] over the ring of F with lambda appended.
PolynomialSystem augmented(const PolynomialSystem& F, const std::shared_ptr<PolyRing>& ring,
                           const std::vector<Fraction>& v, const Poly& last) {
  PolynomialSystem out{ring, {}};
  const Poly lambda = Poly::variable(ring, F.ring->variables());
  for (std::size_t i = 0; i < F.equations.size(); ++i) {
    Poly p(ring);
    std::string why;
    if (!Poly::parse(F.equations[i].to_string(), ring, p, &why))
      throw std::runtime_error("trace test: equation " + std::to_string(i + 1) + " " + why);
    out.equations.push_back(p + Poly(ring, v[i]) * lambda);
  }
  out.equations.push_back(last);
  return out;
}

}  // namespace

// A few Newton steps on F at each point, while they shrink; then iterative refinement with the
// residual in MPFR (40 decimal digits) and the Jacobian in double, which takes each point to
// about double's rounding of itself whatever its condition number below 1e15. Newton in double
// alone stops at rounding times the condition number: on the 245 critical points of a 2->3->3
// network (and their witnesses) that left the traces 1e-9 off a line, above the complete threshold.
void refine_points(const NumericSystem& F, std::vector<ComplexVector>& points) {
  using C = std::complex<Real>;
  const std::size_t m = F.variables();
  DenseSolver<Complex> solver(static_cast<int>(m));
  ComplexVector f(m), J(m * m);
  PrecisionScope precision(40);
  std::vector<C> x(m), fx(m);
  for (auto& y : points)
    for (const bool exact : {false, true}) {  // Newton in double, then the residual in MPFR
      double previous = INFINITY;
      for (int it = 0; it < (exact ? 3 : 6); ++it) {
        F.evaluate(y.data(), f.data(), J.data());
        if (exact) {
          for (std::size_t j = 0; j < m; ++j) x[j] = C(Real(y[j].real()), Real(y[j].imag()));
          F.evaluate_generic(x.data(), fx.data(), static_cast<C*>(nullptr));
          for (std::size_t j = 0; j < m; ++j) f[j] = Complex(static_cast<double>(fx[j].real()), static_cast<double>(fx[j].imag()));
        }
        if (!solver.solve(J.data(), f.data(), static_cast<int>(m))) break;
        const double step = norm_inf(f);
        if (!(step < previous)) break;
        for (std::size_t j = 0; j < m; ++j) y[j] -= f[j];
        previous = step;
        if (step <= (exact ? 1e-17 : 1e-16) * (1 + norm_inf(y))) break;
      }
    }
}

namespace {

struct Traces {
  // max over coordinates j of |tr_j(t2) - tr_j(0) - ratio (tr_j(t1) - tr_j(0))| over the largest
  // sum of |y_j| at t = 0, t1, t2: each coordinate against its own scale.
  double deviation = 0;
  std::size_t lost = 0;  // paths that did not end at distinct finite points
};

// Tracks `start` (points of A[0]) to A[1] and A[2] (parameter homotopies from A[0], gamma trick)
// and measures how far the three traces are from a line; ratio = t2 / t1.
Traces trace_deviation(const PolynomialSystem (&A)[3], double ratio, std::vector<ComplexVector> start,
                       const TraceTestOptions& options, unsigned threads) {
  const std::size_t m = A[0].ring->variables();
  const NumericSystem A0h(A[0], true);
  // Newton on the t = 0 system: the trace at t = 0 as accurate as the tracked ones (monodromy's
  // points are polished only to a residual of 1e-8).
  refine_points(NumericSystem(A[0]), start);
  Traces out;
  ComplexVector trace[3] = {ComplexVector(m, 0.0), ComplexVector(m, 0.0), ComplexVector(m, 0.0)};
  std::vector<double> size(m, 0.0), sum(m);
  for (const auto& y : start)
    for (std::size_t j = 0; j < m; ++j) trace[0][j] += y[j], size[j] += std::abs(y[j]);
  for (int k = 1; k <= 2; ++k) {
    const NumericSystem F(A[k]), Fh(A[k], true);
    const HomotopyParameters drawn = draw_homotopy_parameters(options.seed + static_cast<std::uint64_t>(k), m);
    const Complex gamma = drawn.gamma;
    const ComplexVector& patch = drawn.patch;
    std::vector<PathResult> ends(start.size());
    std::atomic<std::size_t> next{0};
    run_worker_threads(threads, [&] {
      for (std::size_t p; (p = next++) < start.size();)
        ends[p] = track_total_degree_path(Fh, F, gamma, patch, start[p], options.tracker, &A0h);
    });
    // Newton on the end systems too, so that every trace carries rounding only.
    std::vector<ComplexVector> points;
    for (const auto& e : ends) points.push_back(e.endpoint);
    refine_points(F, points);
    for (std::size_t p = 0; p < ends.size(); ++p) ends[p].endpoint = points[p];
    std::fill(sum.begin(), sum.end(), 0.0);
    for (const auto& e : ends) {
      // A finite end (non-singular, or ill-conditioned beyond the singular threshold but alone).
      if (e.status != PathStatus::Nonsingular && e.status != PathStatus::Singular) {
        ++out.lost;
        continue;
      }
      for (std::size_t j = 0; j < m; ++j) trace[k][j] += e.endpoint[j], sum[j] += std::abs(e.endpoint[j]);
    }
    for (std::size_t j = 0; j < m; ++j) size[j] = std::max(size[j], sum[j]);
    // Two paths at one point: one of them jumped, and the set at t_k is not the fiber.
    for (const auto& s : cluster_endpoints(ends))
      if (s.multiplicity > 1) out.lost += static_cast<std::size_t>(s.multiplicity);
  }
  for (std::size_t j = 0; j < m; ++j)
    out.deviation = std::max(out.deviation, std::abs(trace[2][j] - trace[0][j] - ratio * (trace[1][j] - trace[0][j])) /
                                                std::max(size[j], 1e-300));
  return out;
}

// A power of two T such that the median point at t = 0 moves, at t = T, by about its own size
// (speeds dy/dt = -A_y^{-1} e_last, relative to 1 + |y|). A missing point's path must bend for the
// traces to show its absence, and the bend grows as T^2 while rounding does not: with t of order
// 1, a system whose equations carry large integer factors moved its points by 1e-4 of their size,
// and the traces of its 73 solutions less one were off a line by only 3e-10 (2e-5 to 4e-3 with
// this T, which the paths to infinity of the fastest points cut to 512; 2e-13 with all 73).
Fraction time_scale(const NumericSystem& A0, const std::vector<ComplexVector>& points) {
  const std::size_t m = A0.variables();
  DenseSolver<Complex> solver(static_cast<int>(m));
  ComplexVector f(m), J(m * m), dy(m);
  std::vector<double> speeds;
  for (const auto& y : points) {
    A0.evaluate(y.data(), f.data(), J.data());
    std::fill(dy.begin(), dy.end(), 0.0);
    dy[m - 1] = -1.0;
    if (solver.solve(J.data(), dy.data(), static_cast<int>(m))) speeds.push_back(norm_inf(dy) / (1 + norm_inf(y)));
  }
  if (speeds.empty()) return Fraction(1);
  std::nth_element(speeds.begin(), speeds.begin() + speeds.size() / 2, speeds.end());
  const double speed = speeds[speeds.size() / 2];
  if (!(speed > 0) || !std::isfinite(speed)) return Fraction(1);
  return nearest_power_of_two(1.0 / speed, 40);
}

}  // namespace

TraceTestResult trace_test(const PolynomialSystem& system, const std::vector<ComplexVector>& solutions,
                           const TraceTestOptions& options) {
  const auto begin = std::chrono::steady_clock::now();
  const std::size_t n = system.ring->variables();
  if (system.equations.size() != n)
    throw InputError("trace test: the system has " + std::to_string(system.equations.size()) + " equations in " +
                     std::to_string(n) + " unknowns; it must be square");
  for (const auto& x : solutions)
    if (x.size() != n) throw InputError("trace test: a solution of the wrong length");
  SplitMix64 rng(options.seed);
  std::vector<Fraction> v(n), a(n);
  for (auto& c : v) c = draw(rng);
  for (auto& c : a) c = draw(rng);
  // t1 in T [1, 2], t2 in T [-2, -1] (T from time_scale): far enough apart that rounding in the
  // traces is not magnified.
  const Fraction u1(4096 + static_cast<long>(rng.next() % 4097), 4096);
  const Fraction u2(-4096 - static_cast<long>(rng.next() % 4097), 4096);
  auto names = system.ring->names();
  names.push_back("trace_lambda");
  const auto ring = std::make_shared<PolyRing>(names);
  const Poly lambda = Poly::variable(ring, n);
  Poly ax(ring, Fraction(-1));
  for (std::size_t j = 0; j < n; ++j) ax = ax + Poly(ring, a[j]) * Poly::variable(ring, j);
  const auto quadric = [&](const Fraction& t) { return ax * lambda + Poly(ring, t); };

  const PolynomialSystem witness_system = augmented(system, ring, v, ax);
  const PolynomialSystem A0 = augmented(system, ring, v, quadric(Fraction(0)));
  const double ratio = u2.to_double() / u1.to_double();
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  std::vector<std::size_t> own = options.witness_own;  // of the witness system: F's, then a.x = 1's constant
  if (!own.empty()) {
    if (own.size() != n) throw InputError("trace test: one own variable per equation");
    own.push_back(kConstantTerm);
  }
  TraceTestResult result;
  result.solutions = solutions.size();
  PointSet witnesses(n + 1);
  std::size_t missing = 0;  // witnesses lost or merged on the way from random constant terms to ours
  for (int round = 0; round < std::max(1, options.witness_rounds); ++round) {
    // The additional witnesses (F(x) + lambda v = 0 on a.x = 1) by monodromy, each round with
    // another seed and more patience, gathered.
    MonodromyOptions mo = options.witnesses;
    mo.seed += static_cast<std::uint64_t>(round) * 0x9e3779b97f4a7c15ULL;
    mo.stable_loops *= round + 1;
    const auto w = own.empty() ? solve_monodromy(witness_system, std::nullopt, mo)
                               : solve_diagonal_monodromy(witness_system, own, std::vector<bool>(n + 1, true), mo);
    missing += w.lost + (w.found_at_start - std::min(w.found_at_start, w.solutions.size()));
    std::size_t added = 0;
    for (const auto& y : w.solutions) added += witnesses.insert(y);
    if (round > 0 && added == 0) break;  // nothing new to test
    std::vector<ComplexVector> start;
    for (const auto& x : solutions) {
      start.push_back(x);
      start.back().push_back(0.0);
    }
    start.insert(start.end(), witnesses.points().begin(), witnesses.points().end());
    if (start.empty()) break;
    // A fast point can run off to infinity at that T (a lost path); then T / 8, at most twice.
    Fraction T = time_scale(NumericSystem(A0), start);
    Traces tr;
    for (int shrink = 0; shrink < 3; ++shrink, T = T * Fraction(1, 8)) {
      const PolynomialSystem A[3] = {A0, augmented(system, ring, v, quadric(T * u1)),
                                     augmented(system, ring, v, quadric(T * u2))};
      tr = trace_deviation(A, ratio, start, options, threads);
      result.time_scale = T.to_double();
      if (tr.lost == 0) break;
    }
    result.deviation = tr.deviation, result.lost = tr.lost, result.witnesses = witnesses.points().size();
    if (tr.lost == 0 && tr.deviation <= options.complete_below) break;
  }
  const std::string lost_witnesses =
      missing ? std::to_string(missing) + " witness paths lost or merged on the way to a.x = 1" : "";
  // A lost witness is no reason for doubt once the traces lie on a line (the witness system at its
  // own constant terms may have fewer finite points than the generic one): linearity is the test.
  if (solutions.empty() && witnesses.points().empty()) {
    result.reason = "no solutions and no witnesses: nothing to trace";
  } else if (result.lost) {
    result.reason = std::to_string(result.lost) + " paths of the parameter homotopies did not end at distinct finite points";
  } else if (result.deviation <= options.complete_below) {
    result.verdict = Completeness::Complete;
  } else if (result.deviation > options.incomplete_above && missing) {
    result.reason = "the traces are off a line, but " + lost_witnesses;
  } else if (result.deviation > options.incomplete_above) {
    result.verdict = Completeness::Incomplete;
    result.reason = "the solutions, or the " + std::to_string(result.witnesses) +
                    " additional witnesses found by monodromy, miss points";
  } else {
    result.reason = "the traces are neither on a line nor clearly off it" +
                    (missing ? " (" + lost_witnesses + ")" : std::string());
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

}  // namespace landscape::algebra
