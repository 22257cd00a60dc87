#include "landscape/algebra/real_network.hpp"

#include <algorithm>
#include <limits>

#include "landscape/algebra/jet.hpp"

namespace landscape::algebra {

std::vector<Real> to_reals(const std::vector<Rational>& values) {
  std::vector<Real> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(rational_to<Real>(v));
  return out;
}

std::vector<std::vector<Real>> to_reals(const RationalMatrix& values) {
  std::vector<std::vector<Real>> out;
  for (const auto& row : values) out.push_back(to_reals(row));
  return out;
}

std::vector<std::vector<Real>> real_outputs(const NetSpec& net,
                                            const std::vector<std::vector<Real>>& inputs,
                                            const std::vector<Real>& params) {
  auto sigma = [&](const Real& z) { return activation_derivatives(net.activation, z)[0]; };
  std::vector<std::vector<Real>> out;
  for (const auto& x : inputs) out.push_back(forward(net, params, x, sigma));
  return out;
}

std::vector<Real> real_residuals(const NetSpec& net, const std::vector<std::vector<Real>>& inputs,
                                 const std::vector<std::vector<Real>>& labels,
                                 const std::vector<Real>& params) {
  const auto f = real_outputs(net, inputs, params);
  std::vector<Real> r;
  for (std::size_t i = 0; i < f.size(); ++i)
    for (std::size_t k = 0; k < f[i].size(); ++k) r.push_back(f[i][k] - labels[i][k]);
  return r;
}

RealMatrix real_jacobian(const NetSpec& net, const std::vector<std::vector<Real>>& inputs,
                         const std::vector<Real>& params) {
  const std::size_t K = params.size();
  const Real zero(0), one(1);
  std::vector<Jet<Real>> w;
  for (std::size_t k = 0; k < K; ++k) w.push_back(Jet<Real>::variable(params[k], k, K, zero, one));
  auto sigma = [&](const Jet<Real>& z) {
    const auto s = activation_derivatives(net.activation, z.value);
    Jet<Real> r{s[0], z.gradient};
    for (auto& g : r.gradient) g = g * s[1];
    return r;
  };
  std::vector<std::vector<Real>> rows;
  for (const auto& x : inputs) {
    std::vector<Jet<Real>> input;
    for (const auto& xi : x) input.push_back(Jet<Real>::constant(xi, K, zero));
    for (auto& out : forward(net, w, input, sigma)) rows.push_back(std::move(out.gradient));
  }
  RealMatrix J(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(K));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < K; ++j) J(i, j) = rows[i][j];
  return J;
}

std::optional<double> ZeroSplit::log10_gap_ratio() const {
  if (!largest_zero || !smallest_nonzero) return std::nullopt;
  if (*largest_zero == 0) return std::numeric_limits<double>::infinity();
  return log10_abs(*smallest_nonzero) - log10_abs(*largest_zero);
}

ZeroSplit split_zeros(const std::vector<Real>& magnitudes, unsigned digits, const Real& floor) {
  PrecisionScope precision(digits);
  ZeroSplit s;
  Real max(0);
  for (const auto& m : magnitudes) max = std::max(max, Real(abs(m)));
  s.threshold = std::max(Real(max * boost::multiprecision::pow(Real(10), 10 - static_cast<int>(digits))),
                         floor);
  for (const auto& v : magnitudes) {
    const Real m = abs(v);
    if (m > s.threshold) {
      ++s.nonzero;
      if (!s.smallest_nonzero || m < *s.smallest_nonzero) s.smallest_nonzero = m;
    } else {
      ++s.zero;
      if (!s.largest_zero || m > *s.largest_zero) s.largest_zero = m;
    }
  }
  return s;
}

ZeroSplit numerical_rank(const RealMatrix& m, unsigned digits) {
  if (m.rows() == 0 || m.cols() == 0) return ZeroSplit{};
  PrecisionScope precision(digits);
  Eigen::JacobiSVD<RealMatrix> svd(m);
  const auto& sv = svd.singularValues();
  std::vector<Real> values(sv.data(), sv.data() + sv.size());
  return split_zeros(values, digits);
}

EigenvalueCounts eigenvalue_counts(const RealMatrix& symmetric, unsigned digits,
                                   const Real& floor) {
  PrecisionScope precision(digits);
  EigenvalueCounts c;
  Eigen::SelfAdjointEigenSolver<RealMatrix> solver(symmetric, Eigen::EigenvaluesOnly);
  const auto& ev = solver.eigenvalues();
  c.eigenvalues.assign(ev.data(), ev.data() + ev.size());
  c.split = split_zeros(c.eigenvalues, digits, floor);
  for (const auto& v : c.eigenvalues) {
    if (abs(v) <= c.split.threshold)
      ++c.zero;
    else if (v > 0)
      ++c.positive;
    else
      ++c.negative;
  }
  return c;
}

}  // namespace landscape::algebra
