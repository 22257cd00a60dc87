// The zero-loss set of a polynomial network (Liao & Poggio 2017, App. A; Cooper 2018, Thm 2.1):
// its polynomial system's degrees, terms and Bezout bound beside the closed forms, and its
// dimension — the Jacobian's rank exactly over Q at a teacher point and generically modulo a
// large prime, the local dimension K - rank against K - N*dL, and the functional dimension.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/experiments/output.hpp"
#include "landscape/experiments/zero_loss_points.hpp"

namespace landscape::experiments {

struct SystemReport : ProtocolResult {
  algebra::PolynomialSystem system;                    // f(x_i; w) - y_i
  std::optional<algebra::PolynomialSystem> critical;   // grad sum F^2, when asked for
  std::string text;                                    // the report for people, a few lines
};

// Builds the system (and, with `critical`, the critical-point system) and describes both.
SystemReport zero_loss_system_report(const ZeroLossProblem& problem, bool critical);

struct DimensionOptions {
  ZeroLossProblem problem;
  std::optional<std::vector<Rational>> teacher;  // a point of the zero-loss set (exact rank there)
  std::uint64_t seed = 0;                        // the random points of the generic ranks
  bool functional_by_coefficients = false;       // exact over Q (small nets) instead of modulo p
};

ProtocolResult zero_loss_dimension(const DimensionOptions& options);

}  // namespace landscape::experiments
