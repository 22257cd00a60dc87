// Forward-mode differentiation over any ring: a Jet carries a value and its gradient with
// respect to the K parameters. Pushing jets through `landscape::forward` gives the Jacobian of
// the network outputs, exactly over Q (Fraction) or modulo p (ModP), without building the
// polynomials.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace landscape::algebra {

template <class T>
struct Jet {
  T value;
  std::vector<T> gradient;  // d value / d parameter_k, k = 0..K-1

  // A constant: zero gradient of length `dimension`; `zero` is T's zero.
  static Jet constant(T value, std::size_t dimension, const T& zero) {
    return Jet{std::move(value), std::vector<T>(dimension, zero)};
  }
  // The k-th parameter, with value `value`: gradient e_k.
  static Jet variable(T value, std::size_t k, std::size_t dimension, const T& zero, const T& one) {
    Jet j = constant(std::move(value), dimension, zero);
    j.gradient[k] = one;
    return j;
  }

  friend Jet operator+(const Jet& a, const Jet& b) {
    Jet r{a.value + b.value, a.gradient};
    for (std::size_t k = 0; k < r.gradient.size(); ++k) r.gradient[k] = r.gradient[k] + b.gradient[k];
    return r;
  }
  friend Jet operator*(const Jet& a, const Jet& b) {
    Jet r{a.value * b.value, {}};
    r.gradient.reserve(a.gradient.size());
    for (std::size_t k = 0; k < a.gradient.size(); ++k)
      r.gradient.push_back(a.value * b.gradient[k] + b.value * a.gradient[k]);
    return r;
  }
};

}  // namespace landscape::algebra
