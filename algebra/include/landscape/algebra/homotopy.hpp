// Solving square polynomial systems by homotopy continuation (from a total-degree or polyhedral
// start system, with the gamma trick), in double precision, on a random affine patch of
// projective space.
//
// The layers read in one direction; each is one source file in algebra/src/ (with its test in
// tests/algebra/):
//   system             numeric_system.cpp           F compiled for evaluation; F^h homogenized
//   homotopy           total_degree_homotopy.cpp    G_i = x_i^{d_i} - x_h^{d_i}, its start solutions, and
//                                                   H(x, t) = [gamma |F_i| t G_i(x) + (1 - t) F^h_i(x); a.x - 1]
//   polyhedral start   mixed_volume.cpp             mixed cells of a random lifting (stable_mixed_volume.cpp:
//                                                   the one `solve` uses, with the stable mixed volume), and a start
//                      polyhedral_homotopy.cpp      system G with random coefficients on F's supports
//                                                   (solved from the cells' binomial systems) that takes
//                                                   the place of x_i^{d_i} - x_h^{d_i} in H above
//   predictor/corrector predictor_corrector.hpp     Runge-Kutta 4 + Newton (shared with monodromy)
//   tracker            path_tracker.cpp             adaptive steps from t = 1 towards 0
//   endgame            endgame.cpp                  at t = 0: x_h vanishes (a solution at infinity)
//                                                   or not (Newton on F, condition, residual) -> PathResult
//                      cauchy_endgame.cpp           a path that does not end at a non-singular
//                                                   solution: loops around t = 0, winding number
//   fallback           multiprecision_fallback.cpp  failed paths resumed in MPFR arithmetic
//   aggregate          endpoint_clustering.cpp      endpoints -> distinct solutions, multiplicities
//   driver             homotopy.cpp                 solve, solve_total_degree: threads, reruns -> SolveResult
//
// G has prod d_i regular start solutions (roots of unity; the polyhedral G has as many as the
// mixed volume), one path each. With a random complex
// gamma the paths are smooth for t in (0, 1] with probability one; on the patch they stay
// bounded and end at the isolated solutions of F (an isolated solution of multiplicity m
// receives m paths), at points at infinity, or on positive-dimensional components.
#pragma once

#include <complex>
#include <functional>
#include <iterator>
#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/numeric_system.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

enum class PathStatus { Nonsingular, Singular, AtInfinity, Failed };
const char* to_string(PathStatus status);

// Why a path ended (after HomotopyContinuation.jl's return codes). Success (a solution, singular
// or not) and AtInfinity are the paths that ended; every other code is a failed path, with its
// reason:
//   MaxSteps          more than TrackerOptions::max_steps steps
//   StepSizeTooSmall  the corrector did not converge with steps down to min_step, short of t = 0
//   NotASolution      tracking reached t = 0 (or stopped) at a point that does not solve F, and
//                     Newton on F does not get there
enum class PathCode { Success, AtInfinity, MaxSteps, StepSizeTooSmall, NotASolution };
const char* to_string(PathCode code);
inline constexpr PathCode all_path_codes[] = {PathCode::Success, PathCode::AtInfinity, PathCode::MaxSteps,
                                              PathCode::StepSizeTooSmall, PathCode::NotASolution};

// Where the paths start (`solve`): the total-degree system x_i^{d_i} - 1 (Bezout's number of
// paths), the polyhedral one (Huber & Sturmfels 1995: the mixed volume of the supports with the
// origin added, mixed_volume.hpp), or `Auto`: polyhedral when its mixed volume is below the Bezout
// number.
enum class StartSystem { Auto, TotalDegree, Polyhedral };
const char* to_string(StartSystem start);
StartSystem parse_start_system(const std::string& name);  // FieldError("start", ...) if unknown

struct TrackerOptions {
  double initial_step = 0.05;       // in t
  double max_step = 0.1;
  double min_step = 1e-14;          // in t; below t = 1e-11 the bound is 1e-3 t
  int max_steps = 1500;             // per path
  double corrector_tolerance = 1e-9;  // relative Newton step that counts as converged
  int corrector_iterations = 3;
  double infinity_threshold = 1e8;  // |x|_inf beyond this: the path goes to infinity
  double singular_condition = 1e8;  // condition above this at t = 0: singular
  // Stop a path early once |x_h| / |x| falls by > 10% per decade of t for three decades below
  // 1e-3 (a path to infinity) unless Newton on F from there finds a solution; off: track every
  // path to t = 0. (At 0.05 instead of 1e-3 it lost 257 of 288 solutions of a tree4 system.)
  bool early_divergence = true;
  // A path that does not end at a non-singular solution gets the Cauchy endgame (Morgan, Sommese
  // & Wampler 1992): loops around t = 0 from the points where it crossed t = 1e-3, 1e-4, ...;
  // the number of loops that bring it back is its winding number c (the path is a power series
  // in t^(1/c)), and the mean of x over them (Cauchy's integral formula, the trapezoidal rule) is
  // its end. Accepted when two radii in a row give the same c and ends within 1e-8; more than
  // max_winding_number loops without return: no estimate (the earlier classification stands).
  bool cauchy_endgame = true;
  int max_winding_number = 12;
};

