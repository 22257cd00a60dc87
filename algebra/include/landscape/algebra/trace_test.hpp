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
// t1 and t2 are scaled so that the median point moves by about its own size.
//
// The statement is about generic constant terms. At special ones (F with fewer finite solutions
// than its neighbours) the traces can bend although nothing was missed: callers with monodromy's
// evidence of that (paths lost or merged on the way to F's own constant terms) should not run the
// test (the `solve` protocol reports it undecided then), and witnesses lost or merged that way
// turn an "incomplete" into "undecided" here. An empty set is undecided.
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
  // Empty: that monodromy moves the witness system's constant terms. Otherwise own variables per
  // equation of F (see solve_diagonal_monodromy): it moves their coefficients, and the constant
  // term of a.x = 1 (a network's weight decays: the constant terms of a critical-point system move
  // its points far out, where the affine tracker stalls; witnesses there lost 113 paths on 2->3->3).
  std::vector<std::size_t> witness_own;
  // Rounds of that monodromy (round r: another seed, (r + 1) times the stable loops), the witnesses
  // gathered, while the traces are not on a line and a round still finds new ones.
  int witness_rounds = 3;
  // deviation <= complete_below: complete; > incomplete_above: incomplete; between: undecided. (A
  // complete set gives rounding-level deviations, 1e-15 to 4e-12 on the systems tested, the
  // largest on the 2 -> 2 -> 3 network system; with t1, t2 scaled to the points' speed, a
  // set missing one point gave 2e-5 to 4e-3 on the 2 -> 2 -> 3 system, 3e-10 before that scaling.)
  double complete_below = 1e-10, incomplete_above = 1e-6;
};

struct TraceTestResult {
  Completeness verdict = Completeness::Undecided;
  // max_j |tr_j(t2) - tr_j(0) - (t2 / t1) (tr_j(t1) - tr_j(0))| over the largest sum of |y_j|
  // (coordinate j of the points, lambda the last): the traces' distance from a line, relative to
  // the size of each coordinate.
  double deviation = 0;
  std::size_t solutions = 0, witnesses = 0;  // the points at t = 0: given, and on a.x = 1
  // Paths to t1 or t2 that did not end at distinct finite points (non-singular, or past the
  // singular threshold of the condition number but alone): any makes the verdict undecided.
  std::size_t lost = 0;
  double time_scale = 1;  // T: t1 in T [1, 2], t2 in T [-2, -1]
  double seconds = 0;
  std::string reason;    // why undecided
};

// `solutions`: points of F = 0 (n coordinates each). Throws InputError if the system is not square.
TraceTestResult trace_test(const PolynomialSystem& system, const std::vector<ComplexVector>& solutions,
                           const TraceTestOptions& options = {});

// Newton in double at each point while its steps shrink, then iterative refinement with the
// residual in MPFR (40 digits) and the Jacobian in double: each point ends about at double's
// rounding of the solution whatever its condition number (below 1e15), where Newton in double alone
// stops at rounding times the condition number.
void refine_points(const NumericSystem& F, std::vector<ComplexVector>& points);

// Monodromy in the own variables' coefficients, pattern by pattern (solve_monodromy_by_patterns),
// certified by the trace test at the system itself with witnesses by the same family; while the
// verdict is not complete, another round (another seed, (r + 1) times the stable loops) adds its
// points, up to `rounds` in all. Counts add up over the rounds; rounds = those run. The solutions
// are refined (refine_points), so that Krawczyk's boxes, a few rounding units wide, hold them.
struct PatternMonodromyResult {
  MonodromyResult monodromy;
  TraceTestResult trace;
  int rounds = 0;
};
PatternMonodromyResult solve_monodromy_by_patterns_certified(const PolynomialSystem& system,
                                                             const std::vector<std::size_t>& own,
                                                             const MonodromyOptions& options, int rounds = 3);

}  // namespace landscape::algebra
