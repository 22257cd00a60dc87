// Monodromy in the own variables' coefficients, pattern by pattern (see monodromy.hpp): the own
// variable of each equation (a matching), the coordinate subspaces the family never leaves, and
// the union of the loops run in each.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>

#include "complex_vectors.hpp"
#include "landscape/algebra/mixed_volume.hpp"
#include "landscape/algebra/monodromy.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/spec/error.hpp"
#include "point_set.hpp"

namespace landscape::algebra {

namespace {

using Mask = std::uint64_t;

// Per equation, the variables of each term as a bit mask, and the terms x_v (degree one, alone).
struct TermMasks {
  std::vector<std::vector<Mask>> terms;
  std::vector<std::vector<char>> is_linear;  // per term
  std::vector<std::vector<int>> linear;      // per equation: the v of its terms x_v
};

TermMasks term_masks(const PolynomialSystem& system) {
  const std::size_t n = system.ring->variables();
  if (n > 64) throw InputError("monodromy: the own-variable family handles at most 64 unknowns, not " + std::to_string(n));
  TermMasks out;
  for (const auto& support : supports_of(system, false)) {
    out.terms.emplace_back(), out.is_linear.emplace_back(), out.linear.emplace_back();
    for (const auto& e : support) {
      Mask m = 0;
      int degree = 0;
      for (std::size_t v = 0; v < n; ++v)
        if (e[v] != 0) m |= Mask{1} << v, degree += e[v];
      out.terms.back().push_back(m);
      out.is_linear.back().push_back(degree == 1);
      if (degree == 1) out.linear.back().push_back(__builtin_ctzll(m));
    }
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::size_t>> own_variables(const PolynomialSystem& system) {
  const std::size_t n = system.ring->variables();
  if (system.equations.size() != n || n > 64) return std::nullopt;  // patterns are 64-bit masks
  const TermMasks masks = term_masks(system);
  // Kuhn's augmenting paths, equation i tried on x_i first.
  std::vector<long> owner(n, -1);  // per variable: its equation
  std::vector<char> seen;
  std::function<bool(std::size_t)> assign = [&](std::size_t i) {
    std::vector<int> order = masks.linear[i];
    std::stable_partition(order.begin(), order.end(), [&](int v) { return static_cast<std::size_t>(v) == i; });
    for (const int v : order) {
      if (seen[static_cast<std::size_t>(v)]) continue;
      seen[static_cast<std::size_t>(v)] = 1;
      if (owner[static_cast<std::size_t>(v)] < 0 || assign(static_cast<std::size_t>(owner[static_cast<std::size_t>(v)]))) {
        owner[static_cast<std::size_t>(v)] = static_cast<long>(i);
        return true;
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < n; ++i) {
    seen.assign(n, 0);
    if (!assign(i)) return std::nullopt;
  }
  std::vector<std::size_t> own(n);
  for (std::size_t v = 0; v < n; ++v) own[static_cast<std::size_t>(owner[v])] = v;
  return own;
}

std::vector<std::vector<bool>> diagonal_patterns(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                                 std::size_t max_patterns) {
  const std::size_t n = system.ring->variables();
  const TermMasks masks = term_masks(system);
  if (own.size() != n) throw InputError("monodromy: one own variable per equation");
  std::vector<std::size_t> equation_of(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (own[i] >= n || equation_of[own[i]] != n) throw InputError("monodromy: the own variables must be distinct");
    equation_of[own[i]] = i;
  }
  // S (held at zero) is a pattern when every term of the equation of each v in S has a variable in
  // S: then F vanishes there for every parameter, whatever the other variables. Depth-first over
  // the variables, in or out of S, cut as soon as a variable in S has a term whose variables are
  // all out.
  std::vector<Mask> zero_sets;
  std::size_t nodes = 0;
  std::function<void(std::size_t, Mask, Mask)> search = [&](std::size_t k, Mask in, Mask out) {
    if (++nodes > 64 * max_patterns + 4096 || zero_sets.size() > max_patterns)
      throw InputError("monodromy: the own-variable family splits into more than " + std::to_string(max_patterns) +
                       " coordinate patterns");
    for (std::size_t v = 0; v < n; ++v)
      if (in >> v & 1)
        for (const Mask t : masks.terms[equation_of[v]])
          if ((t & ~out) == 0) return;
    if (k == n) return zero_sets.push_back(in);
    search(k + 1, in | Mask{1} << k, out);
    search(k + 1, in, out | Mask{1} << k);
  };
  search(0, 0, 0);
  std::vector<std::vector<bool>> kept_sets;
  for (const Mask S : zero_sets) {
    // Left out: a pattern in which some kept equation is its own term alone (lambda x_v = 0: every
    // point there has x_v = 0 too, a smaller pattern), and S = everything (the origin).
    bool empty = S == (n == 64 ? ~Mask{0} : (Mask{1} << n) - 1);
    for (std::size_t v = 0; v < n && !empty; ++v) {
      if (S >> v & 1) continue;
      const std::size_t i = equation_of[v];
      bool alone = true;
      for (std::size_t k = 0; k < masks.terms[i].size(); ++k)
        alone = alone && ((masks.is_linear[i][k] && masks.terms[i][k] == Mask{1} << v) || (masks.terms[i][k] & S) != 0);
      empty = alone;
    }
    if (empty) continue;
    std::vector<bool> kept(n);
    for (std::size_t v = 0; v < n; ++v) kept[v] = !(S >> v & 1);
    kept_sets.push_back(kept);
  }
  return kept_sets;
}

MonodromyResult solve_monodromy_by_patterns(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                            const MonodromyOptions& options, std::size_t max_patterns) {
  const auto begin = std::chrono::steady_clock::now();
  const std::size_t n = system.ring->variables();
  const auto patterns = diagonal_patterns(system, own, max_patterns);
  MonodromyResult result;
  result.seed = options.seed;
  result.patterns = 0;
  result.stabilized = true;
  PointSet points(n);
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    MonodromyOptions mo = options;
    mo.seed = options.seed + k;
    const auto m = solve_diagonal_monodromy(system, own, patterns[k], mo);
    for (const auto& x : m.solutions) points.insert(x);
    result.found_at_start += m.found_at_start;
    result.lost += m.lost, result.loops += m.loops, result.paths_tracked += m.paths_tracked;
    result.stabilized = result.stabilized && m.stabilized;
    ++result.patterns;
  }
  // The origin: a solution when no equation has a constant term.
  const NumericSystem F(system);
  ComplexVector zero(n, 0.0), f(n);
  F.evaluate(zero.data(), f.data(), nullptr);
  if (norm_inf(f) == 0) points.insert(zero);
  result.solutions = points.points();
  for (const auto& x : result.solutions) result.real += is_real_point(x, 1e-8);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return result;
}

PatternMonodromyResult solve_monodromy_by_patterns_certified(const PolynomialSystem& system,
                                                             const std::vector<std::size_t>& own,
                                                             const MonodromyOptions& options, int rounds) {
  PatternMonodromyResult out;
  MonodromyResult& all = out.monodromy;
  PointSet points(system.ring->variables());
  TraceTestOptions trace;
  trace.seed = options.seed, trace.threads = options.threads, trace.witnesses = options, trace.witness_own = own;
  for (int r = 0; r < std::max(1, rounds); ++r) {
    MonodromyOptions mo = options;
    mo.seed = options.seed + static_cast<std::uint64_t>(r) * 0x9e3779b97f4a7c15ULL;
    mo.stable_loops = options.stable_loops * (r + 1);
    const auto m = solve_monodromy_by_patterns(system, own, mo);
    std::size_t added = 0;
    for (const auto& x : m.solutions) added += points.insert(x);
    all.found_at_start += m.found_at_start, all.lost += m.lost, all.loops += m.loops;
    all.paths_tracked += m.paths_tracked, all.seconds += m.seconds, all.patterns = m.patterns;
    all.stabilized = m.stabilized;
    ++out.rounds;
    if (r > 0 && added == 0) break;  // the same set: the verdict would not change
    out.trace = trace_test(system, points.points(), trace);
    if (out.trace.verdict == Completeness::Complete) break;
  }
  all.seed = options.seed;
  all.solutions = points.points();
  refine_points(NumericSystem(system), all.solutions);
  all.real = 0;
  for (const auto& x : all.solutions) all.real += is_real_point(x, 1e-8);
  return out;
}

}  // namespace landscape::algebra
