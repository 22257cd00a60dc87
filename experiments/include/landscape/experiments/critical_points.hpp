// The critical points of a polynomial network's regularized squared loss (Liao & Poggio 2017,
// Section 3, App. A.3, Proposition 1 and Corollary 1: the zero-loss minima are degenerate, the
// non-zero critical points need not be):
//
//   L(w) = 1/2 sum_i |f(x_i; w) - y_i|^2 + 1/2 sum_j lambda_j w_j^2,
//
// every complex solution of grad L = 0 by homotopy continuation or monodromy, certified; the real
// ones (proved real by Krawczyk) classified by their loss and the inertia of the Hessian: index
// (negative eigenvalues), nullity, kind (global minimum, local minimum, saddle of index k, local
// maximum), the signs proved in Arb over the Krawczyk box. With generic lambda_j the critical
// points are isolated and non-degenerate; lambda = 0 gives back the zero-loss set's positive
// dimension (singular endpoints, no table rows).
//
// DIR/critical-points.csv (one row per real critical point, ascending loss: loss, index, nullity,
// kind, proved, then the parameters by name); DIR/loss-index (the figure: loss against index);
// DIR/summary.json.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/experiments/zero_loss_points.hpp"

namespace landscape::experiments {

struct CriticalPointsOptions {
  ZeroLossProblem problem;              // a polynomial activation (InputError otherwise)
  std::string weight_decay = "random";  // "random": lambda_j = k_j / 1000, k_j in 100..999 from the seed;
                                        // or one rational lambda >= 0 for every parameter
  // "homotopy" (solve: polyhedral or total-degree start system), or "monodromy": loops in the
  // weight decays, once per coordinate pattern (without biases and with sigma(0) = 0: per set of
  // dead hidden units), certified by the trace test (solve_monodromy_by_patterns_certified;
  // every lambda_j > 0, InputError otherwise).
  std::string method = "homotopy";
  std::uint64_t seed = 0;               // gamma, the patch, random weight decay
  unsigned threads = 0;                 // 0: one per core
  std::size_t max_paths = 200000;       // refuse a larger start system (the Bezout number)
  std::string out_dir;                  // required

  bool is_valid(std::string* error) const;
};

struct CriticalPoint {
  std::vector<double> w;  // the parameters, in the shared order
  double loss = 0;
  int index = 0, nullity = 0;  // nullity: eigenvalues whose sign is not proved (0 when proved)
  bool proved = false;         // real by Krawczyk and every Hessian sign proved
  std::string kind;            // "global minimum", "local minimum", "saddle", "local maximum", "degenerate"
};

struct CriticalPointsResult : ProtocolResult {
  std::vector<CriticalPoint> real_points;  // ascending loss
};

// Throws FieldError for invalid options, InputError for a non-polynomial activation, and
// FieldError("max_paths") when the start system has more paths than max_paths.
CriticalPointsResult find_critical_points(const CriticalPointsOptions& options, std::ostream* log);

}  // namespace landscape::experiments
