#include "landscape/nn/polynomial_evaluation.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>

#include "landscape/spec/error.hpp"

namespace landscape::nn {

namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

cpp_rational exact(const Rational& r) { return cpp_rational(cpp_int(r.numerator()), cpp_int(r.denominator())); }

// The nearest-ish double: 64 leading bits of |q| (truncated, relative error < 2^-62), then one
// correctly rounded conversion (2^-53).
double to_double(const cpp_rational& q) {
  if (q == 0) return 0;
  cpp_int num = abs(boost::multiprecision::numerator(q)), den = boost::multiprecision::denominator(q);
  const long shift = 64 - (static_cast<long>(msb(num)) - static_cast<long>(msb(den)));
  cpp_int quotient = shift >= 0 ? cpp_int((num << shift) / den) : cpp_int(num / (den << -shift));
  long exponent = -shift;
  while (msb(quotient) >= 64) {
    quotient >>= 1;
    ++exponent;
  }
  const double d = std::ldexp(static_cast<double>(static_cast<std::uint64_t>(quotient)), static_cast<int>(exponent));
  return q < 0 ? -d : d;
}

ChebyshevForm compute_form(const Activation& a) {
  a.require_polynomial("Chebyshev evaluation");
  const std::size_t n = a.coefficients.size();
  const cpp_rational A = exact(a.evaluation_interval);
  // z^j = A^j x^j and x^j = 2^(1-j) sum_i binom(j, i) T_{j-2i} (the T_0 term halved).
  std::vector<cpp_rational> b(n, cpp_rational(0));
  cpp_rational power(1);  // A^j
  for (std::size_t j = 0; j < n; ++j, power *= A) {
    if (a.coefficients[j].numerator() == "0") continue;
    const cpp_rational t = exact(a.coefficients[j]) * power;
    cpp_int binomial = 1;
    for (std::size_t i = 0; 2 * i <= j; ++i) {
      const std::size_t k = j - 2 * i;
      cpp_rational term = t * cpp_rational(binomial);
      if (j >= 1) term /= cpp_rational(cpp_int(1) << (j - 1));
      else term *= 2;
      if (k == 0) term /= 2;
      b[k] += term;
      binomial = binomial * (j - i) / (i + 1);
    }
  }
  ChebyshevForm form;
  form.interval = a.evaluation_interval.to_double();
  int exponent = 0;
  form.interval_is_power_of_two = std::frexp(form.interval, &exponent) == 0.5 &&
                                  exact(a.evaluation_interval) == cpp_rational(form.interval);
  for (const auto& bk : b) form.coefficients.push_back(to_double(bk));
  return form;
}

}  // namespace

const ChebyshevForm& chebyshev_form(const Activation& activation) {
  static std::mutex mutex;
  static std::map<std::string, ChebyshevForm> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(activation.name);
  if (it == cache.end()) it = cache.emplace(activation.name, compute_form(activation)).first;
  return it->second;
}

double clenshaw(const ChebyshevForm& form, double z) {
  const auto& c = form.coefficients;
  const double x = z / form.interval;
  double b1 = c.back(), b2 = 0;
  for (std::size_t k = c.size() - 1; k-- > 1;) {
    const double t = 2 * x * b1 - b2 + c[k];
    b2 = b1;
    b1 = t;
  }
  return x * b1 - b2 + c[0];
}

double unit_roundoff(const std::string& dtype) {
  if (dtype == "float32") return 0x1p-24;
  if (dtype == "float64") return 0x1p-53;
  throw FieldError("dtype", "'" + dtype + "': float32 or float64");
}

// The computation bounded (modules.cpp): x^ = fl(z / A) (exact when A is a power of two), b^_l = c^_l,
// b^_k = fl(fl(fl(2x^ b^_{k+1}) - b^_{k+2}) + c^_k) for k = l-1..1, y^ = fl(fl(fl(x^ b^_1) - b^_2) + c^_0),
// with c^_k the coefficients in the dtype (|c^_k - b_k| <= 2u |b_k|: exact -> double -> dtype).
// Each step is the exact step plus a local error e_k, |e_k| <= g3 (|2x^ b^_{k+1}| + |b^_{k+2}| + |c^_k|),
// g3 = 3u / (1 - 3u) (three roundings, Higham 2002, Lemma 3.1). The perturbed recurrence is solved
// exactly by b^_k = sum_{j >= k} (c^_j + e_j) U_{j-k}(x^), so y^ = sum_j (c^_j + e_j) T_j(x^) + e_0: the
// local errors reach the result through T_j, |T_j| <= 1 (Elliott 1968; Barrio 2002), and
// |b^_k| <= beta_k + D_k with beta_k = sum_{j >= k} |c^_j| (j - k + 1) (|U_m| <= m + 1) and
// D_k = sum_{j >= k} |e_j| (j - k + 1), computed from the top. When z / A is rounded, |x^| may
// exceed 1 by s = 4u: then |T_k(x^)| <= exp(s k^2) and |U_m(x^)| <= (m + 1) exp(s (m + 1)^2), the
// factor F below. Total, for z in [-A, A]:
//   F sum_k |e_k|  +  F 2u sum_k |b_k|  (coefficients)  +  s F sum_k k^2 |b_k|  (input, |T_k'| <= k^2)
// plus gradual underflow (4 (l + 1) times the smallest normal), times 1 + 1e-6 for the rounding of
// this very computation (O(l^2) double operations, relative error < 1e-11).
double clenshaw_error_bound(const ChebyshevForm& form, double u) {
  const auto& b = form.coefficients;
  const std::size_t n = b.size();
  const double s = form.interval_is_power_of_two ? 0.0 : 4 * u;
  const double F = std::exp(s * static_cast<double>((n + 1) * (n + 1)));
  const double g3 = 3 * u / (1 - 3 * u);
  std::vector<double> C(n + 2, 0.0), beta(n + 2, 0.0), E(n + 2, 0.0), D(n + 2, 0.0);
  for (std::size_t k = 0; k < n; ++k) C[k] = std::abs(b[k]) * (1 + 2 * u);
  for (std::size_t k = 1; k < n; ++k)
    for (std::size_t j = k; j < n; ++j) beta[k] += F * C[j] * static_cast<double>(j - k + 1);
  double local = 0;
  for (std::size_t k = n - 1; k >= 1; --k) {
    // b^_{l} = c^_l is exact up to the coefficient's rounding: no local error at k = l.
    E[k] = k + 1 == n ? 0.0 : g3 * (2 * (1 + s) * (beta[k + 1] + D[k + 1]) + beta[k + 2] + D[k + 2] + C[k]);
    for (std::size_t j = k; j < n; ++j) D[k] += F * E[j] * static_cast<double>(j - k + 1);
    local += E[k];
  }
  E[0] = g3 * ((1 + s) * (beta[1] + D[1]) + beta[2] + D[2] + C[0]);
  local += E[0];
  double sum = 0, sum_k2 = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sum += std::abs(b[k]);
    sum_k2 += std::abs(b[k]) * static_cast<double>(k * k);
  }
  const double smallest_normal = u < 1e-10 ? 2.3e-308 : 1.2e-38;
  const double bound = F * local + F * 2 * u * sum + s * F * sum_k2 + 4 * static_cast<double>(n + 1) * smallest_normal;
  return bound * (1 + 1e-6);
}

}  // namespace landscape::nn
