// Certification of approximate solutions by the Krawczyk test in interval (ball) arithmetic
// with Arb: for a box X around an approximate solution c and Y ~ J(c)^-1,
//
//   K(X) = c - Y F(c) + (I - Y J(X)) (X - c),
//
// K(X) inside the interior of X proves that X contains exactly one solution of F, and that it
// is non-singular. F is evaluated from the exact rational coefficients of the system. Certified
// boxes that are pairwise disjoint prove that many distinct solutions; whatever cannot be
// certified is reported as undecided, never as wrong.
//
// Realness: the coefficients are rational, so the conjugate of a solution is a solution. A box
// centred on a real point (equal radii for real and imaginary parts) is closed under
// conjugation; if Krawczyk proves it holds exactly one solution, that solution is its own
// conjugate: real. A certified box that misses the real space (|Im c_j| > radius for some j)
// holds a non-real solution.
#pragma once

#include <vector>

#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

struct Certificate {
  bool certified = false;
  double radius = 0;  // half-width of the certified box (each real and imaginary part)
  bool real = false;      // certified real: a conjugation-closed box, centred on Re(point), certified
  bool non_real = false;  // certified non-real: the certified box misses the real space
};

// Krawczyk test around `point`, trying a few box radii; `precision` in bits. A certified point
// within 1e-6 max(1, |point|) of the real space, and not proved non-real, is also tried around
// Re(point), for `real`.
Certificate krawczyk_certify(const PolynomialSystem& system, const ComplexVector& point,
                             long precision = 128);

// An Arb enclosure of dF/dx (row-major midpoints and radii, real parts; the radii cover any
// imaginary part) over the real box centre +- radius, from the exact coefficients.
void jacobian_enclosure(const PolynomialSystem& system, const std::vector<double>& centre, double radius,
                        std::vector<double>& mid, std::vector<double>& rad, long precision = 128);

struct CertificationResult {
  std::size_t certified = 0;  // distinct solutions with disjoint certified boxes
  std::size_t undecided = 0;  // nonsingular solutions that could not be certified
  std::size_t certified_real = 0;      // of the certified ones, proved real
  std::size_t certified_non_real = 0;  // of the certified ones, proved non-real
  std::vector<Certificate> certificates;  // per entry of `solutions` (singular ones: uncertified)
};

// Certifies every non-singular solution and checks the certified boxes for overlaps (two
// overlapping boxes both become undecided).
CertificationResult certify_solutions(const PolynomialSystem& system,
                                      const std::vector<Solution>& solutions, long precision = 128);

}  // namespace landscape::algebra
