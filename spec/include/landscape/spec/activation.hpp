// Activation functions as a description shared by the algebra and LibTorch.
//
// Spelled (the `activation` field of options, weights files and results):
//   poly:c0,c1,...,cl  sigma(z) = c0 + c1 z + ... + cl z^l, exact rational coefficients
//   poly:c0,...,cl@A   the same polynomial, evaluated in floating point (LibTorch) in the Chebyshev
//                      basis of [-A, A] by Clenshaw, where it is stable (A > 0 rational; plain
//                      poly: has A = 1). The exact algebra ignores A: the polynomial is the same.
//   square             poly:0,0,1
//   relu               max(0, z)
//   smoolu             0 for z <= 0, z * exp(-1/z) for z > 0  (C-infinity, rectified)
//   softplus           log(1 + exp(z))
//   rectpow:k          max(0, z)^k  (a rectified polynomial spline; k >= 1)
// Only `poly` and `square` are polynomials; the algebra refuses the others with a clear error.
#pragma once

#include <array>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape {

enum class ActivationKind { Polynomial, ReLU, SmooLU, Softplus, RectifiedPower };

struct Activation {
  ActivationKind kind = ActivationKind::Polynomial;
  std::string name;                   // as given, e.g. "square" or "poly:0,1/2,1"
  std::vector<Rational> coefficients;  // Polynomial only: c0..cl, trailing zeros removed
  Rational evaluation_interval{1};     // Polynomial only: A of "@A", the floating-point evaluation's
                                       // interval [-A, A] (see above)
  int power = 1;                       // RectifiedPower only

  bool is_polynomial() const { return kind == ActivationKind::Polynomial; }

  // Rectified in Cooper's sense: zero for z <= 0, positive and increasing for z > 0.
  bool is_rectified() const {
    return kind == ActivationKind::ReLU || kind == ActivationKind::SmooLU ||
           kind == ActivationKind::RectifiedPower;
  }

  // Degree l of a polynomial activation (index of the last non-zero coefficient).
  int degree() const { return static_cast<int>(coefficients.size()) - 1; }

  // sigma(z) in double precision, for every kind.
  double operator()(double z) const {
    switch (kind) {
      case ActivationKind::Polynomial: {
        double r = 0.0;
        for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it)
          r = r * z + it->to_double();
        return r;
      }
      case ActivationKind::ReLU: return z > 0 ? z : 0.0;
      case ActivationKind::SmooLU: return z > 0 ? z * std::exp(-1.0 / z) : 0.0;
      case ActivationKind::Softplus: return z > 30 ? z : std::log1p(std::exp(z));
      case ActivationKind::RectifiedPower: return z > 0 ? std::pow(z, power) : 0.0;
    }
    return 0.0;
  }

  // Throws InputError naming `what` unless this is a polynomial of degree >= 1.
  void require_polynomial(const std::string& what) const {
    if (!is_polynomial())
      throw InputError(what + ": activation '" + name +
                       "' is not a polynomial; the algebra needs poly:c0,...,cl or square");
  }

  static bool is_zero(const Rational& r) { return r.numerator() == "0"; }

  // Parses the spelling above; FieldError("activation", ...) when it is not one.
  static Activation parse(const std::string& text) {
    Activation a;
    a.name = text;
    if (text == "square") return polynomial(text, {Rational(0), Rational(0), Rational(1)});
    if (text == "relu") return a.with(ActivationKind::ReLU);
    if (text == "smoolu") return a.with(ActivationKind::SmooLU);
    if (text == "softplus") return a.with(ActivationKind::Softplus);
    if (text.rfind("rectpow:", 0) == 0) {
      const std::string k = text.substr(8);
      if (k.empty() || k.size() > 2 || k.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(k) < 1)
        throw FieldError("activation", "'" + text + "': rectpow:k needs an integer power k >= 1");
      a = a.with(ActivationKind::RectifiedPower);
      a.power = std::stoi(k);
      return a;
    }
    if (text.rfind("poly:", 0) == 0) {
      const auto at = text.find('@');
      Rational interval(1);
      if (at != std::string::npos) {
        const auto value = Rational::parse(text.substr(at + 1));
        if (!value || !(value->to_double() > 0))
          throw FieldError("activation", "'" + text + "': the evaluation interval A of poly:...@A must be a positive number");
        interval = *value;
      }
      std::vector<Rational> coefficients;
      for (const auto& item : split(text.substr(5, at == std::string::npos ? std::string::npos : at - 5), ',')) {
        auto value = Rational::parse(item);
        if (!value)
          throw FieldError("activation", "'" + text + "': coefficient '" + item +
                                             "' is not a number (integer, decimal or p/q)");
        coefficients.push_back(*value);
      }
      Activation p = polynomial(text, coefficients);
      p.evaluation_interval = interval;
      return p;
    }
    throw FieldError("activation", "'" + text +
                                       "': unknown activation (expected poly:c0,...,cl, square, relu, "
                                       "smoolu, softplus or rectpow:k)");
  }

 private:
  Activation with(ActivationKind k) const {
    Activation a = *this;
    a.kind = k;
    return a;
  }
  static Activation polynomial(const std::string& name, std::vector<Rational> coefficients) {
    while (!coefficients.empty() && is_zero(coefficients.back())) coefficients.pop_back();
    if (coefficients.size() < 2)
      throw FieldError("activation",
                       "'" + name + "': a polynomial activation needs degree >= 1 (a non-zero c1..cl)");
    Activation a;
    a.kind = ActivationKind::Polynomial;
    a.name = name;
    a.coefficients = std::move(coefficients);
    return a;
  }
};

