// Activation functions as a description shared by the algebra and LibTorch.
//
// Spelled as on the command line:
//   poly:c0,c1,...,cl  sigma(z) = c0 + c1 z + ... + cl z^l, exact rational coefficients
//   square             poly:0,0,1
//   relu               max(0, z)
//   smoolu             0 for z <= 0, z * exp(-1/z) for z > 0  (C-infinity, rectified)
//   softplus           log(1 + exp(z))
//   rectpow:k          max(0, z)^k  (a rectified polynomial spline; k >= 1)
// Only `poly` and `square` are polynomials; the algebra refuses the others with a clear error.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "landscape/spec/error.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape {

enum class ActivationKind { Polynomial, ReLU, SmooLU, Softplus, RectifiedPower };

struct Activation {
  ActivationKind kind = ActivationKind::Polynomial;
  std::string name;                   // as given, e.g. "square" or "poly:0,1/2,1"
  std::vector<Rational> coefficients;  // Polynomial only: c0..cl, trailing zeros removed
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
        throw InputError("--act '" + text + "': rectpow:k needs an integer power k >= 1");
      a = a.with(ActivationKind::RectifiedPower);
      a.power = std::stoi(k);
      return a;
    }
    if (text.rfind("poly:", 0) == 0) {
      std::vector<Rational> coefficients;
      std::string list = text.substr(5);
      std::size_t start = 0;
      while (true) {
        const auto comma = list.find(',', start);
        const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos
                                                                                : comma - start);
        auto value = Rational::parse(item);
        if (!value)
          throw InputError("--act '" + text + "': coefficient '" + item +
                           "' is not a number (integer, decimal or p/q)");
        coefficients.push_back(*value);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return polynomial(text, coefficients);
    }
    throw InputError("--act '" + text +
                     "': unknown activation (expected poly:c0,...,cl, square, relu, smoolu, "
                     "softplus or rectpow:k)");
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
      throw InputError("--act '" + name +
                       "': a polynomial activation needs degree >= 1 (a non-zero c1..cl)");
    Activation a;
    a.kind = ActivationKind::Polynomial;
    a.name = name;
    a.coefficients = std::move(coefficients);
    return a;
  }
};

}  // namespace landscape
