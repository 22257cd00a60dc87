#include "landscape/analysis/spectral.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <random>

#include "landscape/spec/error.hpp"

namespace landscape::analysis {

namespace {

using Vector = std::vector<double>;

// Eigen's vectorized kernels (a plain loop's sum is not vectorized: its order is fixed).
Eigen::Map<const Eigen::VectorXd> view(const Vector& a) { return {a.data(), static_cast<Eigen::Index>(a.size())}; }
double dot(const Vector& a, const Vector& b) { return view(a).dot(view(b)); }
void axpy(double s, const Vector& x, Vector& y) {  // y += s x
  Eigen::Map<Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size())) += s * view(x);
}
double norm(const Vector& a) { return std::sqrt(dot(a, a)); }

Vector gaussian(std::size_t n, std::mt19937_64& rng) {
  std::normal_distribution<double> g;
  Vector v(n);
  for (auto& x : v) x = g(rng);
  return v;
}
Vector rademacher(std::size_t n, std::mt19937_64& rng) {
  Vector v(n);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 64 == 0) bits = rng();
    v[i] = (bits >> (i % 64)) & 1 ? 1.0 : -1.0;
  }
  return v;
}

// Removes from w its components along every vector of each basis by classical Gram-Schmidt, and
// a second time when the first removed most of w (|w| fell below 1/sqrt 2 of itself: Daniel,
// Gragg, Kaufman & Stewart 1976; "twice is enough", Giraud et al. 2005). With `removed` (one
// vector per basis, at least as long as it), the components taken out are added there.
void orthogonalize(Vector& w, const std::vector<const std::vector<Vector>*>& bases,
                   const std::vector<Vector*>& removed = {}) {
  for (int round = 0; round < 2; ++round) {
    const double before = norm(w);
    for (std::size_t b = 0; b < bases.size(); ++b)
      for (std::size_t i = 0; i < bases[b]->size(); ++i) {
        const Vector& q = (*bases[b])[i];
        const double c = dot(q, w);
        axpy(-c, q, w);
        if (!removed.empty()) (*removed[b])[i] += c;
      }
    if (norm(w) > before / std::sqrt(2.0)) break;
  }
}

void apply_checked(const LinearOperator& a, const Vector& x, Vector& y) {
  y.assign(x.size(), 0.0);
  a(x, y);
  for (double v : y)
    if (!std::isfinite(v)) throw InputError("the operator returned a non-finite value (is the loss finite at these weights?)");
}

// A Lanczos run with full reorthogonalization against its own basis and against `locked`
// (so it works on the operator restricted to the complement of span(locked)).
//
// Every component taken out of a product A q_j is kept: A Q_m = Q_(m+1) H + U C + (the parts
// dropped at a breakdown), H upper Hessenberg (the tridiagonal T plus what reorthogonalization
// removed), U the locked vectors. So ||A y - theta y|| for a Ritz vector y = Q_m s is
// ||H s - theta s|| with every rounding of the products in it, at no extra product.
struct Lanczos {
  const LinearOperator& a;
  const std::vector<Vector>& locked;
  std::mt19937_64& rng;
  std::vector<Vector> basis;  // q_0 .. q_m (the last is the next direction)
  Vector alpha, beta;         // beta[j] couples q_j and q_(j+1); 0 after a breakdown
  std::vector<Vector> on_basis, on_locked;  // column j of H (j + 2 entries) and of C
  Vector dropped;             // |the part of A q_j left out at a breakdown| (0 otherwise)
  int matvecs = 0;

  Lanczos(const LinearOperator& op, const std::vector<Vector>& lock, std::mt19937_64& r, Vector start)
      : a(op), locked(lock), rng(r) {
    push_unit(std::move(start));
  }
  std::size_t steps() const { return alpha.size(); }
  std::size_t dimension() const { return basis.front().size(); }
  bool exhausted() const { return basis.size() + locked.size() > dimension(); }

  // Appends w normalized; if w is zero (a breakdown: step() zeroes it), a fresh random direction
  // orthogonal to everything so far instead. Returns false when the whole space is spanned.
  bool push_unit(Vector w) {
    const bool column = !on_basis.empty();  // w is the remainder of the last product
    if (column) orthogonalize(w, {&locked, &basis}, {&on_locked.back(), &on_basis.back()});
    else orthogonalize(w, {&locked, &basis});
    double size = norm(w);
    const double random_floor = 1e-8 * std::sqrt(static_cast<double>(w.size()));
    if (column && size > 0) on_basis.back().back() = size;
    for (int tries = 0; size == 0.0 || (tries > 0 && size < random_floor); ++tries) {
      if (basis.size() + locked.size() >= dimension() || tries == 3) return false;
      w = gaussian(dimension(), rng);
      orthogonalize(w, {&locked, &basis});
      size = norm(w);
      if (!beta.empty()) beta.back() = 0;  // an invariant subspace: T decouples here
      if (size >= random_floor) break;
    }
    for (auto& x : w) x /= size;
    basis.push_back(std::move(w));
    return true;
  }