// A Rational in any floating type: double, or a multiprecision type constructible from a
// decimal C string (Boost.Multiprecision's mpfr numbers are).
template <class T>
T rational_to(const Rational& r) {
  if constexpr (std::is_floating_point_v<T>)
    return static_cast<T>(r.to_double());
  else
    return T(r.numerator().c_str()) / T(r.denominator().c_str());
}

// sigma(z), sigma'(z), sigma''(z) for any floating type T (double or multiprecision; exp, log and
// pow are found by argument-dependent lookup). At the kink of relu (z = 0) the derivatives
// of the right-hand side z > 0 are not taken: the left ones (0) are returned.
template <class T>
std::array<T, 3> activation_derivatives(const Activation& a, const T& z) {
  using std::exp;
  using std::log;
  using std::pow;
  const T zero(0), one(1);
  switch (a.kind) {
    case ActivationKind::Polynomial: {
      std::array<T, 3> r = {zero, zero, zero};  // Horner on value and two derivatives
      for (auto it = a.coefficients.rbegin(); it != a.coefficients.rend(); ++it) {
        r[2] = r[2] * z + T(2) * r[1];
        r[1] = r[1] * z + r[0];
        r[0] = r[0] * z + rational_to<T>(*it);
      }
      return r;
    }
    case ActivationKind::ReLU:
      return z > zero ? std::array<T, 3>{z, one, zero} : std::array<T, 3>{zero, zero, zero};
    case ActivationKind::SmooLU: {
      if (!(z > zero)) return {zero, zero, zero};
      // s = z e^{-1/z}; s' = e^{-1/z} (1 + 1/z); s'' = e^{-1/z} / z^3
      const T e = exp(-one / z);
      return {z * e, e * (one + one / z), e / (z * z * z)};
    }
    case ActivationKind::Softplus: {
      const T s = one / (one + exp(-z));  // sigmoid
      const T value = z > T(30) ? z + log(one + exp(-z)) : log(one + exp(z));
      return {value, s, s * (one - s)};
    }
    case ActivationKind::RectifiedPower: {
      if (!(z > zero)) return {zero, zero, zero};
      const int k = a.power;
      return {pow(z, k), T(k) * pow(z, k - 1), k >= 2 ? T(k * (k - 1)) * pow(z, k - 2) : zero};
    }
  }
  return {zero, zero, zero};
}

}  // namespace landscape
