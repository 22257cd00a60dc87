// Monodromy solving (the method is described in monodromy.hpp): the parameter homotopy that moves
// the constant terms along a segment, tracked with the predictor-corrector step shared with the
// total-degree solver, and the loops that collect the solutions.
#include "worker_threads.hpp"
#include "landscape/algebra/monodromy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "point_set.hpp"
#include "predictor_corrector.hpp"
#include "step_control.hpp"

namespace landscape::algebra {

namespace {

// The family the loops run in: F with one coefficient per equation replaced by a parameter p_i,
// that of a monomial m_i: the constant term (m_i = 1), or the coefficient of the equation's own
// variable (m_i = x_own(i): the weight decays of a critical-point system, dL/dw_j = ... + lambda_j
// w_j). The unknowns may be a subset of F's variables, the others held at 0 and their equations
// dropped. G(x) = F(x) - c m(x), c the system's own parameters; the members are G + p m.
struct Family {
  Family(const NumericSystem& F, std::vector<std::size_t> kept, std::vector<std::size_t> equations,
         std::vector<long> own)
      : F(F), kept(std::move(kept)), equations(std::move(equations)), own(std::move(own)) {
    const std::size_t n = F.variables();
    ComplexVector zero(n, 0.0), f(n), J(n * n);
    F.evaluate(zero.data(), f.data(), J.data());
    for (std::size_t i = 0; i < size(); ++i)  // the coefficient of m_i: F_i(0), or dF_i/dx_own at 0
      c.push_back(this->own[i] < 0 ? f[this->equations[i]] : J[this->equations[i] * n + this->kept[this->own[i]]]);
  }
  std::size_t size() const { return kept.size(); }
  Complex monomial(std::size_t i, const ComplexVector& x) const { return own[i] < 0 ? Complex(1.0) : x[own[i]]; }
  // h = G(x) and J = G_x (row-major); xf, hf, Jf: work space of F's size.
  void evaluate(const ComplexVector& x, ComplexVector& h, ComplexVector& J, ComplexVector& xf, ComplexVector& hf,
                ComplexVector& Jf) const {
    const std::size_t n = F.variables(), m = size();
    for (std::size_t a = 0; a < m; ++a) xf[kept[a]] = x[a];
    F.evaluate(xf.data(), hf.data(), Jf.data());
    for (std::size_t i = 0; i < m; ++i) {
      h[i] = hf[equations[i]] - c[i] * monomial(i, x);
      for (std::size_t a = 0; a < m; ++a) J[i * m + a] = Jf[equations[i] * n + kept[a]];
      if (own[i] >= 0) J[i * m + static_cast<std::size_t>(own[i])] -= c[i];
    }
  }
  // The point of F's variables: x where kept, 0 elsewhere.
  ComplexVector embed(const ComplexVector& x) const {
    ComplexVector y(F.variables(), 0.0);
    for (std::size_t a = 0; a < size(); ++a) y[kept[a]] = x[a];
    return y;
  }

