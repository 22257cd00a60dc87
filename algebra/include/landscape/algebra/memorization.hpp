// Cooper's memorization construction (Cooper 2018, Lemma 3.3, Corollary 3.4, Remark 4.2): weights
// of a fully connected net with a rectified activation that fit N distinct points exactly.
//
// Lemma 3.3 (one hidden layer of width >= N): project the inputs on a vector a with distinct
// values t_i = a.x_i, sort them, and give hidden unit j the pre-activation lambda (t - m_j) with
// m_1 < t_(1) < m_2 < t_(2) < ... < m_N < t_(N). Then A_ij = sigma(lambda (t_(i) - m_j)) vanishes
// for i < j and is positive on the diagonal: A is lower triangular and invertible, and the
// output weights V = A^{-1} Y fit every label. lambda = 2 / (smallest gap) keeps the diagonal at
// sigma(>= 1), so A is well conditioned.
// Corollary 3.4 (L hidden layers, the last of width >= N): the first unit of each earlier layer
// carries the projection forward, rescaled into [1, 2] before each activation (sigma is
// increasing on z > 0, so the values stay distinct and ordered); the other units are switched
// off (zero weights and bias: sigma(0) = 0).
// Remark 4.2 (dL outputs): one hidden layer serves every output, V = A^{-1} Y column by column.
//
// Arithmetic is MPFR with `digits` decimal digits plus guard digits, raised until the largest
// residual is below 10^-(digits - 10) (the output layer cancels large terms); the projection and
// the ordering are exact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/multiprecision.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

struct MemorizationResult {
  std::vector<Real> parameters;  // in the shared parameter order
  std::vector<long> projection;  // the integer vector a
  unsigned digits = 0;           // requested: the residual must be below 10^-(digits - 10)
  unsigned working_digits = 0;   // used: digits plus the guard digits the cancellation needed
  std::uint64_t seed = 0;
  Real max_abs_residual;         // max |f_k(x_i) - y_{i,k}| at the constructed weights
  long jacobian_rank = 0;        // numerical rank of dF/dw at those weights
  double log10_rank_gap = 0;     // separation of the Jacobian's singular values (log10 ratio)
  std::string summary(const NetSpec& net, std::size_t points) const;
};

// Throws InputError when the construction does not apply: an activation that is not rectified,
// duplicate inputs, a last hidden layer narrower than N, labels of the wrong shape, no hidden
// layer, or no biases. `digits` sets the working precision for the call (plus guard digits);
// the returned Reals carry it.
MemorizationResult memorize(const NetSpec& net, const RationalMatrix& inputs,
                            const RationalMatrix& labels, unsigned digits, std::uint64_t seed = 0);

}  // namespace landscape::algebra
