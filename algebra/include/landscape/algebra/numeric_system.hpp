// A polynomial system compiled for fast evaluation at complex points: the "system" layer under
// the homotopies (homotopy.hpp, monodromy.hpp), in double precision or in MPFR.
#pragma once

#include <complex>
#include <cstddef>
#include <utility>
#include <vector>

#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

using Complex = std::complex<double>;
using ComplexVector = std::vector<Complex>;
using Exponent = std::vector<int>;     // of a term, one entry per variable
using Support = std::vector<Exponent>;  // the exponents of an equation's terms

// F and its Jacobian at complex points. With `homogenize`, equation i becomes
// x_h^{d_i} F_i(x / x_h) with the homogenizing variable x_h appended as the last one.
class NumericSystem {
 public:
  explicit NumericSystem(const PolynomialSystem& system, bool homogenize = false);
  // A system with complex double coefficients (the polyhedral start system): equation i is
  // sum_k coefficients[i][k] x^supports[i][k]; with `homogenize` it is homogenized to degrees[i]
  // (at least its own degree). In MPFR the coefficients are the doubles themselves, exactly.
  NumericSystem(const std::vector<Support>& supports, const std::vector<ComplexVector>& coefficients,
                const std::vector<int>& degrees, bool homogenize);

  std::size_t equations() const { return term_begin_.size() - 1; }
  std::size_t variables() const { return variables_; }
  const std::vector<int>& degrees() const { return degrees_; }

  // f[i] = F_i(x); J (row-major, equations x variables) = dF/dx. J may be null.
  void evaluate(const Complex* x, Complex* f, Complex* J) const;
  // The same for std::complex<R> with R double or an MPFR Real (coefficients from the exact
  // rationals, at the precision in force); instantiated for those two in numeric_system.cpp.
  template <class C>
  void evaluate_generic(const C* x, C* f, C* J) const;
  // scale[i] = sum over the terms of F_i and the variables of |d term / d x_j| at x: the size of
  // row i of the Jacobian before cancellation.
  void row_scales(const Complex* x, double* scale) const;
  // scale[i] = sum over the terms of F_i of |coefficient| prod max(1, |x_j|)^(a_j): what |F_i(x)|
  // is measured against (a relative residual that multiplying an equation by a constant leaves
  // alone, and that stays meaningful at x = 0).
  void value_scales(const Complex* x, double* scale) const;
  // The 2-norm of equation i's coefficient vector: the size of F_i, which the total-degree
  // homotopy gives its start equation so that scaling an equation does not change the paths.
  double coefficient_norm(std::size_t i) const;

 private:
  struct Term {
    Complex coefficient;
    int first_factor, factors;
  };
  std::size_t variables_ = 0;
  int max_degree_ = 0;
  std::vector<int> degrees_;
  std::vector<std::size_t> term_begin_;  // equation i: terms_[term_begin_[i] .. term_begin_[i+1])
  std::vector<Term> terms_;
  std::vector<std::pair<int, int>> factors_;  // (variable, exponent > 0)
  std::vector<Rational> exact_coefficients_;   // per term, for the multiprecision fallback (none:
                                               // the double coefficients are exact)
};

}  // namespace landscape::algebra