  // One step: A q_j, its tridiagonal entries, and q_(j+1). False when the space is exhausted.
  bool step() {
    const std::size_t j = basis.size() - 1;
    const Vector& q = basis.back();
    Vector w;
    apply_checked(a, q, w);
    ++matvecs;
    on_basis.emplace_back(j + 2, 0.0);
    on_locked.emplace_back(locked.size(), 0.0);
    const double al = dot(q, w);
    axpy(-al, q, w);
    on_basis.back()[j] += al;
    if (!beta.empty()) axpy(-beta.back(), basis[j - 1], w), on_basis.back()[j - 1] += beta.back();
    orthogonalize(w, {&locked, &basis}, {&on_locked.back(), &on_basis.back()});
    alpha.push_back(al);
    const double b = norm(w);
    beta.push_back(b);
    // Breakdown below a relative 1e-12 of the diagonal: treat as an invariant subspace.
    double scale = 0;
    for (double x : alpha) scale = std::max(scale, std::abs(x));
    const bool breakdown = b <= 1e-12 * std::max(scale, 1e-300);
    dropped.push_back(breakdown ? b : 0.0);
    if (breakdown) w.assign(w.size(), 0.0);
    return push_unit(std::move(w));
  }

  // Eigen-decomposition of T_m (ascending Ritz values; eigenvector columns).
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ritz() const {
    const auto m = static_cast<Eigen::Index>(steps());
    Eigen::VectorXd d(m), e(std::max<Eigen::Index>(m - 1, 0));
    for (Eigen::Index i = 0; i < m; ++i) d[i] = alpha[static_cast<std::size_t>(i)];
    for (Eigen::Index i = 0; i + 1 < m; ++i) e[i] = beta[static_cast<std::size_t>(i)];
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es;
    es.computeFromTridiagonal(d, e, Eigen::ComputeEigenvectors);
    return es;
  }
  // Lanczos' own estimate of ||A y - theta y|| for the Ritz pair of column i: |beta_m s_(m,i)|
  // (0 after an exhausted space). It assumes exact products: it tells when the Krylov space has
  // converged, not what rounding in A leaves.
  double estimate(const Eigen::MatrixXd& s, Eigen::Index i, bool complete) const {
    return complete ? 0.0 : std::abs(beta.back() * s(s.rows() - 1, i));
  }
  // ||A y - theta y|| from the kept components (see above): every rounding in the products counts.
  double residual(const Eigen::MatrixXd& s, Eigen::Index i, double theta) const {
    const std::size_t m = steps();
    Vector r(m + 1, 0.0), c(locked.size(), 0.0);
    double outside = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double sj = s(static_cast<Eigen::Index>(j), i);
      for (std::size_t k = 0; k < on_basis[j].size(); ++k) r[k] += sj * on_basis[j][k];
      for (std::size_t k = 0; k < c.size(); ++k) c[k] += sj * on_locked[j][k];
      r[j] -= theta * sj;
      outside += std::abs(sj) * dropped[j];
    }
    return std::sqrt(dot(r, r) + dot(c, c)) + outside;
  }
  Vector ritz_vector(const Eigen::MatrixXd& s, Eigen::Index i) const {
    Vector y(dimension(), 0.0);
    for (Eigen::Index j = 0; j < s.rows(); ++j) axpy(s(j, i), basis[static_cast<std::size_t>(j)], y);
    const double size = norm(y);
    for (auto& x : y) x /= size;
    return y;
  }
};

struct RitzPair {
  double value, residual;
  Vector vector;
};

