// The zero-loss polynomial system of a polynomial-activation network (Liao & Poggio 2017, App. A) and
// its critical-point system, built exactly with FLINT.
//
// For data x_1..x_N with labels y_1..y_N in Q^dL, the unknowns are the K parameters in the
// shared order and the equations are F_{i,k}(w) = f_k(x_i; w) - y_{i,k} (i-major: all outputs of
// point 1, then point 2, ...). The critical-point system is grad_w sum_{i,k} F_{i,k}^2 = 0.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

struct PolynomialSystem {
  std::shared_ptr<PolyRing> ring;  // one variable per parameter, named as in ParameterLayout
  std::vector<Poly> equations;
};

// The polynomial ring of a network's parameters, variables named w1_1_1, b1_1, ...
std::shared_ptr<PolyRing> parameter_ring(const NetSpec& net);

// f(x_i; w) as polynomials in the parameters, one vector of dL outputs per input. Throws
// InputError if the activation is not a polynomial.
std::vector<std::vector<Poly>> output_polynomials(const NetSpec& net, const RationalMatrix& inputs,
                                                  const std::shared_ptr<PolyRing>& ring,
                                                  const std::map<std::size_t, Rational>& fixed = {});

PolynomialSystem zero_loss_system(const NetSpec& net, const RationalMatrix& inputs,
                                  const RationalMatrix& labels);

// The same with some parameters fixed (index in the shared order -> value): the ring has only the
// free parameters, in the shared order. This is how a net system is made square (K' = N dL).
PolynomialSystem zero_loss_system(const NetSpec& net, const RationalMatrix& inputs,
                                  const RationalMatrix& labels,
                                  const std::map<std::size_t, Rational>& fixed);

// grad_w sum F^2 = 2 sum_i F_i dF_i/dw_k, k = 1..K. Its size grows like the square of the
// zero-loss system's: meant for small networks.
PolynomialSystem critical_point_system(const PolynomialSystem& zero_loss);

// Exact network outputs f(x_i; teacher) over Q: labels for which `teacher` has zero loss.
RationalMatrix teacher_labels(const NetSpec& net, const RationalMatrix& inputs,
                              const std::vector<Rational>& teacher);

// Degrees, term counts and the Bezout bound of a system.
struct SystemSummary {
  std::size_t unknowns = 0;
  std::size_t equations = 0;
  std::vector<long> degrees;      // total degree of each equation (-1 for the zero polynomial)
  std::vector<long> terms;        // number of terms of each equation
  std::size_t total_terms = 0;
  std::size_t zero_equations = 0;  // identically zero equations (they constrain nothing)
  std::string bezout_bound;       // product of the degrees of the non-zero equations, exact
  double log10_bezout = 0;
  double log10_shub_smale = 0;    // log10 of sqrt(Bezout): Shub-Smale's estimate of real roots
  long expected_dimension = 0;    // unknowns - equations (may be negative)
  std::string summary() const;    // one line
};

SystemSummary summarize(const PolynomialSystem& system);

// The exact Bezout number of equations with the given degrees, as a decimal string.
std::string product_of_degrees(const std::vector<long long>& degrees);

}  // namespace landscape::algebra
