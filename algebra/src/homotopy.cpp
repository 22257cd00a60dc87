#include "landscape/algebra/homotopy.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <thread>
#include <type_traits>

#include "landscape/algebra/multiprecision.hpp"
#include "step_control.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

// ---------------------------------------------------------------------------------------------
NumericSystem::NumericSystem(const PolynomialSystem& system, bool homogenize)
    : variables_(system.ring->variables() + (homogenize ? 1 : 0)) {
  const auto* ctx = system.ring->ctx();
  const std::size_t n = system.ring->variables();
  std::vector<ulong> exps(n);
  Fraction c;
  term_begin_.push_back(0);
  for (const auto& F : system.equations) {
    degrees_.push_back(static_cast<int>(F.total_degree()));
    max_degree_ = std::max(max_degree_, degrees_.back());
    for (slong t = 0; t < fmpq_mpoly_length(F.get(), ctx); ++t) {
      fmpq_mpoly_get_term_coeff_fmpq(c.get(), F.get(), t, ctx);
      fmpq_mpoly_get_term_exp_ui(exps.data(), F.get(), t, ctx);
      Term term{Complex(c.to_double(), 0.0), static_cast<int>(factors_.size()), 0};
      exact_coefficients_.push_back(*Rational::parse(c.to_string()));
      int degree = 0;
      for (std::size_t v = 0; v < n; ++v)
        if (exps[v]) {
          factors_.emplace_back(static_cast<int>(v), static_cast<int>(exps[v]));
          ++term.factors;
          degree += static_cast<int>(exps[v]);
        }
      if (homogenize && degree < degrees_.back()) {
        factors_.emplace_back(static_cast<int>(n), degrees_.back() - degree);
        ++term.factors;
      }
      terms_.push_back(term);
    }
    term_begin_.push_back(terms_.size());
  }
}

template <class C>
void NumericSystem::evaluate_generic(const C* x, C* f, C* J) const {
  using R = typename C::value_type;
  const std::size_t n = variables_, D = static_cast<std::size_t>(max_degree_) + 1;
  // powers[v * D + e] = x_v^e
  std::vector<C> powers_heap(n * D);
  C* powers = powers_heap.data();
  for (std::size_t v = 0; v < n; ++v) {
    powers[v * D] = C(R(1));
    for (std::size_t e = 1; e < D; ++e) powers[v * D + e] = powers[v * D + e - 1] * x[v];
  }
  if (J) std::fill(J, J + equations() * n, C(R(0)));
  std::vector<C> prefix(65), values(64);
  for (std::size_t i = 0; i + 1 < term_begin_.size(); ++i) {
    C sum = C(R(0));
    for (std::size_t k = term_begin_[i]; k < term_begin_[i + 1]; ++k) {
      const Term& t = terms_[k];
      const auto* fac = &factors_[static_cast<std::size_t>(t.first_factor)];
      if (t.factors > 64) throw std::runtime_error("a term with more than 64 variables");
      if constexpr (std::is_same_v<C, Complex>)
        prefix[0] = t.coefficient;
      else
        prefix[0] = C(rational_to<R>(exact_coefficients_[k]));
      for (int a = 0; a < t.factors; ++a) {
        values[a] = powers[static_cast<std::size_t>(fac[a].first) * D + static_cast<std::size_t>(fac[a].second)];
        prefix[a + 1] = prefix[a] * values[a];
      }
      sum += prefix[t.factors];
      if (!J) continue;
      C suffix = C(R(1));
      for (int a = t.factors - 1; a >= 0; --a) {
        const int v = fac[a].first, e = fac[a].second;
        J[i * n + static_cast<std::size_t>(v)] +=
            prefix[a] * suffix * C(R(e)) * powers[static_cast<std::size_t>(v) * D + static_cast<std::size_t>(e - 1)];
        suffix *= values[a];
      }
    }
    f[i] = sum;
  }
}

void NumericSystem::evaluate(const Complex* x, Complex* f, Complex* J) const { evaluate_generic(x, f, J); }