  const NumericSystem& F;
  std::vector<std::size_t> kept, equations;
  std::vector<long> own;  // per equation: the unknown (an index into kept) m_i is, or -1 for m_i = 1
  ComplexVector c;        // the system's own parameters
};

// The constant-term family of all of F.
Family constant_terms(const NumericSystem& F) {
  std::vector<std::size_t> all(F.variables());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  return Family(F, all, all, std::vector<long>(all.size(), -1));
}

// H(x, s) = G(x) + ((1 - s) pa + s pb) m(x): the parameters moved along the segment from pa to
// pb, with the interface predictor_corrector_step expects.
class SegmentHomotopy {
 public:
  SegmentHomotopy(const Family& family, const ComplexVector& pa, const ComplexVector& pb)
      : family_(family), pa_(pa), pb_(pb), n_(static_cast<int>(pa.size())), h_(pa.size()),
        J_(pa.size() * pa.size()), xf_(family.F.variables(), 0.0), hf_(family.F.variables()),
        Jf_(family.F.variables() * family.F.variables()), solver_(n_) {}
  // h = H(x, s); the Jacobian H_x goes to J_.
  void evaluate(const ComplexVector& x, double s, ComplexVector& h) {
    family_.evaluate(x, h, J_, xf_, hf_, Jf_);
    for (std::size_t i = 0; i < h.size(); ++i) {
      const Complex p = (1 - s) * pa_[i] + s * pb_[i];
      h[i] += p * family_.monomial(i, x);
      if (family_.own[i] >= 0) J_[i * h.size() + static_cast<std::size_t>(family_.own[i])] += p;
    }
  }
  bool velocity(const ComplexVector& x, double s, ComplexVector& v) {
    evaluate(x, s, h_);
    v.resize(h_.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = (pb_[i] - pa_[i]) * family_.monomial(i, x);
    if (!solver_.solve(J_.data(), v.data(), n_)) return false;
    for (auto& z : v) z = -z;
    return true;
  }
  double newton(ComplexVector& x, double s) {
    evaluate(x, s, h_);
    if (!solver_.solve(J_.data(), h_.data(), n_)) return -1;
    for (std::size_t i = 0; i < x.size(); ++i) x[i] -= h_[i];
    return norm_inf(h_);
  }

 private:
  const Family& family_;
  const ComplexVector &pa_, &pb_;
  int n_;
  ComplexVector h_, J_, xf_, hf_, Jf_;  // work space
  DenseSolver<Complex> solver_;
};

// Tracks x from a solution of G + pa m = 0 to one of G + pb m = 0 along p(s) = (1-s) pa + s pb;
// returns false if the path fails.
bool track_parameter_path(const Family& family, const ComplexVector& pa, const ComplexVector& pb, ComplexVector& x,
                          const TrackerOptions& options) {
  SegmentHomotopy H(family, pa, pb);
  StepWorkspace<Complex> workspace(x.size());
  ComplexVector next(x.size());
  double s = 0;
  StepControl h{options.initial_step};
  for (int steps = 1; s < 1; ++steps) {
    if (steps > options.max_steps) return false;
    const double step = std::min(h.length, 1 - s);
    if (predictor_corrector_step(H, x, s, step, options, workspace, next) &&
        norm_inf(next) < options.infinity_threshold) {
      std::swap(x, next);
      s = s + step;
      h.accept(options.max_step);
    } else if (!h.reject(options.min_step)) {
      return false;
    }
  }
  // Polish at s = 1; converged when the last Newton update is small against x (a test that does
  // not change when an equation is multiplied by a constant, as a residual test would).
  double update = -1;
  for (int it = 0; it < 4; ++it)
    if ((update = H.newton(x, 1)) < 0) return false;
  return update <= 1e-8 * (1 + norm_inf(x));
}

ComplexVector random_complex(SplitMix64& rng, std::size_t n, double scale) {
  ComplexVector v;
  for (std::size_t i = 0; i < n; ++i) v.emplace_back(scale * (2 * rng.uniform01() - 1), scale * (2 * rng.uniform01() - 1));
  return v;
}

// A random complex point whose i-th coordinate is at most scale[i] in real and imaginary part.
ComplexVector random_complex(SplitMix64& rng, const std::vector<double>& scale) {
  ComplexVector v = random_complex(rng, scale.size(), 1.0);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] *= scale[i];
  return v;
}

// The size of each equation's constant term along the loops: loop corners must reach around the
// branch points of the family, which lie where the constant term is of the size of the other
// terms. Each equation on its own scale (an equation multiplied by 10^6 has 10^6 times the
// constant terms): a few times the largest of its coefficients' norm and the given constant terms
// (not those alone: a label that happens to be small would keep a loop from going round).
std::vector<double> corner_scales(const Family& family, std::initializer_list<const ComplexVector*> constants) {
  std::vector<double> scale(family.size());
  for (std::size_t i = 0; i < scale.size(); ++i) {
    scale[i] = family.F.coefficient_norm(family.equations[i]);
    for (const ComplexVector* c : constants) scale[i] = std::max(scale[i], std::abs((*c)[i]));
    scale[i] = scale[i] > 0 ? 4 * scale[i] : 1;
  }
  return scale;
}

// Tracks every x in `from` along the segments of `path` (p_0 -> p_1 -> ...), in parallel; an
// entry is empty where a segment failed.
std::vector<std::optional<ComplexVector>> track_all(const Family& family, const std::vector<ComplexVector>& path,
                                                    const std::vector<ComplexVector>& from,
                                                    const TrackerOptions& options, unsigned threads) {
  std::vector<std::optional<ComplexVector>> out(from.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next++) < from.size();) {
      ComplexVector x = from[k];
      bool ok = true;
      for (std::size_t seg = 0; ok && seg + 1 < path.size(); ++seg)
        ok = track_parameter_path(family, path[seg], path[seg + 1], x, options);
      if (ok) out[k] = x;
    }
  };
  run_worker_threads(threads, worker);
  return out;
}

