// Cooper 2018 (Thm 2.1, Prop. 2.3) checked on what training finds: overparametrized smooth nets
// trained to zero loss on N exact points (the algebra's random data, `--dataset exact:...`),
// finished by Levenberg-Marquardt in float64; at each trained point the Hessian of the loss
// (dense, from Hessian-vector products) has nullity K - N*dL, separated from the non-zero
// eigenvalues by a gap; the Jacobian has rank N*dL. Also a ReLU row (the theorem's smoothness
// fails; reported as found) and Cooper's construction of the same data (exact algebra, MPFR).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

struct TrainedNullityOptions {
  std::vector<std::string> activations = {"smoolu", "softplus", "square"};  // smooth: the theorem's rows
  std::vector<int> widths = {8, 12, 16};  // hidden units (one hidden layer)
  int points = 6, inputs = 2, outputs = 1;  // N, d0, dL
  std::uint64_t seed = 1, label_seed = 2;   // the data: random:n=N,seed=S and random:seed=T labels
  bool relu = true;                         // also a ReLU row per width
  bool cooper = true;                       // also Cooper's construction (smoolu) per width >= N
  int epochs = 300;                         // full-batch Adam before Levenberg-Marquardt
  double lr = 0.01;
  int lm_steps = 200;
  unsigned cooper_digits = 60;
  std::string out_dir;                      // required: one run directory per row, summary.json, figure

  bool is_valid(std::string* error) const;
};

// details: "rows", one object per net with activation, width, parameters, points, outputs,
// final_loss, jacobian_rank, nullity, expected_nullity, gap (and the row's kind: trained or
// cooper; smooth trained rows also "algebra": the counts of the algebra's MPFR Hessian at the same
// weights on the exact rationals, zero below 1e-8), and "agrees" (every smooth trained row, in
// LibTorch and in the algebra, and every Cooper row has nullity = K - N*dL). A trained row with
// K <= N*dL, or whose fit did not reach zero loss, is outside Prop. 2.3: "decided" false, counted
// in "undecided", not against the claim.
ProtocolResult run_trained_nullity(const TrainedNullityOptions& options, std::ostream* log = nullptr);

}  // namespace landscape::experiments
