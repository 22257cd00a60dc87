// Monodromy solving (for systems too large for the total-degree homotopy): move the constant
// terms p of F(x) = G(x) + p around random loops in parameter space and collect the solutions
// the loops permute into each other, until several loops in a row bring nothing new.
//
// The family G(x) + p = 0 has, for generic p, the same number of isolated solutions; one start
// pair (x0, p0 = -G(x0)) is free: a random point, or for a network a teacher whose labels are the
// constant terms (Liao & Poggio's setting: "a teacher network gives a start pair for free"). The
// solutions found at p0 are finally tracked to the system's own constant terms. Completeness is
// not proven (no trace test): the result says how many loops ran since the last new solution.
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
  std::size_t lost = 0;                      // start solutions whose path to the target failed
  int loops = 0;
  std::size_t paths_tracked = 0;
  bool stabilized = false;                   // stable_loops loops in a row found nothing new
  std::uint64_t seed = 0;
  double seconds = 0;
  std::string summary() const;
};

// `start`: a solution of the system itself (p0 = its constant terms, no final tracking), e.g. a
// teacher's parameters; without it a random start pair is drawn from the seed.
MonodromyResult solve_monodromy(const PolynomialSystem& system, const std::optional<ComplexVector>& start,
                                const MonodromyOptions& options = {});

}  // namespace landscape::algebra
