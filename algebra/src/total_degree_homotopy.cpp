// The homotopy layer: the total-degree start system, its start solutions (products of roots of
// unity), the random gamma and patch, and H(x, t) with its derivatives on the patch.
#include "total_degree_homotopy.hpp"

#include <cmath>
#include <stdexcept>

#include "landscape/algebra/multiprecision.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

HomotopyParameters draw_homotopy_parameters(std::uint64_t seed, std::size_t variables) {
  SplitMix64 rng(seed);
  HomotopyParameters p;
  p.gamma = std::polar(1.0, 2 * M_PI * rng.uniform01());
  for (std::size_t j = 0; j <= variables; ++j) p.patch.emplace_back(2 * rng.uniform01() - 1, 2 * rng.uniform01() - 1);
  return p;
}

std::optional<std::size_t> start_solution_count(const std::vector<int>& degrees, std::size_t limit) {
  std::size_t count = 1;
  for (int d : degrees) {
    // count * d > limit, checked without overflowing.
    if (d <= 0 || count > limit / static_cast<std::size_t>(d)) return std::nullopt;
    count *= static_cast<std::size_t>(d);
  }
  return count;
}

ComplexVector start_solution(std::size_t index, const std::vector<int>& degrees) {
  ComplexVector x;
  for (int d : degrees) {
    const std::size_t k = index % static_cast<std::size_t>(d);
    index /= static_cast<std::size_t>(d);
    x.push_back(std::polar(1.0, 2 * M_PI * static_cast<double>(k) / d));
  }
  return x;
}

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
}  // namespace

template <class C>
TotalDegreeHomotopy<C>::TotalDegreeHomotopy(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                                            const NumericSystem* Gh)
    : F_(Fh),
      G_(Gh),
      m_(static_cast<int>(Fh.variables())),
      f_(static_cast<std::size_t>(m_)),
      J_(static_cast<std::size_t>(m_ * m_)),
      H_(static_cast<std::size_t>(m_)),
      A_(static_cast<std::size_t>(m_ * m_)),
      g_(Gh ? static_cast<std::size_t>(m_) : 0),
      Jg_(Gh ? static_cast<std::size_t>(m_ * m_) : 0),
      solver_(m_) {
  if (Gh && (Gh->variables() != Fh.variables() || Gh->degrees() != Fh.degrees()))
    throw std::invalid_argument("homotopy: the start system's variables or degrees differ from the target's");
  for (const auto& a : patch) patch_.emplace_back(R(a.real()), R(a.imag()));
  for (int i = 0; i + 1 < m_; ++i) {
    const Complex g = gamma * Fh.coefficient_norm(static_cast<std::size_t>(i));
    gamma_.emplace_back(R(g.real()), R(g.imag()));
  }
}

template <class C>
std::vector<C> TotalDegreeHomotopy<C>::start_on_patch(const ComplexVector& start) const {
  std::vector<C> x;
  for (const auto& z : start) x.emplace_back(R(z.real()), R(z.imag()));
  x.emplace_back(R(1));
  C a = C(R(0));
  for (int j = 0; j < m_; ++j) a += patch_[static_cast<std::size_t>(j)] * x[static_cast<std::size_t>(j)];
  for (auto& z : x) z /= a;
  return x;
}

template <class C>
template <class T>
void TotalDegreeHomotopy<C>::evaluate(const std::vector<C>& x, const T& t, C* H, C* Hx, C* Ht) {
  const int n = m_ - 1;
  F_.evaluate_generic(x.data(), f_.data(), J_.data());
  const auto& d = F_.degrees();
  const R one(1);
  if (G_) {
    G_->evaluate_generic(x.data(), g_.data(), Jg_.data());
    for (int i = 0; i < n; ++i) {
      const C gamma = gamma_[static_cast<std::size_t>(i)];
      H[i] = gamma * t * g_[i] + (one - t) * f_[i];
      if (Ht) Ht[i] = gamma * g_[i] - f_[i];
      for (int j = 0; j < m_; ++j) {
        const auto k = static_cast<std::size_t>(i * m_ + j);
        Hx[k] = (one - t) * J_[k] + gamma * t * Jg_[k];
      }
    }
  }
  for (int i = 0; i < n && !G_; ++i) {
    const C xi = power(x[i], d[i] - 1), xh = power(x[n], d[i] - 1);
    const C g = xi * x[i] - xh * x[n];
    const C gamma = gamma_[static_cast<std::size_t>(i)];
    H[i] = gamma * t * g + (one - t) * f_[i];
    if (Ht) Ht[i] = gamma * g - f_[i];
    for (int j = 0; j < m_; ++j) Hx[i * m_ + j] = (one - t) * J_[static_cast<std::size_t>(i * m_ + j)];
    Hx[i * m_ + i] += gamma * t * R(d[i]) * xi;
    Hx[i * m_ + n] -= gamma * t * R(d[i]) * xh;
  }
  C patch_value = C(R(-1));
  for (int j = 0; j < m_; ++j) {
    patch_value += patch_[j] * x[j];
    Hx[n * m_ + j] = patch_[j];
  }
  H[n] = patch_value;
  if (Ht) Ht[n] = C(R(0));
}

template <class C>
template <class T>
bool TotalDegreeHomotopy<C>::velocity(const std::vector<C>& x, const T& t, std::vector<C>& v) {
  evaluate(x, t, H_.data(), A_.data(), v.data());
  if (!solver_.solve(A_.data(), v.data(), m_)) return false;
  for (auto& z : v) z = -z;
  return true;
}

template <class C>
template <class T>
double TotalDegreeHomotopy<C>::newton(std::vector<C>& x, const T& t) {
  using std::abs;
  evaluate(x, t, H_.data(), A_.data(), nullptr);
  if (!solver_.solve(A_.data(), H_.data(), m_)) return -1;
  double step = 0;
  for (int i = 0; i < m_; ++i) {
    x[i] -= H_[i];
    step = std::max(step, static_cast<double>(abs(H_[i])));
  }
  return step;
}

template class TotalDegreeHomotopy<Complex>;
template class TotalDegreeHomotopy<std::complex<Real>>;
#define LANDSCAPE_INSTANTIATE(C, T)                                                        \
  template void TotalDegreeHomotopy<C>::evaluate<T>(const std::vector<C>&, const T&, C*, C*, C*); \
  template bool TotalDegreeHomotopy<C>::velocity<T>(const std::vector<C>&, const T&, std::vector<C>&); \
  template double TotalDegreeHomotopy<C>::newton<T>(std::vector<C>&, const T&);
LANDSCAPE_INSTANTIATE(Complex, double)
LANDSCAPE_INSTANTIATE(Complex, Complex)
LANDSCAPE_INSTANTIATE(std::complex<Real>, Real)
#undef LANDSCAPE_INSTANTIATE

}  // namespace landscape::algebra
