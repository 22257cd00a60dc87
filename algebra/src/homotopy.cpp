// The driver of the total-degree solver (the layers are listed in homotopy.hpp): draws gamma and
// the patch, tracks every path in worker threads (double precision only), re-tracks failed and
// colliding paths with smaller steps, hands what still failed to the multiprecision fallback
// (serially, after the threads have joined), clusters the endpoints and counts the result.
#include "worker_threads.hpp"
#include "landscape/algebra/homotopy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

#include "cauchy_endgame.hpp"
#include "endgame.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/algebra/mixed_volume.hpp"
#include "multiprecision_fallback.hpp"
#include "path_tracker.hpp"
#include "polyhedral_homotopy.hpp"
#include "total_degree_homotopy.hpp"

namespace landscape::algebra {

PathResult track_total_degree_path(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                   const ComplexVector& patch, const ComplexVector& start,
                                   const TrackerOptions& options, const NumericSystem* Gh) {
  const TrackedPoint p = track_on_patch<Complex>(Fh, gamma, patch, start, options, Gh);
  PathResult r = classify_tracked_point(F, p, options);
  if (!options.cauchy_endgame || r.status == PathStatus::Nonsingular || r.status == PathStatus::AtInfinity) return r;
  const auto estimate = cauchy_endgame(Fh, gamma, patch, p, options, Gh);
  if (!estimate) return r;
  TrackedPoint end = p;
  end.x = estimate->point;
  end.t = 0;
  end.code = PathCode::Success;
  end.diverging = false;
  PathResult cauchy = classify_tracked_point(F, end, options);
  // With c > 1 the end is singular: at a non-singular solution the implicit function theorem makes
  // the path a power series in t itself. A non-singular end with c > 1 means a loop closed on the
  // wrong branch: the estimate is not used.
  if (cauchy.status == PathStatus::Failed || (cauchy.status == PathStatus::Nonsingular && estimate->winding_number > 1))
    return r;
  cauchy.winding_number = estimate->winding_number;
  cauchy.steps = p.steps;
  return cauchy;
}

const char* to_string(StartSystem start) {
  switch (start) {
    case StartSystem::Auto: return "auto";
    case StartSystem::TotalDegree: return "total-degree";
    case StartSystem::Polyhedral: return "polyhedral";
  }
  return "?";
}

StartSystem parse_start_system(const std::string& name) {
  for (auto s : {StartSystem::Auto, StartSystem::TotalDegree, StartSystem::Polyhedral})
    if (name == to_string(s)) return s;
  throw FieldError("start", "'" + name + "': expected total-degree, polyhedral or auto");
}

std::vector<std::size_t> share_of(const std::vector<std::size_t>& batch, int rank, int ranks) {
  if (ranks <= 1) return batch;
  std::vector<std::size_t> mine;
  for (std::size_t k = static_cast<std::size_t>(rank); k < batch.size(); k += static_cast<std::size_t>(ranks))
    mine.push_back(batch[k]);
  return mine;
}

namespace {

// Where the paths start: the total-degree system's roots of unity, or (polyhedral) the start
// system Gh and its solutions, one per path (empty: that path failed before it reached Gh).
struct Starts {
  const NumericSystem* Gh = nullptr;
  const std::vector<ComplexVector>* points = nullptr;
};

// Tracks this process's share of `batch` in `threads` threads (double precision only: no MPFR
// here), then shares the results between the processes.
void track_paths(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                 const ComplexVector& patch, const std::vector<std::size_t>& batch,
                 std::vector<PathResult>& results, const TrackerOptions& options, unsigned threads,
                 const Distribution& distribution, const Starts& starts) {
  const auto which = share_of(batch, distribution.rank, distribution.ranks);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next++) < which.size();) {
      const std::size_t index = which[k];
      if (starts.points && (*starts.points)[index].empty()) continue;  // failed before the start system
      const ComplexVector start = starts.points ? (*starts.points)[index] : start_solution(index, F.degrees());
      results[index] = track_total_degree_path(Fh, F, gamma, patch, start, options, starts.Gh);
      results[index].index = index;
    }
  };
  run_worker_threads(threads, worker);
  if (distribution.ranks > 1) distribution.share(results, batch);
}

