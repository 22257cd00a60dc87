// The trace test (see trace_test.hpp): the augmented systems in (x, lambda), the additional
// witnesses by monodromy, the two parameter homotopies and the traces.
#include "landscape/algebra/trace_test.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "complex_vectors.hpp"
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

// A random non-zero rational k / 16, |k| <= 32.
Fraction draw(SplitMix64& rng) {
  long k = 0;
  while (k == 0) k = static_cast<long>(rng.next() % 65) - 32;
  return Fraction(k, 16);
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
  const Fraction t1 = draw(rng);
  Fraction t2 = draw(rng);
  while (t2 == t1) t2 = draw(rng);
  auto names = system.ring->names();
  names.push_back("trace_lambda");
  const auto ring = std::make_shared<PolyRing>(names);
  const Poly lambda = Poly::variable(ring, n);
  Poly ax(ring, Fraction(-1));
  for (std::size_t j = 0; j < n; ++j) ax = ax + Poly(ring, a[j]) * Poly::variable(ring, j);
  const auto quadric = [&](const Fraction& t) { return ax * lambda + Poly(ring, t); };

  TraceTestResult result;
  result.solutions = solutions.size();
  // The additional witnesses: F(x) + lambda v = 0 on a.x = 1.
  const auto witnesses = solve_monodromy(augmented(system, ring, v, ax), std::nullopt, options.witnesses);
  result.witnesses = witnesses.solutions.size();
  std::vector<ComplexVector> start;
  for (const auto& x : solutions) {
    start.push_back(x);
    start.back().push_back(0.0);
  }
  start.insert(start.end(), witnesses.solutions.begin(), witnesses.solutions.end());
  if (witnesses.lost) result.reason = std::to_string(witnesses.lost) + " witness paths did not reach a.x = 1";

  const PolynomialSystem A0 = augmented(system, ring, v, quadric(Fraction(0)));
  const NumericSystem A0h(A0, true);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  ComplexVector trace[3] = {ComplexVector(n + 1, 0.0), ComplexVector(n + 1, 0.0), ComplexVector(n + 1, 0.0)};
  double size = 0;
  for (const auto& y : start) {
    for (std::size_t j = 0; j <= n; ++j) trace[0][j] += y[j];
    size += norm_inf(y);
  }
  const Fraction targets[2] = {t1, t2};
  for (int k = 0; k < 2; ++k) {
    const PolynomialSystem Ak = augmented(system, ring, v, quadric(targets[k]));
    const NumericSystem F(Ak), Fh(Ak, true);
    const auto [gamma, patch] = draw_homotopy_parameters(options.seed + 1 + static_cast<std::uint64_t>(k), n + 1);
    std::vector<PathResult> ends(start.size());
    std::atomic<std::size_t> next{0};
    run_worker_threads(threads, [&] {
      for (std::size_t p; (p = next++) < start.size();)
        ends[p] = track_total_degree_path(Fh, F, gamma, patch, start[p], options.tracker, &A0h);
    });
    double sum = 0;
    for (const auto& e : ends) {
      // A finite end (non-singular, or ill-conditioned beyond the singular threshold but alone).
      if (e.status != PathStatus::Nonsingular && e.status != PathStatus::Singular) {
        ++result.lost;
        continue;
      }
      for (std::size_t j = 0; j <= n; ++j) trace[k + 1][j] += e.endpoint[j];
      sum += norm_inf(e.endpoint);
    }
    size = std::max(size, sum);
    // Two paths at one point: one of them jumped, and the set at t_k is not the fiber.
    for (const auto& s : cluster_endpoints(ends))
      if (s.multiplicity > 1) result.lost += static_cast<std::size_t>(s.multiplicity);
  }
  const Complex ratio = Complex(t2.to_double() / t1.to_double(), 0);
  double deviation = 0;
  for (std::size_t j = 0; j <= n; ++j)
    deviation = std::max(deviation, std::abs(trace[2][j] - trace[0][j] - ratio * (trace[1][j] - trace[0][j])));
  result.deviation = deviation / std::max(size, 1e-300);
  // A lost witness is no reason for doubt once the traces lie on a line (the witness system at its
  // own constant terms may have fewer finite points than the generic one): linearity is the test.
  if (result.lost) {
    result.reason = std::to_string(result.lost) + " paths of the parameter homotopies did not end at distinct finite points";
  } else if (result.deviation <= options.complete_below) {
    result.verdict = Completeness::Complete;
    result.reason.clear();
  } else if (result.deviation > options.incomplete_above) {
    result.verdict = Completeness::Incomplete;
    result.reason = "the solutions, or the " + std::to_string(result.witnesses) +
                    " additional witnesses found by monodromy, miss points" +
                    (result.reason.empty() ? "" : " (" + result.reason + ")");
  } else {
    result.reason = "the traces are neither on a line nor clearly off it" +
                    (result.reason.empty() ? "" : " (" + result.reason + ")");
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

}  // namespace landscape::algebra