// Tracks `points` (solutions at the constant terms `from`) to `to` through a random complex point
// (the gamma trick). A path that fails, or ends where another one does (one of them jumped), is
// tracked again through another random point, twice at most; an entry stays empty where every
// try failed, and points that still meet are all kept (the caller sees them meet). `retried`:
// how many paths needed another try. Only the first try takes one route for every point, so only
// a first try without failures or meetings proves that the ends are the images of all the points.
std::vector<std::optional<ComplexVector>> track_between(const Family& family, const ComplexVector& from,
                                                        const ComplexVector& to,
                                                        const std::vector<ComplexVector>& points,
                                                        const std::vector<double>& scale, SplitMix64& rng,
                                                        const TrackerOptions& options, unsigned threads,
                                                        std::size_t& retried) {
  std::vector<std::optional<ComplexVector>> out(points.size());
  std::vector<std::size_t> todo(points.size());
  for (std::size_t k = 0; k < todo.size(); ++k) todo[k] = k;
  for (int attempt = 0; attempt < 3 && !todo.empty(); ++attempt) {
    std::vector<ComplexVector> starts;
    for (std::size_t k : todo) starts.push_back(points[k]);
    const auto ends = track_all(family, {from, random_complex(rng, scale), to}, starts, options, threads);
    for (std::size_t i = 0; i < todo.size(); ++i) out[todo[i]] = ends[i];
    // Again: the failed paths and every path that meets another.
    PointSet ended(family.size());
    std::vector<std::vector<std::size_t>> at;  // the paths ending at each distinct point
    todo.clear();
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (!out[k]) {
        todo.push_back(k);
        continue;
      }
      const auto [where, added] = ended.locate(*out[k]);
      if (added) at.emplace_back();
      at[where].push_back(k);
    }
    for (const auto& paths : at)
      if (paths.size() > 1) todo.insert(todo.end(), paths.begin(), paths.end());
    std::sort(todo.begin(), todo.end());
    if (attempt == 0) retried = todo.size();
  }
  return out;
}

// Loops at `result.base_constants` from `result.base_solutions` until options.stable_loops loops
// in a row bring nothing new; then (unless the loops ran at the system's own constant terms) the
// solutions tracked there. Counts add to those already in `result`.
void run_loops(const Family& family, const MonodromyOptions& options, MonodromyResult& result) {
  const auto begin = std::chrono::steady_clock::now();
  const std::size_t n = family.size();
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  SplitMix64 rng(options.seed ^ 0x6c6f6f7073ULL);
  const ComplexVector& p0 = result.base_constants;
  const std::vector<double> scale = corner_scales(family, {&p0, &family.c});
  PointSet found(n);
  for (const auto& x : result.base_solutions) found.insert(x);
  int quiet = 0, loops = 0;
  while (loops < options.max_loops && quiet < options.stable_loops) {
    ++loops;
    // A triangle p0 -> p1 -> p2 -> p0 with random complex corners.
    const std::vector<ComplexVector> loop = {p0, random_complex(rng, scale), random_complex(rng, scale), p0};
    const std::vector<ComplexVector> from = found.points();
    std::size_t added = 0;
    for (const auto& e : track_all(family, loop, from, options.tracker, threads)) added += e && found.insert(*e);
    result.paths_tracked += from.size();
    quiet = added ? 0 : quiet + 1;
  }
  result.loops += loops;
  result.stabilized = quiet >= options.stable_loops;
  result.base_solutions = found.points();
  result.found_at_start = found.points().size();
  result.lost = 0;
  if (result.own_constants) {
    result.solutions = found.points();
  } else {
    // To the system's own constant terms. Paths tried again reach solutions too, but the count
    // there is proved only by a first try in which every path arrived alone.
    PointSet at_target(n);
    for (const auto& e :
         track_between(family, p0, family.c, found.points(), scale, rng, options.tracker, threads, result.lost))
      if (e) at_target.insert(*e);
    result.solutions = at_target.points();
    result.paths_tracked += found.points().size();
  }
  result.real = 0;
  for (const auto& x : result.solutions) result.real += is_real_point(x, 1e-8);
  result.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

void check_square(const PolynomialSystem& system) {
  const std::size_t n = system.ring->variables();
  if (system.equations.size() != n)
    throw InputError("monodromy: the system has " + std::to_string(system.equations.size()) + " equations in " +
                     std::to_string(n) + " unknowns; it must be square");
}

}  // namespace

namespace {

// The start pair (x0, p0) with G(x0) + p0 m(x0) = 0, then the loops.
MonodromyResult run_from(const Family& family, const ComplexVector& x0, bool own_constants, const MonodromyOptions& options) {
  const std::size_t n = family.size(), N = family.F.variables();
  MonodromyResult result;
  result.seed = options.seed;
  ComplexVector g(n), J(n * n), xf(N, 0.0), hf(N), Jf(N * N);
  family.evaluate(x0, g, J, xf, hf, Jf);
  result.base_constants.resize(n);
  for (std::size_t i = 0; i < n; ++i) result.base_constants[i] = -g[i] / family.monomial(i, x0);
  if (own_constants) result.base_constants = family.c;
  result.base_solutions = {x0};
  result.own_constants = own_constants;
  run_loops(family, options, result);
  return result;
}

}  // namespace