void NumericSystem::row_scales(const Complex* x, double* scale) const {
  const std::size_t n = variables_;
  std::vector<double> ax(n);
  for (std::size_t v = 0; v < n; ++v) ax[v] = std::abs(x[v]);
  for (std::size_t i = 0; i + 1 < term_begin_.size(); ++i) {
    double sum = 0;
    for (std::size_t k = term_begin_[i]; k < term_begin_[i + 1]; ++k) {
      const Term& t = terms_[k];
      const auto* fac = &factors_[static_cast<std::size_t>(t.first_factor)];
      // sum_j |d term / d x_j|
      for (int a = 0; a < t.factors; ++a) {
        double partial = std::abs(t.coefficient) * fac[a].second *
                         std::pow(ax[static_cast<std::size_t>(fac[a].first)], fac[a].second - 1);
        for (int b = 0; b < t.factors; ++b)
          if (b != a) partial *= std::pow(ax[static_cast<std::size_t>(fac[b].first)], fac[b].second);
        sum += partial;
      }
    }
    scale[i] = sum;
  }
}

const char* to_string(PathStatus status) {
  switch (status) {
    case PathStatus::Nonsingular: return "nonsingular";
    case PathStatus::Singular: return "singular";
    case PathStatus::AtInfinity: return "at_infinity";
    case PathStatus::Failed: return "failed";
  }
  return "failed";
}

// ---------------------------------------------------------------------------------------------
namespace {

// Gaussian elimination with partial pivoting for any complex type.
template <class C>
bool solve_linear(C* A, C* b, int n) {
  using std::abs;
  for (int k = 0; k < n; ++k) {
    int p = k;
    auto best = abs(A[k * n + k]);
    for (int r = k + 1; r < n; ++r) {
      const auto candidate = abs(A[r * n + k]);
      if (candidate > best) {
        best = candidate;
        p = r;
      }
    }
    if (best == 0) return false;
    if (p != k) {
      for (int c = k; c < n; ++c) std::swap(A[k * n + c], A[p * n + c]);
      std::swap(b[k], b[p]);
    }
    const C inv = C(1) / A[k * n + k];
    for (int r = k + 1; r < n; ++r) {
      const C m = A[r * n + k] * inv;
      for (int c = k + 1; c < n; ++c) A[r * n + c] -= m * A[k * n + c];
      b[r] -= m * b[k];
    }
  }
  for (int k = n - 1; k >= 0; --k) {
    C s = b[k];
    for (int c = k + 1; c < n; ++c) s -= A[k * n + c] * b[c];
    b[k] = s / A[k * n + k];
  }
  return true;
}

}  // namespace

bool solve_linear_in_place(Complex* A, Complex* b, int n) { return solve_linear(A, b, n); }

namespace {

// z^k for k >= 0 by repeated squaring (std::pow on complex numbers goes through log and exp).
template <class C>
C power(C z, int k) {
  C r = C(1);
  while (k > 0) {
    if (k & 1) r *= z;
    z *= z;
    k >>= 1;
  }
  return r;
}

template <class C>
double norm_inf(const std::vector<C>& v) {
  using std::abs;
  double m = 0;
  for (const auto& z : v) m = std::max(m, static_cast<double>(abs(z)));
  return m;
}

// On the patch: rows i < n are gamma t G_i(x) + (1 - t) F^h_i(x) with G_i = x_i^{d_i} - x_n^{d_i};
// row n is a.x - 1. x has n + 1 coordinates, x_n the homogenizing one. C: the complex type.
template <class C>
class Homotopy {
 public:
  using R = typename C::value_type;
  Homotopy(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch)
      : F_(Fh),
        gamma_(R(gamma.real()), R(gamma.imag())),
        m_(static_cast<int>(Fh.variables())),
        f_(static_cast<std::size_t>(m_)),
        J_(static_cast<std::size_t>(m_ * m_)),
        H_(static_cast<std::size_t>(m_)),
        A_(static_cast<std::size_t>(m_ * m_)) {
    for (const auto& a : patch) patch_.emplace_back(R(a.real()), R(a.imag()));
  }
  int size() const { return m_; }
  const std::vector<C>& patch() const { return patch_; }

