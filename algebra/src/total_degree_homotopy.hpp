// The homotopy layer of the total-degree solver (internal; see homotopy.hpp for the layers): the
// start system G_i = x_i^{d_i} - x_h^{d_i}, its start solutions, and
//   H(x, t) = [gamma t |F_i| G_i(x) + (1 - t) F^h_i(x); a.x - 1]
// (|F_i| the 2-norm of F_i's coefficients: multiplying an equation by a constant leaves the
// paths unchanged)
// on the random affine patch a.x = 1, evaluated in double or MPFR complex arithmetic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dense_solver.hpp"
#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

// gamma = exp(2 pi i u) and the patch's n + 1 coefficients (real and imaginary parts uniform in
// [-1, 1]), drawn in that order from `seed`.
struct HomotopyParameters {
  Complex gamma;
  ComplexVector patch;
};
HomotopyParameters draw_homotopy_parameters(std::uint64_t seed, std::size_t variables);

// prod d_i: the number of start solutions (and paths), or nothing when it exceeds `limit` (checked
// arithmetic: 64 quadratics have 2^64 paths, which no size_t holds).
std::optional<std::size_t> start_solution_count(const std::vector<int>& degrees, std::size_t limit);
// Start solution number `index` < prod d_i: x_i = exp(2 pi i k_i / d_i) with (k_1, k_2, ...) the
// digits of `index` in the mixed radix (d_1, d_2, ...), k_1 the fastest.
ComplexVector start_solution(std::size_t index, const std::vector<int>& degrees);

// H on the patch, for the complex type C (std::complex<double> or std::complex<Real>; the
// latter at the precision in force when it is constructed). Rows i < n are
// gamma |F_i| t G_i(x) + (1 - t) F^h_i(x); row n is a.x - 1. x has n + 1 coordinates, x_n = x_h.
template <class C>
class TotalDegreeHomotopy {
 public:
  using R = typename C::value_type;
  // With `Gh` (a homogenized system of F's degrees, e.g. the polyhedral start system) it takes the
  // place of x_i^{d_i} - x_h^{d_i}.
  TotalDegreeHomotopy(const NumericSystem& Fh, Complex gamma, const ComplexVector& patch,
                      const NumericSystem* Gh = nullptr);
  int size() const { return m_; }

  // The affine start point (start, 1) scaled onto the patch.
  std::vector<C> start_on_patch(const ComplexVector& start) const;
  // H and H_x (row-major) at (x, t); also dH/dt if `Ht` is non-null. T is R (t real, the
  // tracker) or, for C = std::complex<double>, C (t complex, the Cauchy endgame's loops).
  template <class T>
  void evaluate(const std::vector<C>& x, const T& t, C* H, C* Hx, C* Ht);
  // dx/dt = -H_x^{-1} H_t; false if H_x is singular.
  template <class T>
  bool velocity(const std::vector<C>& x, const T& t, std::vector<C>& v);
  // One Newton step at fixed t, in place; returns |dx|_inf, or -1 if H_x is singular.
  template <class T>
  double newton(std::vector<C>& x, const T& t);

 private:
  const NumericSystem& F_;
  const NumericSystem* G_;
  std::vector<C> gamma_;  // gamma |F_i| per equation
  std::vector<C> patch_;
  int m_;
  std::vector<C> f_, J_, H_, A_, g_, Jg_;  // work space
  DenseSolver<C> solver_;
};

}  // namespace landscape::algebra
