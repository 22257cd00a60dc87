// Sizes and distances of complex points (double or MPFR complex), shared by the path trackers,
// the endgame, the endpoint clustering, monodromy, certification and the symmetry orbits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace landscape::algebra {

// max_i |v_i|, as a double.
template <class C>
double norm_inf(const std::vector<C>& v) {
  using std::abs;
  double m = 0;
  for (const auto& z : v) m = std::max(m, static_cast<double>(abs(z)));
  return m;
}

// max_i |a_i - b_i| over the common length.
template <class C>
double distance_inf(const std::vector<C>& a, const std::vector<C>& b) {
  using std::abs;
  double d = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d = std::max(d, static_cast<double>(abs(a[i] - b[i])));
  return d;
}

// Every imaginary part within `tolerance` (1 + |x|_inf).
template <class C>
bool is_real_point(const std::vector<C>& x, double tolerance) {
  using std::abs;
  const double scale = 1 + norm_inf(x);
  for (const auto& z : x)
    if (static_cast<double>(abs(z.imag())) > tolerance * scale) return false;
  return true;
}

}  // namespace landscape::algebra
