// Solving square polynomial systems by homotopy continuation (total-degree homotopy with the
// gamma trick), in double precision, on a random affine patch of projective space.
//
//   system -> NumericSystem (homogenized) -> Homotopy
//             H(x, t) = [gamma t G(x) + (1 - t) F(x); a.x - 1], x in C^{n+1}
//          -> predictor (Runge-Kutta 4) / corrector (Newton) tracker with adaptive steps, t: 1 -> 0
//          -> endgame at t = 0: the homogenizing coordinate vanishes (a solution at infinity) or
//             not (Newton refinement on F, condition number, residual)
//          -> PathResult per path -> clustering of endpoints (multiplicities) -> SolveResult.
//
// G_i(x) = x_i^{d_i} - x_h^{d_i} has prod d_i regular start solutions (roots of unity), one path
// each. With a random complex gamma the paths are smooth for t in (0, 1] with probability one;
// on the patch they stay bounded and end at the isolated solutions of F (an isolated solution
// of multiplicity m receives m paths), at points at infinity, or on positive-dimensional
// components.
#pragma once

#include <complex>
#include <functional>
#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

using Complex = std::complex<double>;
using ComplexVector = std::vector<Complex>;

// A polynomial system compiled for fast evaluation of F and its Jacobian at complex points.
// With `homogenize`, equation i becomes x_h^{d_i} F_i(x / x_h) with the homogenizing variable
// x_h appended as the last one.
class NumericSystem {
 public:
  explicit NumericSystem(const PolynomialSystem& system, bool homogenize = false);

  std::size_t equations() const { return term_begin_.size() - 1; }
  std::size_t variables() const { return variables_; }
  const std::vector<int>& degrees() const { return degrees_; }

  // f[i] = F_i(x); J (row-major, equations x variables) = dF/dx. J may be null.
  void evaluate(const Complex* x, Complex* f, Complex* J) const;
  // The same for std::complex<R> with R double or an MPFR Real (coefficients from the exact
  // rationals); instantiated in homotopy.cpp.
  template <class C>
  void evaluate_generic(const C* x, C* f, C* J) const;
  // scale[i] = sum over the terms of F_i and the variables of |d term / d x_j| at x: the size of
  // row i of the Jacobian before cancellation.
  void row_scales(const Complex* x, double* scale) const;

 private:
  struct Term {
    Complex coefficient;
    int first_factor, factors;
  };
  std::size_t variables_ = 0;
  int max_degree_ = 0;
  std::vector<int> degrees_;
  std::vector<std::size_t> term_begin_;  // equation i: terms_[term_begin_[i] .. term_begin_[i+1])
  std::vector<Term> terms_;
  std::vector<std::pair<int, int>> factors_;  // (variable, exponent > 0)
  std::vector<Rational> exact_coefficients_;   // per term, for the multiprecision fallback
};

enum class PathStatus { Nonsingular, Singular, AtInfinity, Failed };
const char* to_string(PathStatus status);

struct TrackerOptions {
  double initial_step = 0.05;       // in t
  double max_step = 0.1;
  double min_step = 1e-14;
  int max_steps = 1500;             // per path
  double corrector_tolerance = 1e-9;  // relative Newton step that counts as converged
  int corrector_iterations = 3;
  double infinity_threshold = 1e8;  // |x|_inf beyond this: the path goes to infinity
  double singular_condition = 1e8;  // condition above this at t = 0: singular
  // Stop a path early once |x_h| / |x| falls by > 10% per decade of t for three decades below
  // 1e-3 (a path to infinity) unless Newton on F from there finds a solution; off: track every
  // path to t = 0. (At 0.05 instead of 1e-3 it lost 257 of 288 solutions of a tree4 system.)
  bool early_divergence = true;
};

struct PathResult {
  std::size_t index = 0;   // the start solution's number
  PathStatus status = PathStatus::Failed;
  ComplexVector endpoint;
  double residual = 0;     // |F(endpoint)|_inf
  double condition = 0;    // 1 / sigma_min of dF/dx with rows scaled by their term sizes
  bool real = false;
  int multiplicity = 1;    // paths ending at the same point (filled in by the clustering)
  int steps = 0;
  double t_reached = 1;    // t where tracking stopped (0 unless it diverged or failed)
  ComplexVector stop_point;  // homogeneous coordinates on the patch where tracking stopped
};

