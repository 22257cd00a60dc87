// The trace test (Leykin, Rodriguez & Sottile 2018, "Trace test"; the construction of
// HomotopyContinuation.jl's verify_solution_completeness): whether a set of solutions of a square
// system F(x) = 0, found by monodromy, is all of its isolated solutions.
//
// With the constant terms moved along a random line, p + lambda v, the points (x, lambda) with
// F(x) + lambda v = 0 form a curve C. It meets the reducible quadric (a.x - 1) lambda = 0 in the
// solutions of F (lambda = 0) and in the "additional witnesses" on a.x = 1 (found here by monodromy
// too), and the quadrics (a.x - 1) lambda + t = 0 in as many points for generic t. The sum of
// those points (the trace) is an affine function of t when, and only when, the set at t = 0 is
// the whole intersection. So the solutions and the witnesses are tracked to two values t1, t2
// (parameter homotopies with the gamma trick) and the three traces tested for lying on a line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/monodromy.hpp"

namespace landscape::algebra {

enum class Completeness { Complete, Incomplete, Undecided };
const char* to_string(Completeness c);

struct TraceTestOptions {
  std::uint64_t seed = 0;       // v, a, t1, t2 (rationals), the homotopies' gamma and patches
  unsigned threads = 0;         // 0: one per core
  TrackerOptions tracker;
  MonodromyOptions witnesses;   // the monodromy that finds the additional witnesses
  // deviation <= complete_below: complete; > incomplete_above: incomplete; between: undecided.
  double complete_below = 1e-9, incomplete_above = 1e-6;
};

struct TraceTestResult {
  Completeness verdict = Completeness::Undecided;
  // |tr(t2) - tr(0) - (t2 / t1) (tr(t1) - tr(0))|_inf over the largest sum of |point|_inf: the
  // traces' distance from a line, relative to their size.
  double deviation = 0;
  std::size_t solutions = 0, witnesses = 0;  // the points at t = 0: given, and on a.x = 1
  // Paths to t1 or t2 that did not end at distinct finite points (non-singular, or past the
  // singular threshold of the condition number but alone): any makes the verdict undecided.
  std::size_t lost = 0;
  double seconds = 0;
  std::string reason;    // why undecided
};

// `solutions`: points of F = 0 (n coordinates each). Throws InputError if the system is not square.
TraceTestResult trace_test(const PolynomialSystem& system, const std::vector<ComplexVector>& solutions,
                           const TraceTestOptions& options = {});

}  // namespace landscape::algebra
