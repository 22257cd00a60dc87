// Polynomial approximations of ReLU on [-a, a] by degree (Liao & Poggio 2017, Section 3): the
// Legendre least-squares approximation (exact rational coefficients) and the truncated Chebyshev
// series, their sup-norm errors eps(l) and the activation text of each; OUT/relu_approx.csv
// (basis,degree,sup_error,argmax,activation,sup_error_lower,sup_error_upper,enclosure_converged:
// eps(l) is enclosed by Arb in [sup_error_lower, sup_error_upper], sup_error is the upper end;
// activation is the exact monomial poly:c0,...,cl), figures OUT/relu_approx_error (eps against l) and
// OUT/relu_approx_curves (ReLU with the lowest and highest degree's Legendre polynomial).
#pragma once

#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

// Degrees as "2..12" or "2,4,8", each in 1..200; FieldError("degrees") otherwise.
std::vector<int> parse_degrees(const std::string& text);

struct ReluTableOptions {
  std::string interval = "1";                       // a of [-a, a], a positive rational as text
  std::vector<int> degrees;                         // each 1..200, at least one
  bool legendre = true, chebyshev = true;           // which bases (at least one)
  std::string out_dir = "relu-approx";

  bool is_valid(std::string* error) const;
};

ProtocolResult relu_approximation_table(const ReluTableOptions& options);

}  // namespace landscape::experiments