// Runs Lanczos (restricted to the complement of `locked`) until the `top` largest and `bottom`
// smallest Ritz values meet the tolerance, or max_steps. Returns those pairs.
struct PassResult {
  std::vector<RitzPair> top, bottom;
  double scale = 0;
  bool converged = false;
  int matvecs = 0;
  std::size_t steps = 0;
  std::size_t extremes_steps = 0;  // steps until the largest and smallest wanted values first met the tolerance
};
// A check pass (`bounds` given: the k-th top and bottom values so far) only has to tell whether its
// extreme Ritz value reaches beyond them: after `min_steps` (the steps the first pass needed to
// resolve its own extreme values: a missed copy is the extreme value of the check's operator) it stops once that value has converged to
// within a tenth of its distance from the bound (or to the tolerance, whichever is larger).
PassResult lanczos_pass(const LinearOperator& a, std::size_t n, const std::vector<Vector>& locked, int top, int bottom,
                        const ExtremeOptions& o, int max_steps, std::mt19937_64& rng, double known_scale,
                        const std::array<double, 2>* bounds = nullptr, std::size_t min_steps = 0) {
  Lanczos l(a, locked, rng, gaussian(n, rng));
  PassResult r;
  const auto wanted = static_cast<std::size_t>(top + bottom);
  const std::size_t room = n - locked.size();
  for (;;) {
    const bool complete = !l.step();
    const std::size_t m = l.steps();
    const bool last = complete || static_cast<int>(m) >= max_steps || m >= room;
    const bool check = m >= std::min(std::max(wanted, min_steps), room) && (m < 150 || m % 10 == 0 || last);
    if (!check) continue;
    const auto es = l.ritz();
    const auto& theta = es.eigenvalues();
    const auto& s = es.eigenvectors();
    const auto k = static_cast<Eigen::Index>(m);
    r.scale = std::max({known_scale, std::abs(theta[0]), std::abs(theta[k - 1])});
    const double tol = o.tolerance * r.scale;
    bool ok = true;
    const Eigen::Index tops = std::min<Eigen::Index>(top, k), bottoms = std::min<Eigen::Index>(bottom, k - tops);
    const double top_tol = bounds ? std::max(tol, 0.1 * ((*bounds)[0] - theta[k - 1])) : tol;
    const double bottom_tol = bounds ? std::max(tol, 0.1 * (theta[0] - (*bounds)[1])) : tol;
    for (Eigen::Index i = 0; i < tops; ++i) ok = ok && l.estimate(s, k - 1 - i, complete || m >= room) <= top_tol;
    for (Eigen::Index i = 0; i < bottoms; ++i) ok = ok && l.estimate(s, i, complete || m >= room) <= bottom_tol;
    if (r.extremes_steps == 0 && (tops == 0 || l.estimate(s, k - 1, complete || m >= room) <= top_tol) &&
        (bottoms == 0 || l.estimate(s, 0, complete || m >= room) <= bottom_tol))
      r.extremes_steps = m;
    ok = ok && tops == top && bottoms == bottom;
    if (o.progress && (m % 20 == 0 || ok || last))
      o.progress("lanczos: " + std::to_string(m) + " steps, largest Ritz value " + std::to_string(theta[k - 1]) +
                 (ok ? ", converged" : ""));
    if (!ok && !last) continue;
    r.converged = ok;
    for (Eigen::Index i = 0; i < tops; ++i)
      r.top.push_back({theta[k - 1 - i], l.residual(s, k - 1 - i, theta[k - 1 - i]), l.ritz_vector(s, k - 1 - i)});
    for (Eigen::Index i = 0; i < bottoms; ++i)
      r.bottom.push_back({theta[i], l.residual(s, i, theta[i]), l.ritz_vector(s, i)});
    r.matvecs = l.matvecs;
    r.steps = m;
    return r;
  }
}

}  // namespace