  // H and H_x at (x, t); also dH/dt if `Ht` is non-null.
  void evaluate(const std::vector<C>& x, const R& t, C* H, C* Hx, C* Ht) {
    const int n = m_ - 1;
    F_.evaluate_generic(x.data(), f_.data(), J_.data());
    const auto& d = F_.degrees();
    const R one(1);
    for (int i = 0; i < n; ++i) {
      const C xi = power(x[i], d[i] - 1), xh = power(x[n], d[i] - 1);
      const C g = xi * x[i] - xh * x[n];
      H[i] = gamma_ * t * g + (one - t) * f_[i];
      if (Ht) Ht[i] = gamma_ * g - f_[i];
      for (int j = 0; j < m_; ++j) Hx[i * m_ + j] = (one - t) * J_[static_cast<std::size_t>(i * m_ + j)];
      Hx[i * m_ + i] += gamma_ * t * R(d[i]) * xi;
      Hx[i * m_ + n] -= gamma_ * t * R(d[i]) * xh;
    }
    C patch_value = C(R(-1));
    for (int j = 0; j < m_; ++j) {
      patch_value += patch_[j] * x[j];
      Hx[n * m_ + j] = patch_[j];
    }
    H[n] = patch_value;
    if (Ht) Ht[n] = C(R(0));
  }
  // dx/dt = -H_x^{-1} H_t
  bool velocity(const std::vector<C>& x, const R& t, std::vector<C>& v) {
    evaluate(x, t, H_.data(), A_.data(), v.data());
    if (!solve_linear(A_.data(), v.data(), m_)) return false;
    for (auto& z : v) z = -z;
    return true;
  }
  // One Newton step at fixed t; returns |dx|_inf or -1 if H_x is singular.
  double newton(std::vector<C>& x, const R& t) {
    using std::abs;
    evaluate(x, t, H_.data(), A_.data(), nullptr);
    if (!solve_linear(A_.data(), H_.data(), m_)) return -1;
    double step = 0;
    for (int i = 0; i < m_; ++i) {
      x[i] -= H_[i];
      step = std::max(step, static_cast<double>(abs(H_[i])));
    }
    return step;
  }