void check_solvable(const PolynomialSystem& system) {
  if (system.equations.size() != system.ring->variables())
    throw InputError("solve: the system has " + std::to_string(system.equations.size()) + " equations in " +
                     std::to_string(system.ring->variables()) + " unknowns; homotopy continuation needs a square system");
  for (std::size_t i = 0; i < system.equations.size(); ++i)
    if (system.equations[i].total_degree() < 1)
      throw InputError("solve: equation " + std::to_string(i + 1) + " is constant");
}

// The paths to track again: those that failed, and those that share an endpoint with another
// path although one of them is regular there (a path jumped).
std::vector<std::size_t> paths_to_retrack(std::vector<PathResult>& paths, const TrackerOptions& options) {
  std::vector<std::size_t> again;
  for (const auto& s : cluster_endpoints(paths)) {
    bool regular = false;
    for (auto k : s.paths) regular = regular || paths[k].condition < options.singular_condition;
    if (s.multiplicity > 1 && regular) again.insert(again.end(), s.paths.begin(), s.paths.end());
  }
  for (const auto& p : paths)
    if (p.status == PathStatus::Failed) again.push_back(p.index);
  return again;
}

void count_solutions(SolveResult& result) {
  result.solutions = cluster_endpoints(result.path_results);
  for (const auto& s : result.solutions) {
    if (s.status == PathStatus::Nonsingular) {
      ++result.nonsingular;
      if (s.real) ++result.real;
    } else {
      ++result.singular;
    }
  }
  for (const auto& p : result.path_results) {
    if (p.status == PathStatus::AtInfinity) ++result.at_infinity;
    if (p.status == PathStatus::Failed) ++result.failed;
    ++result.path_codes[static_cast<std::size_t>(p.code)];
  }
}

// Tracks every path of `result` (result.paths of them; those already Failed are not tracked),
// re-tracks, falls back to MPFR and counts.
void track_all(const NumericSystem& F, const NumericSystem& Fh, const Starts& starts, const SolveOptions& options,
               SolveResult& result) {
  const auto [gamma, patch] = draw_homotopy_parameters(options.seed, F.variables());
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  result.path_results.resize(result.paths);
  std::vector<std::size_t> all(result.paths);
  for (std::size_t k = 0; k < result.paths; ++k) all[k] = k;
  track_paths(Fh, F, gamma, patch, all, result.path_results, options.tracker, threads, options.distribution, starts);

  TrackerOptions careful = options.tracker;
  for (int rerun = 0; rerun < options.reruns; ++rerun) {
    const auto again = paths_to_retrack(result.path_results, careful);
    if (again.empty()) break;
    careful.max_step /= 4;
    careful.initial_step /= 4;
    careful.corrector_tolerance /= 10;
    track_paths(Fh, F, gamma, patch, again, result.path_results, careful, threads, options.distribution, starts);
  }
  // The worker threads have joined: the MPFR fallback runs here, in this thread only. (Under MPI
  // every rank re-tracks the same few paths.)
  result.multiprecision_paths =
      resume_failed_paths_multiprecision(Fh, F, gamma, patch, result.path_results, careful, options, starts.Gh);
  count_solutions(result);
}

std::string too_many_paths(const SolveOptions& options, const std::string& what) {
  return std::to_string(options.max_paths) + ": the " + what + " (about 600 bytes each); raise the limit if that fits, or solve by monodromy";
}

}  // namespace

