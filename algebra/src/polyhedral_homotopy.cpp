// The polyhedral start layer: binomial systems through the Hermite normal form, and the
// homotopy of each mixed cell tracked in s = log t to the random start system G.
#include "polyhedral_homotopy.hpp"

#include <flint/fmpz_mat.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"
#include "landscape/spec/random.hpp"
#include "predictor_corrector.hpp"
#include "step_control.hpp"
#include "worker_threads.hpp"

namespace landscape::algebra {

namespace {

double exact_double(const fmpz_t z) {
  if (fmpz_bits(z) > 52) throw std::runtime_error("binomial system: a Hermite transform entry does not fit a double");
  return fmpz_get_d(z);
}

}  // namespace

std::vector<ComplexVector> binomial_solutions(const std::vector<Exponent>& V, const ComplexVector& b) {
  const std::size_t n = V.size();
  if (b.size() != n) throw std::invalid_argument("binomial system: " + std::to_string(n) + " exponents, " +
                                                 std::to_string(b.size()) + " right-hand sides");
  // U V^T = H (row Hermite form, upper triangular, U unimodular). With x_j = prod_k y_k^{U_kj},
  // x^{v_i} = y^{(V U^T)_i} and V U^T = H^T is lower triangular: y_1, y_2, ... one after another.
  fmpz_mat_t Vt, H, U;
  const auto N = static_cast<slong>(n);
  fmpz_mat_init(Vt, N, N);
  fmpz_mat_init(H, N, N);
  fmpz_mat_init(U, N, N);
  for (std::size_t i = 0; i < n; ++i) {
    if (V[i].size() != n) {
      fmpz_mat_clear(Vt), fmpz_mat_clear(H), fmpz_mat_clear(U);
      throw std::invalid_argument("binomial system: an exponent of the wrong length");
    }
    for (std::size_t j = 0; j < n; ++j) fmpz_set_si(fmpz_mat_entry(Vt, j, i), V[i][j]);
  }
  fmpz_mat_hnf_transform(H, U, Vt);
  std::vector<double> L(n * n), W(n * n);
  std::vector<long> diagonal(n);
  try {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < n; ++k) {
        L[i * n + k] = exact_double(fmpz_mat_entry(H, k, i));
        W[i * n + k] = exact_double(fmpz_mat_entry(U, i, k));
      }
  } catch (...) {
    fmpz_mat_clear(Vt), fmpz_mat_clear(H), fmpz_mat_clear(U);
    throw;
  }
  fmpz_mat_clear(Vt), fmpz_mat_clear(H), fmpz_mat_clear(U);
  for (std::size_t i = 0; i < n; ++i) {
    diagonal[i] = std::lround(std::abs(L[i * n + i]));
    if (diagonal[i] == 0) throw std::invalid_argument("binomial system: the exponent matrix is singular");
  }
  // log y_i = (log b_i - sum_{k<i} L_ik log y_k + 2 pi i m) / L_ii, m = 0 .. |L_ii| - 1.
  std::vector<ComplexVector> out;
  ComplexVector logy(n);
  const Complex two_pi_i(0, 2 * M_PI);
  auto descend = [&](auto&& self, std::size_t i) -> void {
    if (i == n) {
      ComplexVector x(n);
      for (std::size_t j = 0; j < n; ++j) {
        Complex e = 0;
        for (std::size_t k = 0; k < n; ++k) e += W[k * n + j] * logy[k];
        x[j] = std::exp(e);
      }
      out.push_back(std::move(x));
      return;
    }
    Complex rhs = std::log(b[i]);
    for (std::size_t k = 0; k < i; ++k) rhs -= L[i * n + k] * logy[k];
    for (long m = 0; m < diagonal[i]; ++m) {
      logy[i] = (rhs + two_pi_i * static_cast<double>(m)) / L[i * n + i];
      self(self, i + 1);
    }
  };
  descend(descend, 0);
  return out;
}

namespace {

// h(y, s) = sum_a c_a y^a exp(e_a s) for one cell, with the Jacobian in y and the derivative in s.
class CellHomotopy {
 public:
  struct Term {
    Complex c;
    std::vector<std::pair<int, int>> factors;  // (variable, exponent > 0)
    double e;
  };
  explicit CellHomotopy(std::vector<std::vector<Term>> equations)
      : eq_(std::move(equations)), n_(static_cast<int>(eq_.size())), H_(eq_.size()), A_(eq_.size() * eq_.size()),
        solver_(n_) {}