 private:
  const NumericSystem& F_;
  C gamma_;
  std::vector<C> patch_;
  int m_;
  std::vector<C> f_, J_, H_, A_;  // work space
};

// Condition number and residual of F at x, after Newton refinement on F itself.
void refine_and_classify(const NumericSystem& F, PathResult& r, const TrackerOptions& options) {
  const int n = static_cast<int>(F.variables());
  ComplexVector f(static_cast<std::size_t>(n)), J(static_cast<std::size_t>(n * n)), A, b;
  for (int it = 0; it < 6; ++it) {
    F.evaluate(r.endpoint.data(), f.data(), J.data());
    A = J;
    b = f;
    if (!solve_linear_in_place(A.data(), b.data(), n)) break;
    double step = 0;
    for (int i = 0; i < n; ++i) step = std::max(step, std::abs(b[static_cast<std::size_t>(i)]));
    ComplexVector trial = r.endpoint;
    for (int i = 0; i < n; ++i) trial[static_cast<std::size_t>(i)] -= b[static_cast<std::size_t>(i)];
    ComplexVector ft(static_cast<std::size_t>(n));
    F.evaluate(trial.data(), ft.data(), nullptr);
    if (norm_inf(ft) > norm_inf(f)) break;  // Newton no longer improves: stop where we are
    r.endpoint = trial;
    if (step <= 1e-15 * (1 + norm_inf(r.endpoint))) break;
  }
  F.evaluate(r.endpoint.data(), f.data(), J.data());
  r.residual = norm_inf(f);
  // Rows scaled by the size of their terms, so that cancellation (a multiple root, where the
  // derivative's terms cancel) shows even for n = 1, where a plain condition number is 1.
  std::vector<double> scales(static_cast<std::size_t>(n));
  F.row_scales(r.endpoint.data(), scales.data());
  Eigen::MatrixXcd M(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      M(i, j) = J[static_cast<std::size_t>(i * n + j)] / (scales[static_cast<std::size_t>(i)] > 0 ? scales[static_cast<std::size_t>(i)] : 1.0);
  Eigen::JacobiSVD<Eigen::MatrixXcd> svd(M);
  const auto& s = svd.singularValues();
  r.condition = s(n - 1) > 0 ? 1.0 / s(n - 1) : INFINITY;
  const double scale = 1 + norm_inf(r.endpoint);
  r.real = true;
  for (const auto& z : r.endpoint) r.real = r.real && std::abs(z.imag()) <= 1e-8 * scale;
  if (r.condition < options.singular_condition && r.residual <= 1e-8 * scale)
    r.status = PathStatus::Nonsingular;
  else if (r.residual <= 1e-6 * scale)
    r.status = PathStatus::Singular;
  else
    r.status = PathStatus::Failed;
}


// Where tracking on the patch stopped, in double precision.
struct TrackedPoint {
  ComplexVector x;                 // homogeneous coordinates on the patch
  double t = 1;
  int steps = 0;
  bool diverging = false;          // the decade test fired
  std::vector<double> decade_xh;   // |x_h| / |x| at t = 1e-3, 1e-4, ...
};

// Predictor-corrector tracking from t = 1 towards t = 0 in the complex type C.
// `start` is an affine start solution (t = 1), or with `resume_t` < 1 a point on the patch.
template <class C>
TrackedPoint track_on_patch(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                            const ComplexVector& start, const TrackerOptions& options, double resume_t = 1) {
  using R = typename C::value_type;
  using std::abs;
  Homotopy<C> H(Fh, gamma, patch);
  const int m = H.size(), n = m - 1;
  TrackedPoint out;
  // The start point (start, 1) scaled onto the patch.
  std::vector<C> x;
  for (const auto& z : start) x.emplace_back(R(z.real()), R(z.imag()));
  if (resume_t >= 1) {
    x.emplace_back(R(1));
    C a = C(R(0));
    for (int j = 0; j < m; ++j) a += H.patch()[static_cast<std::size_t>(j)] * x[static_cast<std::size_t>(j)];
    for (auto& z : x) z /= a;
  }
  std::vector<C> k1(static_cast<std::size_t>(m)), k2(k1), k3(k1), k4(k1), y(k1), predicted(k1);
  double t = std::min(resume_t, 1.0);
  StepControl h{resume_t < 1 ? 1e-3 * resume_t : options.initial_step};
  // Endgame zone: |x_h| / |x| at each decade of t below 1e-3. A path to infinity drives it to 0
  // like t^(1/c) (c the cycle number), one to a finite point keeps it at a non-zero limit.
  auto relative_xh = [&] { return static_cast<double>(abs(x[static_cast<std::size_t>(n)])) / norm_inf(x); };
  double next_decade = 1e-3;
  while (next_decade >= t && next_decade > 1e-300) next_decade /= 10;  // when resuming below 1e-3
  const R half(0.5), sixth = R(1) / R(6), two(2);
  while (t > 0) {
    if (++out.steps > options.max_steps) break;
    if (t <= next_decade) {
      out.decade_xh.push_back(relative_xh());
      next_decade /= 10;
      // Three decades in a row falling by > 10% each (c <= 20) with |x_affine| > 1000: diverging
      // (checked by Newton on F below before it is believed).
      const auto& dx = out.decade_xh;
      const std::size_t k = dx.size();
      if (dx.back() <= 1.0 / options.infinity_threshold ||
          (options.early_divergence && k >= 4 && dx[k - 1] < 1e-3 && dx[k - 1] < 0.9 * dx[k - 2] &&
           dx[k - 2] < 0.9 * dx[k - 3] && dx[k - 3] < 0.9 * dx[k - 4])) {
        out.diverging = true;
        break;
      }
    }
    const double step = std::min(h.length, t);
    const R rt(t), rs(step), t1(t - step), tm(t - 0.5 * step);
    // Runge-Kutta 4 for dx/dt, integrating from t to t1 (dt = -step).
    bool ok = H.velocity(x, rt, k1);
    for (int i = 0; ok && i < m; ++i) y[i] = x[i] - half * rs * k1[i];
    ok = ok && H.velocity(y, tm, k2);
    for (int i = 0; ok && i < m; ++i) y[i] = x[i] - half * rs * k2[i];
    ok = ok && H.velocity(y, tm, k3);
    for (int i = 0; ok && i < m; ++i) y[i] = x[i] - rs * k3[i];
    ok = ok && H.velocity(y, t1, k4);
    if (ok) {
      for (int i = 0; i < m; ++i) predicted[i] = x[i] - rs * sixth * (k1[i] + two * k2[i] + two * k3[i] + k4[i]);
      // Newton at t1: must converge quickly and contract, or the step was too long.
      const double scale = 1 + norm_inf(predicted);
      double previous = -1;
      bool converged = false;
      for (int it = 0; it < options.corrector_iterations; ++it) {
        const double d = H.newton(predicted, t1);
        if (d < 0 || !std::isfinite(d)) break;
        if (previous >= 0 && d > 0.5 * previous) break;
        previous = d;
        if (d <= options.corrector_tolerance * scale) {
          converged = true;
          break;
        }
      }
      ok = converged;
    }
    if (ok) {
      x = predicted;
      t = t - step;
      if (relative_xh() <= 1.0 / options.infinity_threshold) {
        out.diverging = true;
        break;
      }
      h.accept(options.max_step);
    } else if (!h.reject(options.min_step)) {
      break;  // cannot approach t = 0 further: the endgame decides
    }
  }
  out.t = t;
  for (const auto& z : x) out.x.emplace_back(static_cast<double>(z.real()), static_cast<double>(z.imag()));
  return out;
}

// Classifies where the path stopped (double precision).
PathResult classify(const NumericSystem& F, const TrackedPoint& p, const TrackerOptions& options) {
  const std::size_t n = p.x.size() - 1;
  PathResult r;
  r.steps = p.steps;
  r.t_reached = p.t;
  r.stop_point = p.x;
  const double xh_relative = std::abs(p.x[n]) / norm_inf(p.x);
  if (p.diverging && xh_relative > 1.0 / options.infinity_threshold) {
    // The decade test is a heuristic: a badly conditioned finite solution can look like this
    // too. If Newton on F from here lands on a non-singular solution nearby, the path ends there
    // (from far away Newton may land on any solution, which would count it twice).
    PathResult finite = r;
    finite.endpoint.assign(p.x.begin(), p.x.begin() + static_cast<long>(n));
    for (auto& z : finite.endpoint) z /= p.x[n];
    const ComplexVector before = finite.endpoint;
    refine_and_classify(F, finite, options);
    double moved = 0;
    for (std::size_t i = 0; i < before.size(); ++i) moved = std::max(moved, std::abs(finite.endpoint[i] - before[i]));
    if (finite.status == PathStatus::Nonsingular && moved <= 1e-2 * (1 + norm_inf(before))) return finite;
  }
  if (p.diverging || xh_relative <= 1.0 / options.infinity_threshold) {
    r.status = PathStatus::AtInfinity;
    r.endpoint = p.x;  // homogeneous coordinates on the patch
    return r;
  }
  r.endpoint.assign(p.x.begin(), p.x.begin() + static_cast<long>(n));
  for (auto& z : r.endpoint) z /= p.x[n];
  refine_and_classify(F, r, options);
  // Not a regular solution of F, and |x_h| still falling over the last decades: at infinity
  // (a singular finite endpoint has |x_h| converging to a non-zero limit instead).
  const auto& dx = p.decade_xh;
  const std::size_t k = dx.size();
  if (r.status != PathStatus::Nonsingular && k >= 3 && dx[k - 1] < 0.95 * dx[k - 2] && dx[k - 2] < 0.95 * dx[k - 3])
    r.status = PathStatus::AtInfinity;
  return r;
}

}  // namespace

PathResult track_total_degree_path(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                   const ComplexVector& patch, const ComplexVector& start,
                                   const TrackerOptions& options) {
  return classify(F, track_on_patch<Complex>(Fh, gamma, patch, start, options), options);
}

PathResult resume_path_multiprecision(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                                      const ComplexVector& patch, const PathResult& failed,
                                      const TrackerOptions& options, unsigned digits) {
  PrecisionScope precision(digits);
  auto p = track_on_patch<std::complex<Real>>(Fh, gamma, patch, failed.stop_point, options, failed.t_reached);
  p.steps += failed.steps;
  return classify(F, p, options);
}

std::vector<Solution> cluster_endpoints(std::vector<PathResult>& paths) {
  std::vector<std::size_t> finite;
  for (std::size_t k = 0; k < paths.size(); ++k)
    if (paths[k].status == PathStatus::Nonsingular || paths[k].status == PathStatus::Singular)
      finite.push_back(k);
  // Sort by the real part of the first coordinate so that neighbours are close in the list.
  std::sort(finite.begin(), finite.end(), [&](std::size_t a, std::size_t b) {
    return paths[a].endpoint[0].real() < paths[b].endpoint[0].real();
  });
  std::vector<Solution> solutions;
  std::vector<bool> used(paths.size(), false);
  for (std::size_t ai = 0; ai < finite.size(); ++ai) {
    const std::size_t a = finite[ai];
    if (used[a]) continue;
    used[a] = true;
    Solution s;
    s.point = paths[a].endpoint;
    s.paths = {a};
    const double scale = 1 + norm_inf(s.point);
    const double tol = (paths[a].status == PathStatus::Nonsingular ? 1e-8 : 1e-4) * scale;
    for (std::size_t bi = ai + 1; bi < finite.size(); ++bi) {
      const std::size_t b = finite[bi];
      if (paths[b].endpoint[0].real() - s.point[0].real() > 1e-4 * scale) break;
      if (used[b]) continue;
      double d = 0;
      for (std::size_t i = 0; i < s.point.size(); ++i) d = std::max(d, std::abs(paths[b].endpoint[i] - s.point[i]));
      if (d <= std::max(tol, (paths[b].status == PathStatus::Nonsingular ? 1e-8 : 1e-4) * scale)) {
        used[b] = true;
        s.paths.push_back(b);
      }
    }
    s.multiplicity = static_cast<int>(s.paths.size());
    bool any_singular = false;
    for (auto k : s.paths) any_singular = any_singular || paths[k].status == PathStatus::Singular;
    // One path per isolated regular solution: more than one means singular (or a path jumped,
    // which the caller re-tracks).
    s.status = any_singular || s.multiplicity > 1 ? PathStatus::Singular : PathStatus::Nonsingular;
    s.real = paths[a].real;
    s.condition = paths[a].condition;
    s.residual = paths[a].residual;
    for (auto k : s.paths) paths[k].multiplicity = s.multiplicity;
    solutions.push_back(std::move(s));
  }
  return solutions;
}

namespace {

// The start solution with number `index`: x_i = exp(2 pi i k_i / d_i), k in mixed radix.
ComplexVector start_solution(std::size_t index, const std::vector<int>& degrees) {
  ComplexVector x;
  for (int d : degrees) {
    const std::size_t k = index % static_cast<std::size_t>(d);
    index /= static_cast<std::size_t>(d);
    x.push_back(std::polar(1.0, 2 * M_PI * static_cast<double>(k) / d));
  }
  return x;
}

void track_paths(const NumericSystem& Fh, const NumericSystem& F, Complex gamma,
                 const ComplexVector& patch, const std::vector<std::size_t>& batch,
                 std::vector<PathResult>& results, const TrackerOptions& options, unsigned threads,
                 const Distribution& distribution) {
  const auto which = share_of(batch, distribution.rank, distribution.ranks);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next++) < which.size();) {
      const std::size_t index = which[k];
      results[index] = track_total_degree_path(Fh, F, gamma, patch, start_solution(index, F.degrees()), options);
      results[index].index = index;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (distribution.ranks > 1) distribution.share(results, batch);
}

}  // namespace