struct PathResult {
  std::size_t index = 0;   // the start solution's number
  PathStatus status = PathStatus::Failed;
  PathCode code = PathCode::StepSizeTooSmall;
  ComplexVector endpoint;
  double residual = 0;     // |F(endpoint)|_inf
  double relative_residual = 0;  // max_i |F_i| / NumericSystem::value_scales_i at the endpoint
  double condition = 0;    // 1 / sigma_min of dF/dx with rows scaled by their term sizes
  bool real = false;
  int multiplicity = 1;    // paths ending at the same point (filled in by the clustering)
  // 1 for a path to a non-singular solution; the Cauchy endgame's loop count for a path whose
  // end it estimated; 0: not known (the endgame did not run or did not settle).
  int winding_number = 0;
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
  // It is slow (MPFR; serial, in the calling thread once the worker threads have joined, since
  // MPFR's working precision is process-wide): at most this many paths, each at most this many
  // steps, and no new path once this many MPFR steps have been taken in all (a budget of work, not
  // of seconds, so that a run repeats exactly on a busy machine).
  std::size_t multiprecision_max_paths = 100;
  int multiprecision_max_steps = 400;
  int multiprecision_total_steps = 2000;
  Distribution distribution;  // serial by default
  // The most paths a start system may have (the total-degree one has the Bezout number of them,
  // about 600 bytes each): more is refused with FieldError("max_paths", ...) before anything is
  // allocated, saying how many there would be.
  std::size_t max_paths = 200000;
  StartSystem start = StartSystem::Auto;  // for `solve`; solve_total_degree is always total-degree
};

// The paths of `batch` that process `rank` of `ranks` tracks: positions k with k % ranks == rank.
std::vector<std::size_t> share_of(const std::vector<std::size_t>& batch, int rank, int ranks);

// A distinct solution: the cluster of path endpoints at one point.
struct Solution {
  ComplexVector point;
  PathStatus status = PathStatus::Nonsingular;  // Nonsingular or Singular
  int multiplicity = 1;
  int winding_number = 0;  // the largest of its paths' (0: none known)
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
  std::size_t path_codes[std::size(all_path_codes)] = {};  // paths per PathCode, in its order
  std::size_t multiprecision_paths = 0;  // paths re-tracked in MPFR arithmetic
  std::string bezout_bound;
  StartSystem start_system = StartSystem::TotalDegree;  // the one tracked from
  // The mixed volume of the supports with the origin added, when `solve` computed it in full
  // (empty otherwise): the polyhedral start system's number of paths; mixed_cells: how many cells
  // they come from (0 unless the polyhedral start system was used).
  std::string mixed_volume;
  // The stable mixed volume (mixed_volume.hpp), a bound on the solutions in C^n at most the mixed
  // volume, from the same cells (empty when they were not computed in full).
  std::string stable_mixed_volume;
  std::size_t mixed_cells = 0;
  std::size_t start_paths_failed = 0;  // polyhedral paths lost before reaching the start system
  std::uint64_t seed = 0;
  double seconds = 0;
  std::string summary() const;  // "N solutions: a non-singular (b real), c singular, ..."
};

// The total-degree homotopy from G(x) = (x_i^{d_i} - 1). Throws InputError if the system is not
// square or has a zero equation.
SolveResult solve_total_degree(const PolynomialSystem& system, const SolveOptions& options = {});
// The homotopy from options.start: as solve_total_degree, or from the polyhedral start system
// (random complex coefficients on F's supports with the origin added, whose solutions the mixed
// cells' homotopies give; a cell path that fails is a failed path of the result). `Polyhedral`
// refuses (FieldError "max_paths") a mixed volume above options.max_paths (the cell search stops
// there, so the message gives the limit, not the volume); `Auto` then falls back to the
// total-degree start system, which refuses in turn if it is larger still, and does so too when the
// mixed volume is no smaller than the Bezout number or the polyhedral start system cannot be
// built (ties in every lifting, Hermite transforms past doubles: std::runtime_error otherwise).
SolveResult solve(const PolynomialSystem& system, const SolveOptions& options = {});

// Tracks the path of the total-degree homotopy from the affine start point `start` (roots of
// unity) and classifies its end. `Fh` is the homogenized system, `F` the affine one, `patch` the
// n + 1 coefficients of the affine patch a.x = 1.
// With `Gh` (a homogenized start system of F's degrees, e.g. the polyhedral one) the path is that
// of gamma t |F_i| Gh_i + (1 - t) F^h_i from the start solution `start` of Gh.
PathResult track_total_degree_path(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                   const ComplexVector& patch, const ComplexVector& start,
                                   const TrackerOptions& options, const NumericSystem* Gh = nullptr);
// The fallback for a path that failed in double precision: tracking resumes where it stopped
// (`failed.stop_point` at `failed.t_reached`), in MPFR arithmetic with `digits` decimal digits
// (coefficients from the exact rationals). The precision is set for the duration of the call;
// like every PrecisionScope it waits for multiprecision work in other threads to finish.
PathResult resume_path_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                      const ComplexVector& patch, const PathResult& failed,
                                      const TrackerOptions& options, unsigned digits,
                                      const NumericSystem* Gh = nullptr);

// Groups endpoints into distinct solutions: nonsingular endpoints within 1e-8 (relative) of each
// other, singular ones within 1e-4; fills multiplicities.
std::vector<Solution> cluster_endpoints(std::vector<PathResult>& paths);

}  // namespace landscape::algebra
