#include "landscape/algebra/relu_approximation.hpp"

#include <flint/fmpq_poly.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/horner.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::algebra {

namespace {

// RAII for fmpq_poly.
struct QPoly {
  QPoly() { fmpq_poly_init(p); }
  ~QPoly() { fmpq_poly_clear(p); }
  QPoly(const QPoly& o) {
    fmpq_poly_init(p);
    fmpq_poly_set(p, o.p);
  }
  QPoly& operator=(const QPoly&) = delete;
  fmpq_poly_t p;
};

// P_0..P_l (Legendre) or T_0..T_l (Chebyshev), exactly.
std::vector<QPoly> orthogonal_polynomials(int l, ApproximationBasis basis) {
  std::vector<QPoly> P(static_cast<std::size_t>(l + 1));
  fmpq_poly_one(P[0].p);
  if (l >= 1) fmpq_poly_set_coeff_si(P[1].p, 1, 1);
  QPoly a, b;
  for (int k = 1; k < l; ++k) {
    fmpq_poly_shift_left(a.p, P[static_cast<std::size_t>(k)].p, 1);  // u P_k
    if (basis == ApproximationBasis::Legendre) {
      // (k+1) P_{k+1} = (2k+1) u P_k - k P_{k-1}
      fmpq_poly_scalar_mul_si(a.p, a.p, 2 * k + 1);
      fmpq_poly_scalar_mul_si(b.p, P[static_cast<std::size_t>(k - 1)].p, k);
      fmpq_poly_sub(a.p, a.p, b.p);
      fmpq_poly_scalar_div_si(P[static_cast<std::size_t>(k + 1)].p, a.p, k + 1);
    } else {
      // T_{k+1} = 2 u T_k - T_{k-1}
      fmpq_poly_scalar_mul_si(a.p, a.p, 2);
      fmpq_poly_sub(P[static_cast<std::size_t>(k + 1)].p, a.p, P[static_cast<std::size_t>(k - 1)].p);
    }
  }
  return P;
}

}  // namespace

const char* to_string(ApproximationBasis basis) {
  return basis == ApproximationBasis::Legendre ? "legendre" : "chebyshev";
}

std::string ReluApproximation::activation() const {
  std::string s = "poly:";
  for (std::size_t k = 0; k < coefficients.size(); ++k) s += (k ? "," : "") + coefficients[k].text();
  return s;
}

double relu_sup_error(const std::vector<Rational>& coefficients, double a, double* argmax) {
  std::vector<double> c;
  for (const auto& r : coefficients) c.push_back(r.to_double());
  if (c.empty()) c.push_back(0.0);  // the zero polynomial
  auto error = [&](double x) { return std::abs(std::max(x, 0.0) - horner(c, x)); };
  const int samples = 200000;
  std::vector<std::pair<double, double>> values;  // (error, x)
  for (int i = 0; i <= samples; ++i) {
    const double x = -a + 2 * a * i / samples;
    values.emplace_back(error(x), x);
  }
  std::partial_sort(values.begin(), values.begin() + 5, values.end(), std::greater<>());
  double best = values[0].first, where = values[0].second;
  const double h = 2 * a / samples;
  for (int k = 0; k < 5; ++k) {  // golden-section search for a local maximum near each candidate
    double lo = std::max(-a, values[k].second - h), hi = std::min(a, values[k].second + h);
    const double g = (std::sqrt(5.0) - 1) / 2;
    for (int it = 0; it < 60; ++it) {
      const double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo);
      if (error(m1) < error(m2)) lo = m1; else hi = m2;
    }
    for (double x : {lo, hi, values[k].second})
      if (error(x) > best) {
        best = error(x);
        where = x;
      }
  }
  if (argmax) *argmax = where;
  return best;
}