ExtremeResult extreme_eigenvalues(const LinearOperator& a, std::size_t n, const ExtremeOptions& o) {
  if (o.top < 0 || o.bottom < 0 || o.top + o.bottom == 0)
    throw InputError("ask for at least one eigenvalue (top or bottom)");
  if (static_cast<std::size_t>(o.top + o.bottom) > n)
    throw InputError(std::to_string(o.top + o.bottom) + " eigenvalues asked of an operator of dimension " +
                     std::to_string(n));
  if (!(o.tolerance > 0)) throw InputError("the tolerance must be positive");
  std::mt19937_64 rng(o.seed);
  ExtremeResult out;
  PassResult first = lanczos_pass(a, n, {}, o.top, o.bottom, o, o.max_steps, rng, 0.0);
  out.matvecs = first.matvecs;
  out.passes = 1;
  out.scale = first.scale;
  out.converged = first.converged;
  const std::size_t first_steps = first.extremes_steps;
  std::vector<RitzPair> top = std::move(first.top), bottom = std::move(first.bottom);
  // Multiplicity checks: Lanczos on the complement of the converged vectors; a Ritz value that
  // reaches into the wanted range is a copy the first pass could not see.
  // A check value within the tolerance of the k-th one changes no value beyond the tolerance; one
  // clearly beyond it is a copy the first pass missed: merged, and checked again.
  while (o.check_multiplicity && out.converged) {
    std::vector<Vector> locked;
    for (const auto* list : {&top, &bottom})
      for (const auto& p : *list) locked.push_back(p.vector);
    const std::size_t room = n - locked.size();
    if (room == 0) {
      out.multiplicity_checked = true;
      break;
    }
    const int want_top = o.top > 0 ? 1 : 0;
    const int want_bottom = o.bottom > 0 && room >= static_cast<std::size_t>(want_top + 1) ? 1 : 0;
    const std::array<double, 2> bounds = {top.empty() ? 0.0 : top.back().value, bottom.empty() ? 0.0 : bottom.back().value};
    PassResult check = lanczos_pass(a, n, locked, want_top, want_bottom, o, o.max_steps, rng, out.scale, &bounds, first_steps);
    out.matvecs += check.matvecs;
    ++out.passes;
    if (!check.converged) break;  // undecided: multiplicity_checked stays false
    const double tol = o.tolerance * out.scale;
    bool found = false;
    if (!check.top.empty() && check.top[0].value > top.back().value + tol) {
      top.back() = std::move(check.top[0]);
      std::stable_sort(top.begin(), top.end(), [](const RitzPair& x, const RitzPair& y) { return x.value > y.value; });
      found = true;
    }
    // With one dimension left the pass has a single Ritz pair, returned as its top: it may be a
    // missed copy of a bottom value too.
    if (want_bottom == 0 && o.bottom > 0 && !check.top.empty() && !bottom.empty() &&
        check.top[0].value < bottom.back().value - tol)
      check.bottom.push_back(std::move(check.top[0])), check.top.clear();
    if (!check.bottom.empty() && !bottom.empty() && check.bottom[0].value < bottom.back().value - tol) {
      bottom.back() = std::move(check.bottom[0]);
      std::stable_sort(bottom.begin(), bottom.end(), [](const RitzPair& x, const RitzPair& y) { return x.value < y.value; });
      found = true;
    }
    if (!found) {
      out.multiplicity_checked = true;
      break;
    }
  }
  out.absolute_tolerance = o.tolerance * out.scale;
  // The residuals are ||A y - theta y|| from the products the passes computed (the Arnoldi relation
  // above), not Lanczos' estimate |beta_m s_mi|, which assumes exact products and falls far below
  // what rounding in A allows (float32 products: about 1e-7 |A|). With explicit_residuals, each is
  // computed anew from one more product A y.
  Vector ay;
  for (auto* list : {&top, &bottom})
    for (auto& p : *list) {
      if (o.explicit_residuals) {
        apply_checked(a, p.vector, ay);
        ++out.matvecs;
        axpy(-p.value, p.vector, ay);
        p.residual = norm(ay);
      }
      if (p.residual > out.absolute_tolerance) out.converged = false;
    }
  for (auto& p : top) {
    out.top.push_back(p.value);
    out.top_residuals.push_back(p.residual);
    if (o.vectors) out.top_vectors.push_back(std::move(p.vector));
  }
  for (auto& p : bottom) {
    out.bottom.push_back(p.value);
    out.bottom_residuals.push_back(p.residual);
    if (o.vectors) out.bottom_vectors.push_back(std::move(p.vector));
  }
  return out;
}

TraceMethod parse_trace_method(const std::string& text) {
  if (text == "hutchinson") return TraceMethod::Hutchinson;
  if (text == "hutch++") return TraceMethod::HutchPlusPlus;
  if (text == "exact") return TraceMethod::Exact;
  throw FieldError("trace", "'" + text + "': expected hutch++, hutchinson or exact");
}

std::string to_string(TraceMethod m) {
  switch (m) {
    case TraceMethod::Hutchinson: return "hutchinson";
    case TraceMethod::HutchPlusPlus: return "hutch++";
    case TraceMethod::Exact: return "exact";
  }
  return "?";
}

namespace {

// Mean and standard error of samples.
std::pair<double, double> mean_and_error(const Vector& x) {
  const double m = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
  if (x.size() < 2) return {m, 0.0};
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return {m, std::sqrt(ss / static_cast<double>(x.size() - 1) / static_cast<double>(x.size()))};
}

}  // namespace