SolveResult solve_total_degree(const PolynomialSystem& system, const SolveOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  check_solvable(system);
  const NumericSystem F(system), Fh(system, true);
  SolveResult result;
  result.seed = options.seed;
  result.bezout_bound = product_of_degrees(std::vector<long long>(F.degrees().begin(), F.degrees().end()));
  const auto paths = start_solution_count(F.degrees(), options.max_paths);
  if (!paths)
    throw FieldError("max_paths", too_many_paths(options, "total-degree start system has " + result.bezout_bound +
                                                              " paths (the Bezout number)"));
  result.paths = *paths;
  track_all(F, Fh, Starts{}, options, result);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

SolveResult solve(const PolynomialSystem& system, const SolveOptions& options) {
  if (options.start == StartSystem::TotalDegree) return solve_total_degree(system, options);
  const bool automatic = options.start == StartSystem::Auto;
  const auto clock = std::chrono::steady_clock::now();
  check_solvable(system);
  const NumericSystem F(system), Fh(system, true);
  // Auto falls back to the total-degree start system when the polyhedral one is no smaller, too
  // large, or cannot be built (ties in every lifting, a Hermite transform past doubles).
  auto total_degree = [&](const std::string& mixed_volume, const std::string& stable_mixed_volume) {
    auto result = solve_total_degree(system, options);
    result.mixed_volume = mixed_volume;
    result.stable_mixed_volume = stable_mixed_volume;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock).count();
    return result;
  };
  MixedVolumeOptions mv;
  mv.seed = options.seed ^ 0x6d697865642d766fULL;
  mv.max_volume = options.max_paths;
  mv.threads = options.threads;
  // The lifting that gives the stable mixed volume too (mixed_volume.hpp): as generic as any.
  StableMixedVolumeResult stable;
  try {
    stable = stable_mixed_volume(supports_of(system, false), mv);
  } catch (const std::runtime_error&) {
    if (!automatic) throw;
    return total_degree("", "");
  }
  const MixedVolumeResult& cells = stable.subdivision;
  const std::string stable_volume = cells.complete ? std::to_string(stable.stable_mixed_volume) : "";
  const auto bezout = start_solution_count(F.degrees(), SIZE_MAX);
  if (!cells.complete && !automatic)
    throw FieldError("max_paths", too_many_paths(options, "polyhedral start system has more paths than that "
                                                          "(the mixed volume of the supports with the origin)"));
  if (automatic && (!cells.complete || (bezout && cells.mixed_volume >= *bezout)))
    return total_degree(cells.complete ? std::to_string(cells.mixed_volume) : "", stable_volume);
  SolveResult result;
  result.seed = options.seed;
  result.bezout_bound = product_of_degrees(std::vector<long long>(F.degrees().begin(), F.degrees().end()));
  result.start_system = StartSystem::Polyhedral;
  result.mixed_volume = std::to_string(cells.mixed_volume);
  result.stable_mixed_volume = stable_volume;
  result.mixed_cells = cells.cells.size();
  result.paths = cells.mixed_volume;
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  PolyhedralStart start;
  try {
    start = polyhedral_start(cells, options.seed ^ 0x706f6c7968656472ULL, threads, options.tracker);
  } catch (const std::runtime_error&) {
    if (!automatic) throw;
    return total_degree(result.mixed_volume, stable_volume);
  }
  const NumericSystem Gh = start_system(cells, start, F.degrees(), true);
  result.start_paths_failed = start.failed;
  result.path_results.resize(result.paths);
  for (std::size_t k = 0; k < result.paths; ++k) {
    result.path_results[k].index = k;
    result.path_results[k].code = start.codes[k];  // Failed with this code unless tracked on
  }
  track_all(F, Fh, Starts{&Gh, &start.solutions}, options, result);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - clock).count();
  return result;
}

std::string SolveResult::summary() const {
  std::ostringstream out;
  out << solutions.size() << " solutions: " << nonsingular << " non-singular (" << real << " real), "
      << singular << " singular, " << at_infinity << " at infinity, " << failed << " failed, seed 0x"
      << std::hex << seed << std::dec << " (" << paths << " paths";
  if (start_system == StartSystem::Polyhedral) out << " from the polyhedral start system";
  if (start_paths_failed) out << ", " << start_paths_failed << " lost before it";
  if (multiprecision_paths) out << ", " << multiprecision_paths << " re-tracked in multiprecision";
  out << ")";
  return out.str();
}

}  // namespace landscape::algebra
