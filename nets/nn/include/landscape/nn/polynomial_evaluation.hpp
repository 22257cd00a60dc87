// Floating-point evaluation of a polynomial activation poly:c0,...,cl@A (spec/activation.hpp) in the
// Chebyshev basis of [-A, A], where it is stable, and an a-priori bound on its rounding error.
//
// In the monomial basis the coefficients of a ReLU approximation grow like (1+sqrt2)^l and cancel:
// float32 Horner is wrong by ~0.08 at degree 24. In the Chebyshev basis the coefficients b_k are
// ~ 1/k^2 and Clenshaw's recurrence is backward stable (Elliott 1968; Barrio 2002, "Rounding
// error bounds for the Clenshaw and Forsythe algorithms for the evaluation of orthogonal
// polynomial series", J. Comput. Appl. Math. 138).
#pragma once

#include <string>
#include <vector>

#include "landscape/spec/activation.hpp"

namespace landscape::nn {

// p(z) = sum_k b_k T_k(z / A): b_k computed exactly from the rational monomial coefficients
// (Boost.Multiprecision rationals), then rounded to double (relative error <= 2^-53 + 2^-62).
struct ChebyshevForm {
  double interval = 1;                 // A, rounded to double
  bool interval_is_power_of_two = true;  // z / A is then exact
  std::vector<double> coefficients;    // b_0..b_l
};

// The form of a polynomial activation (computed once per activation name and cached; thread safe).
// InputError for a non-polynomial activation.
const ChebyshevForm& chebyshev_form(const Activation& activation);

// sum_k b_k T_k(z / A) by Clenshaw in double (the reference the torch evaluation follows).
double clenshaw(const ChebyshevForm& form, double z);

// Unit roundoff of a training dtype: float32 2^-24, float64 2^-53; FieldError("dtype") otherwise.
double unit_roundoff(const std::string& dtype);

// A proven bound on |computed - p(z)| for every z in [-A, A] that is a number of the dtype, when
// p is evaluated as modules.cpp does (x = z / A, Clenshaw with one rounding per +, -, *, the
// coefficients rounded to the dtype); see polynomial_evaluation.cpp for the derivation.
double clenshaw_error_bound(const ChebyshevForm& form, double unit_roundoff);

}  // namespace landscape::nn