ReluApproximation relu_approximation(const Rational& interval, int degree, ApproximationBasis basis) {
  if (degree < 1 || degree > 200) throw InputError("relu approximation: the degree must be in 1..200");
  if (!(interval.to_double() > 0)) throw InputError("relu approximation: the interval a must be positive");
  const auto P = orthogonal_polynomials(degree, basis);
  // p(u) approximating relu(u) on [-1, 1], coefficients in the monomial basis of u.
  std::vector<Fraction> u_coefficients(static_cast<std::size_t>(degree + 1), Fraction(0));
  u_coefficients[1] = Fraction(1, 2);  // u / 2 is in the space for degree >= 1
  if (basis == ApproximationBasis::Legendre) {
    QPoly integrand, antiderivative;
    fmpq_t value, coefficient;
    fmpq_init(value);
    fmpq_init(coefficient);
    for (int k = 0; k <= degree; k += 2) {
      // c_k = (2k + 1) int_0^1 u P_k(u) du; the series of |u|/2 adds c_k / 2 P_k.
      fmpq_poly_shift_left(integrand.p, P[static_cast<std::size_t>(k)].p, 1);
      fmpq_poly_integral(antiderivative.p, integrand.p);
      fmpz_t one;
      fmpz_init_set_ui(one, 1);
      fmpq_poly_evaluate_fmpz(value, antiderivative.p, one);
      fmpz_clear(one);
      fmpq_mul_si(value, value, 2 * k + 1);
      fmpq_mul(value, value, Fraction(1, 2).get());
      for (int j = 0; j <= k; ++j) {
        fmpq_poly_get_coeff_fmpq(coefficient, P[static_cast<std::size_t>(k)].p, j);
        fmpq_mul(coefficient, coefficient, value);
        u_coefficients[static_cast<std::size_t>(j)] = u_coefficients[static_cast<std::size_t>(j)] + Fraction(coefficient);
      }
    }
    fmpq_clear(value);
    fmpq_clear(coefficient);
  } else {
    // |u|/2 ~ 1/pi + (2/pi) sum_{k >= 1, 2k <= l} (-1)^(k+1) T_2k(u) / (4k^2 - 1), in MPFR, then rounded.
    // The monomial coefficients of T_2k grow like 2^2k and cancel: carry enough digits.
    PrecisionScope precision(static_cast<unsigned>(40 + degree));
    const Real pi = boost::multiprecision::acos(Real(-1));
    std::vector<Real> c(static_cast<std::size_t>(degree + 1), Real(0));
    c[0] = 1 / pi;
    fmpq_t t;
    fmpq_init(t);
    for (int k = 1; 2 * k <= degree; ++k) {
      const Real weight = Real(2 * (k % 2 ? 1 : -1)) / (pi * Real(4 * k * k - 1));
      for (int j = 0; j <= 2 * k; ++j) {
        fmpq_poly_get_coeff_fmpq(t, P[static_cast<std::size_t>(2 * k)].p, j);
        c[static_cast<std::size_t>(j)] += weight * Real(Fraction(t).to_string().c_str());  // integers
      }
    }
    fmpq_clear(t);
    for (int j = 0; j <= degree; ++j) {
      if (j == 1) continue;  // u/2, exact
      const auto r = Rational::parse(c[static_cast<std::size_t>(j)].str(20, std::ios_base::scientific));
      u_coefficients[static_cast<std::size_t>(j)] = Fraction(*r);
    }
  }
  // p(x) = a p(x / a): the coefficient of x^j is a^(1 - j) times that of u^j.
  ReluApproximation result;
  result.basis = basis;
  result.degree = degree;
  const Fraction a(interval);
  Fraction inverse_a_power(1);  // a^(-j)
  fmpq_t inv;
  fmpq_init(inv);
  fmpq_inv(inv, a.get());
  const Fraction inverse_a(inv);
  fmpq_clear(inv);
  for (int j = 0; j <= degree; ++j) {
    const Fraction cj = u_coefficients[static_cast<std::size_t>(j)] * a * inverse_a_power;
    result.coefficients.push_back(*Rational::parse(cj.to_string()));
    inverse_a_power = inverse_a_power * inverse_a;
  }
  // Trailing zeros (odd degrees above 1 add nothing): the degree is that of the polynomial.
  while (result.coefficients.size() > 2 && result.coefficients.back().numerator() == "0")
    result.coefficients.pop_back();
  result.sup_error = relu_sup_error(result.coefficients, interval.to_double(), &result.argmax);
  return result;
}

}  // namespace landscape::algebra
