// Horner's rule for p(z) = c0 + c1 z + ... + cl z^l (coefficients lowest first), for any ring
// element type T: FLINT polynomials and fractions, jets, MPFR Reals, doubles. The one place in
// algebra/ where a polynomial in one variable is evaluated.
#pragma once

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

namespace landscape::algebra {

namespace horner_detail {
template <class T, std::size_t... I>
std::array<T, sizeof...(I)> filled(const T& value, std::index_sequence<I...>) {
  return {{(static_cast<void>(I), value)...}};
}
}  // namespace horner_detail

// {p(z), p'(z), ..., p^(Order)(z)} (the derivatives themselves, not divided by k!), by running
// Horner's rule on the value and its derivatives together: p_k^(d) = z p_{k+1}^(d) + d
// p_{k+1}^(d-1). `zero` is T's zero (for types such as Poly that need a context to make one);
// `coefficients` must not be empty.
template <std::size_t Order, class T>
std::array<T, Order + 1> horner_derivatives(const std::vector<T>& coefficients, const T& z, const T& zero) {
  auto s = horner_detail::filled(zero, std::make_index_sequence<Order + 1>{});
  s[0] = coefficients.back();
  for (std::size_t k = coefficients.size() - 1; k-- > 0;) {
    if constexpr (Order > 0)
      for (std::size_t d = Order; d >= 1; --d) s[d] = s[d] * z + T(static_cast<long>(d)) * s[d - 1];
    s[0] = s[0] * z + coefficients[k];
  }
  return s;
}

// p(z); `coefficients` already converted to T and not empty.
template <class T>
T horner(const std::vector<T>& coefficients, const T& z) {
  return horner_derivatives<0>(coefficients, z, coefficients.back())[0];
}

}  // namespace landscape::algebra
