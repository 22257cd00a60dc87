#include "landscape/algebra/hessian.hpp"

#include <flint/fmpq_poly.h>

#include <sstream>

#include "landscape/algebra/horner.hpp"
#include "landscape/algebra/second_order.hpp"

namespace landscape::algebra {

namespace {
Real frobenius(const RowMatrix<Real>& m) {
  Real s(0);
  for (const auto& row : m)
    for (const auto& v : row) s += v * v;
  return sqrt(s);
}

RealMatrix to_eigen(const RowMatrix<Real>& m) {
  RealMatrix out(static_cast<Eigen::Index>(m.size()), static_cast<Eigen::Index>(m.size()));
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = 0; j < m.size(); ++j) out(i, j) = m[i][j];
  return out;
}

// Number of sign changes in a coefficient sequence, zeros skipped.
long sign_changes(const std::vector<int>& signs) {
  long changes = 0;
  int previous = 0;
  for (int s : signs) {
    if (s == 0) continue;
    if (previous != 0 && s != previous) ++changes;
    previous = s;
  }
  return changes;
}
}  // namespace

ExactInertia exact_inertia(const std::vector<std::vector<Fraction>>& symmetric) {
  const slong n = static_cast<slong>(symmetric.size());
  ExactInertia r;
  if (n == 0) return r;
  fmpq_mat_t m;
  fmpq_mat_init(m, n, n);
  for (slong i = 0; i < n; ++i)
    for (slong j = 0; j < n; ++j) fmpq_set(fmpq_mat_entry(m, i, j), symmetric[i][j].get());
  fmpq_poly_t p;
  fmpq_poly_init(p);
  fmpq_mat_charpoly(p, m);
  // p(x) = prod (x - lambda_i), all lambda_i real. Zero roots: the lowest non-zero coefficient's
  // index. Positive roots: sign changes of p(x); negative roots: sign changes of p(-x).
  std::vector<int> positive_signs, negative_signs;
  fmpq_t c;
  fmpq_init(c);
  for (slong k = 0; k <= n; ++k) {
    fmpq_poly_get_coeff_fmpq(c, p, k);
    const int s = fmpq_sgn(c);
    if (s == 0 && positive_signs.empty()) {
      ++r.zero;
      continue;
    }
    positive_signs.push_back(s);
    negative_signs.push_back(k % 2 ? -s : s);
  }
  fmpq_clear(c);
  r.positive = sign_changes(positive_signs);
  r.negative = sign_changes(negative_signs);
  fmpq_poly_clear(p);
  fmpq_mat_clear(m);
  return r;
}

HessianReport hessian_report(const NetSpec& net, const RationalMatrix& inputs,
                             const RationalMatrix& labels, const std::vector<Rational>& params,
                             unsigned digits, bool exact, const std::optional<Rational>& threshold) {
  if (params.size() != net.parameter_count())
    throw InputError("hessian: " + std::to_string(params.size()) + " parameters given, the network has " +
                     std::to_string(net.parameter_count()));
  if (exact) net.activation.require_polynomial("exact hessian");
  PrecisionScope precision(digits);
  HessianReport r;
  r.parameters = net.parameter_count();
  r.equations = inputs.size() * static_cast<std::size_t>(net.outputs());
  r.digits = digits;
  const auto derivatives = [&](const Real& z) { return activation_derivatives(net.activation, z); };
  const auto h = loss_hessian(net, to_reals(inputs), to_reals(labels), to_reals(params), derivatives);
  r.loss = h.loss;
  r.max_abs_residual = Real(0);
  for (const auto& v : h.residuals) r.max_abs_residual = std::max(r.max_abs_residual, Real(abs(v)));
  const auto full = h.hessian();
  r.gauss_newton_norm = frobenius(h.gauss_newton);
  r.residual_part_norm = frobenius(h.residual_part);
  RowMatrix<Real> difference = full;
  for (std::size_t i = 0; i < full.size(); ++i)
    for (std::size_t j = 0; j < full.size(); ++j) difference[i][j] -= h.gauss_newton[i][j];
  r.difference_norm = frobenius(difference);
  r.counts = eigenvalue_counts(to_eigen(full), digits, threshold ? rational_to<Real>(*threshold) : Real(0));
  RealMatrix J(static_cast<Eigen::Index>(h.jacobian.size()), static_cast<Eigen::Index>(r.parameters));
  for (std::size_t i = 0; i < h.jacobian.size(); ++i)
    for (std::size_t j = 0; j < r.parameters; ++j) J(i, j) = h.jacobian[i][j];
  r.jacobian_rank = numerical_rank(J, digits).nonzero;
  r.method = "MPFR " + std::to_string(digits) +
             " digits, eigenvalues by Eigen; zero below " +
             (threshold ? "the given threshold " + threshold->text()
                        : "|lambda|max * 10^-" + std::to_string(digits - 10));
  if (exact) {
    const auto coefficients = to_fractions(net.activation.coefficients);
    auto exact_derivatives = [&](const Fraction& z) { return horner_derivatives<2>(coefficients, z, Fraction(0)); };
    std::vector<std::vector<Fraction>> x, y;
    for (const auto& row : inputs) x.push_back(to_fractions(row));
    for (const auto& row : labels) y.push_back(to_fractions(row));
    const auto hq = loss_hessian(net, x, y, to_fractions(params), exact_derivatives);
    r.exact = exact_inertia(hq.hessian());
    r.exact_jacobian_rank = rank_over_q(hq.jacobian, r.parameters);
    r.method += "; exact over Q: characteristic polynomial and Descartes' rule of signs";
  }
  return r;
}

bool HessianReport::matches_prediction() const {
  const long n = static_cast<long>(equations), k = static_cast<long>(parameters);
  return jacobian_rank == n && counts.positive == n && counts.zero == k - n && counts.negative == 0;
}

std::string HessianReport::summary() const {
  std::ostringstream out;
  out << "Hessian at K = " << parameters << ", N*dL = " << equations << ": " << counts.positive
      << " positive, " << counts.zero << " zero, " << counts.negative << " negative";
  if (const auto gap = counts.split.log10_gap_ratio()) out << " (gap 10^" << *gap << ")";
  out << "; Jacobian rank " << jacobian_rank << "; loss 10^" << log10_abs(loss);
  if (exact)
    out << "; exact: " << exact->positive << " positive, " << exact->zero << " zero, "
        << exact->negative << " negative";
  out << (matches_prediction() ? "; as Cooper Prop. 2.3 predicts" : "; differs from Prop. 2.3's prediction");
  return out.str();
}

}  // namespace landscape::algebra