  void evaluate(const ComplexVector& y, double s, Complex* H, Complex* Hy, Complex* Hs) const {
    const auto n = static_cast<std::size_t>(n_);
    std::fill(Hy, Hy + n * n, Complex(0));
    for (std::size_t i = 0; i < n; ++i) {
      Complex sum = 0, ds = 0;
      for (const Term& t : eq_[i]) {
        const double weight = t.e == 0 ? 1.0 : std::exp(t.e * s);
        if (weight == 0) continue;
        const Complex c = t.c * weight;
        Complex monomial = c;
        for (const auto& [v, k] : t.factors) monomial *= power(y[static_cast<std::size_t>(v)], k);
        sum += monomial;
        ds += t.e * monomial;
        for (std::size_t a = 0; a < t.factors.size(); ++a) {
          Complex partial = c * static_cast<double>(t.factors[a].second) *
                            power(y[static_cast<std::size_t>(t.factors[a].first)], t.factors[a].second - 1);
          for (std::size_t b = 0; b < t.factors.size(); ++b)
            if (b != a) partial *= power(y[static_cast<std::size_t>(t.factors[b].first)], t.factors[b].second);
          Hy[i * n + static_cast<std::size_t>(t.factors[a].first)] += partial;
        }
      }
      H[i] = sum;
      if (Hs) Hs[i] = ds;
    }
  }
  bool velocity(const ComplexVector& y, double s, ComplexVector& v) {
    evaluate(y, s, H_.data(), A_.data(), v.data());
    if (!solver_.solve(A_.data(), v.data(), n_)) return false;
    for (auto& z : v) z = -z;
    return true;
  }
  double newton(ComplexVector& y, double s) {
    evaluate(y, s, H_.data(), A_.data(), nullptr);
    if (!solver_.solve(A_.data(), H_.data(), n_)) return -1;
    double step = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      y[i] -= H_[i];
      step = std::max(step, std::abs(H_[i]));
    }
    return step;
  }

 private:
  static Complex power(Complex z, int k) {
    Complex r = 1;
    for (; k > 0; k >>= 1, z *= z)
      if (k & 1) r *= z;
    return r;
  }
  std::vector<std::vector<Term>> eq_;
  int n_;
  ComplexVector H_, A_;
  DenseSolver<Complex> solver_;
};

constexpr double kLogStart = -18.420680743952367;  // log 1e-8: where the cells' paths start

// The homotopy of `cell` (exponents divided by the smallest positive one).
CellHomotopy cell_homotopy(const MixedVolumeResult& cells, const MixedCell& cell, const std::vector<ComplexVector>& c) {
  const std::size_t n = cells.supports.size();
  std::vector<std::vector<CellHomotopy::Term>> equations(n);
  double smallest = INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& A = cells.supports[i];
    auto value = [&](std::size_t k) {
      double v = cells.lifting[i][k];
      for (std::size_t j = 0; j < n; ++j) v += A[k][j] * cell.normal[j];
      return v;
    };
    const double beta = value(cell.edges[i][0]);
    for (std::size_t k = 0; k < A.size(); ++k) {
      CellHomotopy::Term t{c[i][k], {}, 0.0};
      for (std::size_t j = 0; j < n; ++j)
        if (A[k][j]) t.factors.emplace_back(static_cast<int>(j), A[k][j]);
      if (k != cell.edges[i][0] && k != cell.edges[i][1]) {
        t.e = value(k) - beta;  // > 0: mixed_cells checked every margin
        smallest = std::min(smallest, t.e);
      }
      equations[i].push_back(std::move(t));
    }
  }
  if (std::isfinite(smallest))
    for (auto& eq : equations)
      for (auto& t : eq) t.e /= smallest;
  return CellHomotopy(std::move(equations));
}

// Tracks y from s = kLogStart (after Newton there) to s = 0.
PathCode track_cell_path(CellHomotopy& h, ComplexVector& y, const TrackerOptions& options, double first_step) {
  for (int it = 0;; ++it) {
    const double d = h.newton(y, kLogStart);
    if (d < 0 || !std::isfinite(d) || it == 8) return PathCode::NotASolution;
    if (d <= 1e-12 * (1 + norm_inf(y))) break;
  }
  StepWorkspace<Complex> workspace(y.size());
  ComplexVector next(y.size());
  StepControl step{first_step};
  double s = kLogStart;
  for (int steps = 0; s < 0; ++steps) {
    if (steps > options.max_steps) return PathCode::MaxSteps;
    const double ds = std::min(step.length, -s);
    if (predictor_corrector_step(h, y, s, ds, options, workspace, next)) {
      std::swap(y, next);
      s = ds == -s ? 0.0 : s + ds;
      // G's solutions are finite: a cell path that grows this large has failed (not "at infinity").
      if (norm_inf(y) > options.infinity_threshold) return PathCode::NotASolution;
      step.accept(2.0);
    } else if (!step.reject(1e-12)) {
      return PathCode::StepSizeTooSmall;
    }
  }
  // At t = 1: Newton on G itself must converge.
  for (int it = 0;; ++it) {
    const double d = h.newton(y, 0.0);
    if (d < 0 || !std::isfinite(d) || it == 5) return PathCode::NotASolution;
    if (d <= 1e-12 * (1 + norm_inf(y))) return PathCode::Success;
  }
}