// Splitting the paths across processes (MPI ranks): this process tracks the paths whose
// position in each batch is congruent to `rank` modulo `ranks`; `share` must then make every
// process's results for the batch known to all (an all-gather). The algebra stays free of MPI:
// the caller (the CLI, when launched under mpirun) supplies `share`.
struct Distribution {
  int rank = 0, ranks = 1;
  std::function<void(std::vector<PathResult>& results, const std::vector<std::size_t>& batch)> share;
};

struct SolveOptions {
  TrackerOptions tracker;
  std::uint64_t seed = 0;   // gamma = exp(2 pi i u), u drawn from the seed
  unsigned threads = 0;     // 0: one per core
  int reruns = 1;           // re-track failed and colliding paths, with smaller steps
  // Paths still failed after the reruns are tracked once more in MPFR arithmetic with this many
  // digits (0: no multiprecision fallback).
  unsigned multiprecision_digits = 30;
  // It is slow (MPFR, serial): at most this many paths, each at most this many steps, and no new
  // path after this many seconds.
  std::size_t multiprecision_max_paths = 100;
  int multiprecision_max_steps = 400;
  double multiprecision_seconds = 10;
  Distribution distribution;  // serial by default
};

// Solves A y = b in place (A row-major n x n, overwritten; b becomes y) by Gaussian elimination
// with partial pivoting; false for an exactly singular matrix. Small dense systems, no allocation.
bool solve_linear_in_place(Complex* A, Complex* b, int n);

// The paths of `batch` that process `rank` of `ranks` tracks: positions k with k % ranks == rank.
std::vector<std::size_t> share_of(const std::vector<std::size_t>& batch, int rank, int ranks);

// A distinct solution: the cluster of path endpoints at one point.
struct Solution {
  ComplexVector point;
  PathStatus status = PathStatus::Nonsingular;  // Nonsingular or Singular
  int multiplicity = 1;
  bool real = false;
  double condition = 0;
  double residual = 0;
  std::vector<std::size_t> paths;
};

struct SolveResult {
  std::size_t paths = 0;
  std::vector<PathResult> path_results;
  std::vector<Solution> solutions;  // distinct finite solutions
  std::size_t nonsingular = 0, real = 0, singular = 0, at_infinity = 0, failed = 0;
  std::size_t multiprecision_paths = 0;  // paths re-tracked in MPFR arithmetic
  std::string bezout_bound;
  std::uint64_t seed = 0;
  double seconds = 0;
  std::string summary() const;  // "N solutions: a non-singular (b real), c singular, ..."
};

// The total-degree homotopy from G(x) = (x_i^{d_i} - 1). Throws InputError if the system is not
// square or has a zero equation.
SolveResult solve_total_degree(const PolynomialSystem& system, const SolveOptions& options = {});

// Tracks the path of the total-degree homotopy from the affine start point `start` (roots of
// unity) and classifies its end. `Fh` is the homogenized system, `F` the affine one, `patch` the
// n + 1 coefficients of the affine patch a.x = 1.
PathResult track_total_degree_path(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                   const ComplexVector& patch, const ComplexVector& start,
                                   const TrackerOptions& options);
// The fallback for a path that failed in double precision: tracking resumes where it stopped
// (`failed.stop_point` at `failed.t_reached`), in MPFR arithmetic with `digits` decimal digits
// (coefficients from the exact rationals).
PathResult resume_path_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                      const ComplexVector& patch, const PathResult& failed,
                                      const TrackerOptions& options, unsigned digits);

// Groups endpoints into distinct solutions: nonsingular endpoints within 1e-8 (relative) of each
// other, singular ones within 1e-4; fills multiplicities.
std::vector<Solution> cluster_endpoints(std::vector<PathResult>& paths);

}  // namespace landscape::algebra