std::vector<std::size_t> share_of(const std::vector<std::size_t>& batch, int rank, int ranks) {
  if (ranks <= 1) return batch;
  std::vector<std::size_t> mine;
  for (std::size_t k = static_cast<std::size_t>(rank); k < batch.size(); k += static_cast<std::size_t>(ranks))
    mine.push_back(batch[k]);
  return mine;
}

SolveResult solve_total_degree(const PolynomialSystem& system, const SolveOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (system.equations.size() != system.ring->variables())
    throw InputError("solve: the system has " + std::to_string(system.equations.size()) + " equations in " +
                     std::to_string(system.ring->variables()) + " unknowns; homotopy continuation needs a square system");
  for (std::size_t i = 0; i < system.equations.size(); ++i)
    if (system.equations[i].total_degree() < 1)
      throw InputError("solve: equation " + std::to_string(i + 1) + " is constant");
  const NumericSystem F(system), Fh(system, true);
  SolveResult result;
  result.seed = options.seed;
  std::vector<long long> degrees;
  std::size_t paths = 1;
  for (int d : F.degrees()) {
    degrees.push_back(d);
    paths *= static_cast<std::size_t>(d);
  }
  result.bezout_bound = product_of_degrees(degrees);
  result.paths = paths;
  SplitMix64 rng(options.seed);
  const Complex gamma = std::polar(1.0, 2 * M_PI * rng.uniform01());
  ComplexVector patch;
  for (std::size_t j = 0; j <= F.variables(); ++j)
    patch.emplace_back(2 * rng.uniform01() - 1, 2 * rng.uniform01() - 1);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  result.path_results.resize(paths);
  std::vector<std::size_t> all(paths);
  for (std::size_t k = 0; k < paths; ++k) all[k] = k;
  track_paths(Fh, F, gamma, patch, all, result.path_results, options.tracker, threads, options.distribution);

  // Paths that share a nonsingular endpoint have jumped: re-track them with smaller steps.
  TrackerOptions careful = options.tracker;
  for (int rerun = 0; rerun < options.reruns; ++rerun) {
    auto solutions = cluster_endpoints(result.path_results);
    std::vector<std::size_t> again;
    for (const auto& s : solutions) {
      bool regular = false;
      for (auto k : s.paths) regular = regular || result.path_results[k].condition < careful.singular_condition;
      if (s.multiplicity > 1 && regular) again.insert(again.end(), s.paths.begin(), s.paths.end());
    }
    for (auto& p : result.path_results)
      if (p.status == PathStatus::Failed) again.push_back(p.index);
    if (again.empty()) break;
    careful.max_step /= 4;
    careful.initial_step /= 4;
    careful.corrector_tolerance /= 10;
    track_paths(Fh, F, gamma, patch, again, result.path_results, careful, threads, options.distribution);
  }
  // The multiprecision fallback, for the paths that double precision could not follow. Serial:
  // MPFR's working precision is per process. (Under MPI every rank does the same few paths.)
  if (options.multiprecision_digits > 0) {
    TrackerOptions precise = careful;
    precise.corrector_tolerance = 1e-20;
    precise.min_step = 1e-25;
    precise.max_steps = options.multiprecision_max_steps;
    const auto fallback_start = std::chrono::steady_clock::now();
    auto within_budget = [&] {
      return result.multiprecision_paths < options.multiprecision_max_paths &&
             std::chrono::duration<double>(std::chrono::steady_clock::now() - fallback_start).count() <
                 options.multiprecision_seconds;
    };
    for (auto& p : result.path_results) {
      if (p.status != PathStatus::Failed || !within_budget()) continue;
      const std::size_t index = p.index;
      p = resume_path_multiprecision(Fh, F, gamma, patch, p, precise, options.multiprecision_digits);
      p.index = index;
      ++result.multiprecision_paths;
    }
  }
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
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string SolveResult::summary() const {
  std::ostringstream out;
  out << solutions.size() << " solutions: " << nonsingular << " non-singular (" << real << " real), "
      << singular << " singular, " << at_infinity << " at infinity, " << failed << " failed, seed 0x"
      << std::hex << seed << std::dec << " (" << paths << " paths";
  if (multiprecision_paths) out << ", " << multiprecision_paths << " re-tracked in multiprecision";
  out << ")";
  return out.str();
}

}  // namespace landscape::algebra