MonodromyResult solve_monodromy(const PolynomialSystem& system, const std::optional<ComplexVector>& start,
                                const MonodromyOptions& options) {
  check_square(system);
  const std::size_t n = system.ring->variables();
  const NumericSystem F(system);
  SplitMix64 rng(options.seed);
  const ComplexVector x0 = start ? *start : random_complex(rng, n, 1.0);
  if (x0.size() != n) throw InputError("monodromy: the start point has the wrong length");
  return run_from(constant_terms(F), x0, start.has_value(), options);
}

MonodromyResult continue_monodromy(const PolynomialSystem& system, const MonodromyResult& previous,
                                   const MonodromyOptions& options) {
  check_square(system);
  if (previous.base_constants.size() != system.ring->variables() || previous.base_solutions.empty())
    throw InputError("monodromy: nothing to continue from");
  MonodromyResult result = previous;
  result.seed = options.seed;
  const NumericSystem F(system);
  run_loops(constant_terms(F), options, result);
  return result;
}

MonodromyResult solve_diagonal_monodromy(const PolynomialSystem& system, const std::vector<std::size_t>& own,
                                         const std::vector<bool>& kept, const MonodromyOptions& options) {
  check_square(system);
  const std::size_t N = system.ring->variables();
  if (own.size() != N || kept.size() != N) throw InputError("monodromy: one own variable per equation, one mark per variable");
  std::vector<std::size_t> variables, equations;
  std::vector<long> position(N, -1), own_position;
  for (std::size_t k = 0; k < N; ++k)
    if (kept[k]) position[k] = static_cast<long>(variables.size()), variables.push_back(k);
  for (std::size_t i = 0; i < N; ++i) {
    if (own[i] == kConstantTerm) {
      equations.push_back(i), own_position.push_back(-1);
      continue;
    }
    if (own[i] >= N) throw InputError("monodromy: equation " + std::to_string(i + 1) + "'s own variable is out of range");
    if (kept[own[i]]) equations.push_back(i), own_position.push_back(position[own[i]]);
  }
  if (equations.size() != variables.size() || variables.empty())
    throw InputError("monodromy: the kept variables must be the own variables of as many equations, and not none");
  const NumericSystem F(system);
  const Family family(F, variables, equations, own_position);
  for (std::size_t i = 0; i < family.size(); ++i)
    if (own_position[i] >= 0 && family.c[i] == Complex(0.0))
      throw InputError("monodromy: equation " + std::to_string(equations[i] + 1) + " has no term in its own variable");
  SplitMix64 rng(options.seed);
  MonodromyResult result = run_from(family, random_complex(rng, family.size(), 1.0), false, options);
  // The origin solves every member when F(0) = 0 and never moves: a path that jumps onto it would
  // count it in every pattern (the sanitizer build's rounding once did), so it is left out.
  for (auto* set : {&result.solutions, &result.base_solutions}) {
    set->erase(std::remove_if(set->begin(), set->end(), [](const ComplexVector& x) { return norm_inf(x) <= 1e-10; }),
               set->end());
    for (auto& x : *set) x = family.embed(x);
  }
  result.found_at_start = result.base_solutions.size();
  result.real = 0;
  for (const auto& x : result.solutions) result.real += is_real_point(x, 1e-8);
  return result;
}

std::vector<std::optional<ComplexVector>> move_constant_terms(const PolynomialSystem& system, const ComplexVector& from,
                                                              const std::vector<ComplexVector>& points,
                                                              const ComplexVector& to, const MonodromyOptions& options) {
  const std::size_t n = system.ring->variables();
  if (from.size() != n || to.size() != n) throw InputError("monodromy: constant terms of the wrong length");
  SplitMix64 rng(options.seed ^ 0x6d6f76652d746fULL);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const NumericSystem F(system);
  const Family family = constant_terms(F);
  const std::vector<double> scale = corner_scales(family, {&from, &to, &family.c});
  std::size_t retried = 0;
  return track_between(family, from, to, points, scale, rng, options.tracker, threads, retried);
}

SolveResult as_solve_result(const PolynomialSystem& system, const std::vector<ComplexVector>& points) {
  SolveResult r;
  std::vector<long long> degrees;
  for (const auto& eq : system.equations) degrees.push_back(eq.total_degree());
  r.bezout_bound = product_of_degrees(degrees);
  for (const auto& x : points) {
    Solution s;
    s.point = x;
    s.real = is_real_point(x, 1e-8);
    r.real += s.real;
    r.solutions.push_back(s);
  }
  r.nonsingular = r.solutions.size();
  return r;
}

std::string MonodromyResult::summary() const {
  std::ostringstream out;
  out << solutions.size() << " solutions by monodromy (" << real << " real), " << found_at_start
      << " at the start parameters, " << loops << " loops, " << paths_tracked << " paths, "
      << (stabilized ? "stable" : "not stable") << ", " << lost << " lost, seed 0x" << std::hex << seed << std::dec;
  return out.str();
}

}  // namespace landscape::algebra
