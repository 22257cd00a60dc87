// The system layer: a PolynomialSystem compiled into terms and factors for evaluating F and its
// Jacobian at complex points (double or MPFR), and the row scales the endgame's condition
// number uses.
#include "landscape/algebra/numeric_system.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "landscape/algebra/multiprecision.hpp"

namespace landscape::algebra {

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

NumericSystem::NumericSystem(const std::vector<Support>& supports, const std::vector<ComplexVector>& coefficients,
                             const std::vector<int>& degrees, bool homogenize) {
  if (supports.size() != coefficients.size() || supports.size() != degrees.size())
    throw std::invalid_argument("NumericSystem: supports, coefficients and degrees differ in length");
  const std::size_t n = supports.empty() || supports[0].empty() ? 0 : supports[0][0].size();
  variables_ = n + (homogenize ? 1 : 0);
  term_begin_.push_back(0);
  for (std::size_t i = 0; i < supports.size(); ++i) {
    if (supports[i].size() != coefficients[i].size())
      throw std::invalid_argument("NumericSystem: a support and its coefficients differ in length");
    int own = 0;
    for (const auto& a : supports[i]) {
      int degree = 0;
      for (int e : a) degree += e;
      own = std::max(own, degree);
    }
    degrees_.push_back(homogenize ? std::max(own, degrees[i]) : own);
    max_degree_ = std::max(max_degree_, degrees_.back());
    for (std::size_t k = 0; k < supports[i].size(); ++k) {
      const auto& a = supports[i][k];
      if (a.size() != n) throw std::invalid_argument("NumericSystem: exponents of different lengths");
      Term term{coefficients[i][k], static_cast<int>(factors_.size()), 0};
      int degree = 0;
      for (std::size_t v = 0; v < n; ++v)
        if (a[v]) {
          factors_.emplace_back(static_cast<int>(v), a[v]);
          ++term.factors;
          degree += a[v];
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
      else if (exact_coefficients_.empty())
        prefix[0] = C(R(t.coefficient.real()), R(t.coefficient.imag()));
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

void NumericSystem::value_scales(const Complex* x, double* scale) const {
  for (std::size_t i = 0; i + 1 < term_begin_.size(); ++i) {
    double sum = 0;
    for (std::size_t k = term_begin_[i]; k < term_begin_[i + 1]; ++k) {
      const Term& t = terms_[k];
      double size = std::abs(t.coefficient);
      for (int a = 0; a < t.factors; ++a) {
        const auto& [variable, exponent] = factors_[static_cast<std::size_t>(t.first_factor + a)];
        size *= std::pow(std::max(1.0, std::abs(x[variable])), exponent);
      }
      sum += size;
    }
    scale[i] = sum;
  }
}

double NumericSystem::coefficient_norm(std::size_t i) const {
  double sum = 0;
  for (std::size_t k = term_begin_[i]; k < term_begin_[i + 1]; ++k) sum += std::norm(terms_[k].coefficient);
  return std::sqrt(sum);
}

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

template void NumericSystem::evaluate_generic<Complex>(const Complex*, Complex*, Complex*) const;
template void NumericSystem::evaluate_generic<std::complex<Real>>(const std::complex<Real>*, std::complex<Real>*,
                                                                  std::complex<Real>*) const;

}  // namespace landscape::algebra
