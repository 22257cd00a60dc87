#include "landscape/algebra/relu_approximation.hpp"

#include <flint/fmpq_poly.h>

#include <algorithm>
#include <cmath>

#include "landscape/algebra/flint_types.hpp"
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

double ReluApproximation::value(double x) const {
  QPoly p;
  for (std::size_t k = 0; k < coefficients.size(); ++k)
    fmpq_poly_set_coeff_fmpq(p.p, static_cast<slong>(k), Fraction(coefficients[k]).get());
  fmpq_t at, result;
  fmpq_init(at);
  fmpq_init(result);
  // A double is a dyadic rational, m 2^(e - 53) with an integer m: exact.
  int e = 0;
  const double m = std::frexp(x, &e);
  fmpq_set_si(at, static_cast<slong>(std::ldexp(m, 53)), 1);
  if (e >= 53) fmpq_mul_2exp(at, at, static_cast<ulong>(e - 53));
  else fmpq_div_2exp(at, at, static_cast<ulong>(53 - e));
  fmpq_poly_evaluate_fmpq(result, p.p, at);
  const double v = Fraction(result).to_double();
  fmpq_clear(at);
  fmpq_clear(result);
  return v;
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
    // |u|/2 ~ 1/pi + (2/pi) sum_{k >= 1, 2k <= l} (-1)^(k+1) T_2k(u) / (4k^2 - 1). pi makes the
    // series coefficients irrational: each is rounded to a rational of 40 significant digits and
    // the series expanded exactly, so the monomial polynomial is within sum_k 1e-40 |w_k| < 1e-40 of
    // the truncated series on [-1, 1] (|T_2k| <= 1). Rounding monomial coefficients instead (they
    // grow like (1+sqrt2)^l and cancel) would cost 10^(0.38 l - digits).
    PrecisionScope precision(60);
    const Real pi = boost::multiprecision::acos(Real(-1));
    auto rounded = [](const Real& w) { return Fraction(*Rational::parse(w.str(40, std::ios_base::scientific))); };
    u_coefficients[0] = rounded(1 / pi);
    fmpq_t t;
    fmpq_init(t);
    for (int k = 1; 2 * k <= degree; ++k) {
      const Fraction weight = rounded(Real(2 * (k % 2 ? 1 : -1)) / (pi * Real(4 * k * k - 1)));
      for (int j = 0; j <= 2 * k; j += 2) {
        fmpq_poly_get_coeff_fmpq(t, P[static_cast<std::size_t>(2 * k)].p, j);
        u_coefficients[static_cast<std::size_t>(j)] = u_coefficients[static_cast<std::size_t>(j)] + weight * Fraction(t);
      }
    }
    fmpq_clear(t);
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
  const auto enclosure = relu_sup_error(result.coefficients, interval);
  result.sup_error_lower = enclosure.lower;
  result.sup_error_upper = enclosure.upper;
  result.sup_error = enclosure.upper;
  result.argmax = enclosure.argmax;
  result.enclosure_converged = enclosure.converged;
  return result;
}

}  // namespace landscape::algebra
