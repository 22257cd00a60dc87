// A set of distinct complex points with fast look-up (internal): monodromy's found solutions, the
// trace test's witnesses, the union of monodromy's patterns.
#pragma once

#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "complex_vectors.hpp"
#include "landscape/algebra/numeric_system.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

// Distinct points, two being the same when |x - y|_inf <= 1e-7 (1 + |x|_inf). Kept sorted by a
// random real projection r(x) = Re(c.x), |r(x) - r(y)| <= |c|_1 |x - y|_inf, so a look-up reads only
// the points whose projection is within |c|_1 times the tolerance (not the whole list, which made
// monodromy quadratic in the number of solutions).
class PointSet {
 public:
  explicit PointSet(std::size_t n) {
    SplitMix64 rng(0x706f696e74736574ULL);
    for (std::size_t i = 0; i < n; ++i) c_.emplace_back(2 * rng.uniform01() - 1, 2 * rng.uniform01() - 1);
    for (const auto& z : c_) c1_ += std::abs(z.real()) + std::abs(z.imag());
  }
  // Adds x unless it is already there; whether it was added.
  bool insert(const ComplexVector& x) { return locate(x).second; }
  // The number of x in the set (in the order found), and whether it was added just now.
  std::pair<std::size_t, bool> locate(const ComplexVector& x) {
    const double key = project(x), tol = 1e-7 * (1 + norm_inf(x));
    for (auto it = index_.lower_bound(key - c1_ * tol); it != index_.end() && it->first <= key + c1_ * tol; ++it)
      if (distance_inf(x, points_[it->second]) <= tol) return {it->second, false};
    index_.emplace(key, points_.size());
    points_.push_back(x);
    return {points_.size() - 1, true};
  }
  const std::vector<ComplexVector>& points() const { return points_; }

 private:
  double project(const ComplexVector& x) const {
    Complex r = 0;
    for (std::size_t i = 0; i < x.size(); ++i) r += c_[i] * x[i];
    return r.real();
  }
  ComplexVector c_;
  double c1_ = 0;
  std::multimap<double, std::size_t> index_;
  std::vector<ComplexVector> points_;  // in the order found
};

}  // namespace landscape::algebra
