// Counting the zeros of a square polynomial system (Liao & Poggio 2017, Section 3 and App. A: the
// Bezout bound against the actual count): total-degree homotopy continuation or monodromy (from a
// teacher point), the non-singular solutions certified by the Krawczyk test, and for a network
// system its symmetry orbits. Also the choice of the parameters held fixed to make a network's
// zero-loss system square.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/experiments/output.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape::experiments {

// Parameters held fixed: `spec` is comma-separated parameter names ("w1_1_1,b1_1") or "first:M";
// their values are the teacher's when given, else seeded random non-zero small rationals.
std::map<std::size_t, Rational> choose_fixed_parameters(const NetSpec& net, const std::optional<std::vector<Rational>>& teacher,
                                                        const std::string& spec, std::uint64_t seed);

// A network's zero-loss system made square by fixing parameters (`fix`: see
// choose_fixed_parameters; empty: none), with the teacher's free parameters as a known solution
// when there is a teacher. details: "fixed" (name: value) and "paper_bezout_bound" (l^d per equation).
struct NetworkSystem : ProtocolResult {
  algebra::PolynomialSystem system;
  std::map<std::size_t, Rational> fixed;
  std::optional<std::vector<algebra::Fraction>> teacher_point;
};
NetworkSystem network_system(const NetSpec& net, const RationalMatrix& inputs, const RationalMatrix& labels,
                             const std::optional<std::vector<Rational>>& teacher, const std::string& fix, std::uint64_t seed);

struct SolveSystemOptions {
  const algebra::PolynomialSystem* system = nullptr;     // square; required
  std::optional<NetSpec> net;                            // a network's system: report symmetry orbits
  std::map<std::size_t, Rational> fixed;                 // its fixed parameters
  std::optional<std::vector<algebra::Fraction>> teacher_point;// a known solution (monodromy starts there)
  std::string method = "homotopy";                       // or monodromy ("total-degree": homotopy
                                                         // from the total-degree start system)
  // monodromy: "constant-terms" (loops in F(0)), "own-variables" (in each equation's coefficient
  // of its own variable, pattern by pattern: solve_monodromy_by_patterns), or "auto": the latter
  // for a system without constant terms whose equations own a variable each and no teacher point
  // (a critical-point system with weight decays, whose constant terms are all 0).
  std::string family = "auto";
  std::string start = "auto";                            // homotopy: auto, total-degree or polyhedral
  std::uint64_t seed = 0;                                // gamma, the patch, the loops
  unsigned threads = 0;                                  // 0: one per core
  int stable_loops = 5;                                  // monodromy: stop after this many quiet loops, >= 1
  bool certify = true;                                   // Krawczyk certification (Arb)
  std::size_t max_paths = 200000;                        // refuse a start system with more paths
  std::string solutions_file;                            // write the solutions (JSON) here, if given

  bool is_valid(std::string* error) const;
};

struct SolveSystemResult : ProtocolResult {
  std::size_t solutions = 0, nonsingular = 0, real = 0, singular = 0, failed = 0, certified = 0, undecided = 0;
};

// The trace test's verdict and figures as JSON (`trace_test` of solve and critical).
nlohmann::json trace_test_json(const algebra::TraceTestResult& t);

// Splits the paths across MPI ranks under mpirun; progress lines go to `log` on rank 0.
SolveSystemResult solve_system(const SolveSystemOptions& options, std::ostream* log);

// Whether `system` has a complex solution (Nullstellensatz: none iff 1 is in the ideal, by a
// Groebner basis); a teacher point (its free parameters) that solves it certifies consistency
// without one. details: unknowns, equations, consistent (null: undecided), certificate,
// basis_length; the summary starts with consistent, inconsistent or undecided.
ProtocolResult decide_system_consistency(const algebra::PolynomialSystem& system,
                                         const std::optional<std::vector<algebra::Fraction>>& teacher_point, std::ostream* log);

}  // namespace landscape::experiments
