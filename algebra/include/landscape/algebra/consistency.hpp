// Deciding whether a polynomial system has a complex solution (Hilbert's Nullstellensatz, seed
// 000 App. A.2: inconsistent iff 1 is in the ideal), by a Groebner basis computed with an
// established implementation: Calcium's Buchberger algorithm (fmpz_mpoly_buchberger_naive,
// Debian's libcalcium-dev), on the primitive integer multiples of the equations, in
// degree-reverse-lexicographic order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

struct ConsistencyLimits {
  long basis_length = 2000;    // polynomials in the basis
  long polynomial_length = 20000;  // terms of one polynomial
  long coefficient_bits = 20000;
};

struct ConsistencyResult {
  std::optional<bool> consistent;  // nullopt: the limits were reached before a decision
  std::string certificate;         // how it was decided
  long basis_length = 0;
};

ConsistencyResult decide_consistency(const PolynomialSystem& system, const ConsistencyLimits& limits = {});

// The shortcut for labels made by a teacher: if the system vanishes exactly at `point`, it is
// consistent, and the point is the certificate.
bool vanishes_at(const PolynomialSystem& system, const std::vector<Fraction>& point);

}  // namespace landscape::algebra
