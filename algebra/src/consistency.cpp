#include "landscape/algebra/consistency.hpp"

#include "calcium_groebner.h"

namespace landscape::algebra {

ConsistencyResult decide_consistency(const PolynomialSystem& system, const ConsistencyLimits& limits) {
  ConsistencyResult r;
  const auto* zctx = system.ring->ctx()->zctx;
  std::vector<const fmpz_mpoly_struct*> F;
  for (const auto& eq : system.equations)
    if (!eq.is_zero()) F.push_back(eq.get()->zpoly);
  if (F.empty()) {
    r.consistent = true;
    r.certificate = "every equation is identically zero";
    return r;
  }
  slong length = 0;
  const int outcome = landscape_groebner_has_constant(F.data(), static_cast<slong>(F.size()), limits.basis_length,
                                                      limits.polynomial_length, limits.coefficient_bits, zctx, &length);
  r.basis_length = length;
  if (outcome < 0) {
    r.certificate = "undecided: the Groebner basis computation reached its limits";
  } else if (outcome == 1) {
    r.consistent = false;
    r.certificate = "Groebner basis (Calcium's Buchberger, grevlex) contains a non-zero constant: 1 is in the "
                    "ideal, no complex solution (Nullstellensatz)";
  } else {
    r.consistent = true;
    r.certificate = "Groebner basis (Calcium's Buchberger, grevlex) of " + std::to_string(length) +
                    " polynomials has no constant: 1 is not in the ideal, complex solutions exist";
  }
  return r;
}

bool vanishes_at(const PolynomialSystem& system, const std::vector<Fraction>& point) {
  for (const auto& eq : system.equations)
    if (!eq.evaluate(point).is_zero()) return false;
  return true;
}

}  // namespace landscape::algebra
