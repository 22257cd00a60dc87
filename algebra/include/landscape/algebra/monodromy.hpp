// Monodromy solving (for systems too large for the total-degree homotopy): move the constant
// terms p of F(x) = G(x) + p around random loops in parameter space and collect the solutions
// the loops permute into each other, until several loops in a row bring nothing new.
//
// The family G(x) + p = 0 has, for generic p, the same number of isolated solutions; one start
// pair (x0, p0 = -G(x0)) is free: a random point, or for a network a teacher whose labels are the
// constant terms (Liao & Poggio's setting: "a teacher network gives a start pair for free"). The
// solutions found at p0 are finally tracked to the system's own constant terms. The result says
// how many loops ran since the last new solution; completeness is decided by the trace test
// (trace_test.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

struct MonodromyOptions {
  int stable_loops = 5;    // stop after this many loops without a new solution
  int max_loops = 500;
  std::uint64_t seed = 0;
  unsigned threads = 0;    // 0: one per core
  TrackerOptions tracker;
};

struct MonodromyResult {
  std::size_t found_at_start = 0;           // distinct solutions collected at p0
  std::vector<ComplexVector> solutions;      // at the system's own constant terms
  std::size_t real = 0;
  // Start solutions whose path to the system's own constant terms failed or met another on the
  // first try (tried again, their ends are among `solutions`, but the count is not proved).
  std::size_t lost = 0;
  int loops = 0;
  std::size_t paths_tracked = 0;
  bool stabilized = false;                   // stable_loops loops in a row found nothing new
  std::uint64_t seed = 0;
  double seconds = 0;
  // Where the loops ran: the constant terms p0 (the system's own with a start point) and the
  // solutions collected there (generic p0: the whole fiber when the loops found it all).
  ComplexVector base_constants;
  std::vector<ComplexVector> base_solutions;
  bool own_constants = false;  // p0 is the system's own (a start solution was given)
  std::size_t patterns = 1;    // solve_monodromy_by_patterns: the patterns whose loops ran
  std::string summary() const;
};

// `start`: a solution of the system itself (p0 = its constant terms, no final tracking), e.g. a
// teacher's parameters; without it a random start pair is drawn from the seed.
MonodromyResult solve_monodromy(const PolynomialSystem& system, const std::optional<ComplexVector>& start,
                                const MonodromyOptions& options = {});

// More loops at previous.base_constants from previous.base_solutions (options.seed draws the new
// corners), then the solutions tracked to the system's own constant terms again; counts add up.
// For a set the trace test found incomplete.
MonodromyResult continue_monodromy(const PolynomialSystem& system, const MonodromyResult& previous,
                                   const MonodromyOptions& options);

// Monodromy in the diagonal coefficients: the parameter of equation i is its coefficient of the
// variable own[i] (the weight decay lambda_j of a critical-point system dL/dw_j = ... + lambda_j
// w_j, a family in which the system's own point is generic), the variables not `kept` held at 0
// and the equations of their own variables dropped (for a network without biases: the hidden
// units set dead, a pattern no loop in this family leaves). Start pair: a random x0 and the
// parameters that make it a solution. `solutions` and `base_solutions` are given in all of the
// system's variables, without the origin (a fixed solution of every member when F(0) = 0). Throws InputError when the kept variables are not the own variables of as
// many equations, or an equation has no term in its own variable.
// own[i] == kConstantTerm: equation i's parameter is its constant term instead (always kept).
inline constexpr std::size_t kConstantTerm = static_cast<std::size_t>(-1);
MonodromyResult solve_diagonal_monodromy(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                         const std::vector<bool>& kept, const MonodromyOptions& options = {});

// The own variable of each equation for the diagonal family: a variable x_v whose monomial (degree
// one, alone) is a term of the equation, each variable owned once (a matching, equation i on x_i
// when it can). nullopt when there is none, or the system is not square or has over 64 unknowns.
std::optional<std::vector<std::size_t>> own_variables(const PolynomialSystem& system);

// The patterns of the diagonal family, as `kept` marks: the sets S of variables held at zero on
// which the equations of S's own variables vanish identically (each of their terms has a variable
// in S), so that no loop leaves them; for a network without biases, the sets of dead hidden units.
// Left out: S = every variable, and patterns in which a kept equation is only its own term (no
// point there has that variable non-zero). Throws InputError past max_patterns.
std::vector<std::vector<bool>> diagonal_patterns(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                                 std::size_t max_patterns);

// solve_diagonal_monodromy in each pattern (seed options.seed + its number), the union of the
// solutions, and the origin when no equation has a constant term; counts add up (no base fiber).
MonodromyResult solve_monodromy_by_patterns(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                            const MonodromyOptions& options, std::size_t max_patterns = 65536);

// Points found by monodromy in the result type of the homotopy solver: all non-singular (each
// converged by Newton), real to 1e-8, with the system's Bezout number; no paths.
SolveResult as_solve_result(const PolynomialSystem& system, const std::vector<ComplexVector>& points);

// Solutions of G(x) + from = 0 (G = F - F(0)) moved to G(x) + to = 0, through a random complex
// point drawn from options.seed (the gamma trick); a path that fails or meets another is tracked
// again through other points (twice at most). An entry is empty where every try failed.
std::vector<std::optional<ComplexVector>> move_constant_terms(const PolynomialSystem& system, const ComplexVector& from,
                                                              const std::vector<ComplexVector>& points,
                                                              const ComplexVector& to, const MonodromyOptions& options);

}  // namespace landscape::algebra