// The indices of the non-empty points that lie within 1e-8 (1 + |x|) of another one (sorted by a
// fixed real projection, compared with their neighbours in it).
std::vector<std::size_t> coinciding(const std::vector<ComplexVector>& points) {
  std::vector<std::pair<double, std::size_t>> key;
  for (std::size_t k = 0; k < points.size(); ++k) {
    if (points[k].empty()) continue;
    double v = 0;
    for (std::size_t j = 0; j < points[k].size(); ++j)
      v += std::cos(1.0 + static_cast<double>(j)) * points[k][j].real() + std::sin(2.0 + static_cast<double>(j)) * points[k][j].imag();
    key.emplace_back(v, k);
  }
  std::sort(key.begin(), key.end());
  std::vector<char> marked(points.size(), 0);
  for (std::size_t a = 0; a < key.size(); ++a) {
    const auto& x = points[key[a].second];
    const double tolerance = 1e-8 * (1 + norm_inf(x));
    for (std::size_t b = a + 1; b < key.size() && key[b].first - key[a].first <= 2 * static_cast<double>(x.size()) * tolerance; ++b) {
      const auto& z = points[key[b].second];
      double d = 0;
      for (std::size_t j = 0; j < x.size(); ++j) d = std::max(d, std::abs(x[j] - z[j]));
      if (d <= tolerance) marked[key[a].second] = marked[key[b].second] = 1;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < points.size(); ++k)
    if (marked[k]) out.push_back(k);
  return out;
}

}  // namespace

PolyhedralStart polyhedral_start(const MixedVolumeResult& cells, std::uint64_t seed, unsigned threads,
                                 const TrackerOptions& options) {
  PolyhedralStart out;
  SplitMix64 rng(seed);
  for (const auto& A : cells.supports) {
    out.coefficients.emplace_back();
    for (std::size_t k = 0; k < A.size(); ++k) out.coefficients.back().push_back(std::polar(1.0, 2 * M_PI * rng.uniform01()));
  }
  // Every start path: (cell, a binomial solution of it).
  std::vector<std::pair<std::size_t, ComplexVector>> starts;
  for (std::size_t c = 0; c < cells.cells.size(); ++c) {
    const MixedCell& cell = cells.cells[c];
    std::vector<Exponent> V;
    ComplexVector b;
    for (std::size_t i = 0; i < cell.edges.size(); ++i) {
      const auto &p = cells.supports[i][cell.edges[i][0]], &q = cells.supports[i][cell.edges[i][1]];
      Exponent v(p.size());
      for (std::size_t j = 0; j < p.size(); ++j) v[j] = q[j] - p[j];
      V.push_back(v);
      b.push_back(-out.coefficients[i][cell.edges[i][0]] / out.coefficients[i][cell.edges[i][1]]);
    }
    for (auto& y : binomial_solutions(V, b)) starts.emplace_back(c, std::move(y));
  }
  if (starts.size() != cells.mixed_volume)
    throw std::logic_error("polyhedral start: " + std::to_string(starts.size()) + " binomial solutions for mixed volume " +
                           std::to_string(cells.mixed_volume));
  out.solutions.assign(starts.size(), {});
  out.codes.assign(starts.size(), PathCode::Success);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t k; (k = next++) < starts.size();) {
      CellHomotopy h = cell_homotopy(cells, cells.cells[starts[k].first], out.coefficients);
      ComplexVector y = starts[k].second;
      PathCode code = track_cell_path(h, y, options, 0.1);
      if (code != PathCode::Success) {  // once more, with shorter steps and a tighter corrector
        TrackerOptions careful = options;
        careful.corrector_tolerance /= 10;
        y = starts[k].second;
        code = track_cell_path(h, y, careful, 0.01);
      }
      out.codes[k] = code;
      if (code == PathCode::Success) out.solutions[k] = std::move(y);
    }
  };
  run_worker_threads(std::max(1u, threads), worker);
  // Two start paths at one solution of G (whose MV solutions are distinct): one of them jumped;
  // neither can be trusted, so both count as failed (StepSizeTooSmall: not followed closely).
  for (std::size_t k : coinciding(out.solutions)) {
    out.solutions[k].clear();
    out.codes[k] = PathCode::StepSizeTooSmall;
  }
  for (auto code : out.codes) out.failed += code != PathCode::Success;
  return out;
}

NumericSystem start_system(const MixedVolumeResult& cells, const PolyhedralStart& start, const std::vector<int>& degrees,
                           bool homogenize) {
  return NumericSystem(cells.supports, start.coefficients, degrees, homogenize);
}

}  // namespace landscape::algebra