TraceResult trace_estimate(const LinearOperator& a, std::size_t n, const TraceOptions& o) {
  TraceResult r;
  r.method = o.method;
  std::mt19937_64 rng(o.seed);
  Vector y;
  auto report = [&](int done, int total) {
    if (o.progress && (done % 50 == 0 || done == total))
      o.progress("trace (" + to_string(o.method) + "): " + std::to_string(done) + " of " + std::to_string(total) + " products");
  };
  if (o.method == TraceMethod::Exact) {
    Vector e(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      e[i] = 1.0;
      apply_checked(a, e, y);
      r.value += y[i];
      e[i] = 0.0;
      report(static_cast<int>(i + 1), static_cast<int>(n));
    }
    r.matvecs = static_cast<int>(n);
    return r;
  }
  if (o.method == TraceMethod::Hutchinson) {
    if (o.matvecs < 1) throw InputError("Hutchinson's estimate needs at least one product");
    Vector samples;
    for (int i = 0; i < o.matvecs; ++i) {
      const Vector z = rademacher(n, rng);
      apply_checked(a, z, y);
      samples.push_back(dot(z, y));
      report(i + 1, o.matvecs);
    }
    std::tie(r.value, r.standard_error) = mean_and_error(samples);
    r.matvecs = o.matvecs;
    return r;
  }
  // Hutch++: Q spans A S for s random sign vectors; tr(A) = tr(Q^T A Q) + tr((I - QQ^T) A (I - QQ^T)),
  // the second term by Hutchinson on s projected sign vectors.
  const int s = std::max(1, o.matvecs / 3);
  if (static_cast<std::size_t>(s) > n) throw InputError("Hutch++ with more products than three times the dimension: use exact");
  std::vector<Vector> q;
  int done = 0;
  for (int i = 0; i < s; ++i) {
    apply_checked(a, rademacher(n, rng), y);
    report(++done, 3 * s);
    orthogonalize(y, {&q});
    const double size = norm(y);
    if (size <= 1e-12 * std::sqrt(static_cast<double>(n))) continue;  // A has rank below s: Q is complete
    for (auto& x : y) x /= size;
    q.push_back(y);
  }
  for (const auto& v : q) {
    apply_checked(a, v, y);
    report(++done, 3 * s);
    r.value += dot(v, y);
  }
  Vector samples;
  for (int i = 0; i < s; ++i) {
    Vector z = rademacher(n, rng);
    for (const auto& v : q) axpy(-dot(v, z), v, z);
    apply_checked(a, z, y);
    report(++done, 3 * s);
    samples.push_back(dot(z, y));
  }
  const auto [m, e] = mean_and_error(samples);
  r.value += m;
  r.standard_error = e;
  r.matvecs = done;
  return r;
}

DensityResult spectral_density(const LinearOperator& a, std::size_t n, const DensityOptions& o) {
  if (o.probes < 1 || o.steps < 1) throw InputError("the density needs at least one probe and one Lanczos step");
  std::mt19937_64 rng(o.seed);
  DensityResult d;
  const std::vector<Vector> none;
  for (int p = 0; p < o.probes; ++p) {
    Lanczos l(a, none, rng, rademacher(n, rng));
    while (static_cast<int>(l.steps()) < o.steps && l.step()) {
    }
    const auto es = l.ritz();
    Vector nodes, weights;
    for (Eigen::Index i = 0; i < es.eigenvalues().size(); ++i) {
      nodes.push_back(es.eigenvalues()[i]);
      weights.push_back(es.eigenvectors()(0, i) * es.eigenvectors()(0, i));
    }
    d.nodes.push_back(std::move(nodes));
    d.weights.push_back(std::move(weights));
    d.matvecs += l.matvecs;
    if (o.progress) o.progress("density: probe " + std::to_string(p + 1) + " of " + std::to_string(o.probes));
  }
  return d;
}

std::vector<double> smoothed_density(const DensityResult& d, const std::vector<double>& grid, double sigma) {
  if (!(sigma > 0)) throw InputError("the smoothing width must be positive");
  std::vector<double> out(grid.size(), 0.0);
  const double norm_factor = 1.0 / (std::sqrt(2 * M_PI) * sigma * static_cast<double>(d.nodes.size()));
  for (std::size_t p = 0; p < d.nodes.size(); ++p)
    for (std::size_t i = 0; i < d.nodes[p].size(); ++i)
      for (std::size_t g = 0; g < grid.size(); ++g) {
        const double z = (grid[g] - d.nodes[p][i]) / sigma;
        out[g] += d.weights[p][i] * std::exp(-0.5 * z * z) * norm_factor;
      }
  return out;
}

}  // namespace landscape::analysis
