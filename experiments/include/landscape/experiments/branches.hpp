// Liao & Poggio 2017, Figs. 3/8 and 4/14: a main run in stages; at the start of each stage, K
// branches from the previous stage's endpoint, perturbed layer-wise (sigma = c x the tensor's
// weight standard deviation), trained beside the unperturbed continuation; the MDS of all their
// weights (1 - cos). In full-batch mode (gradient descent), also the epoch-wise interpolation
// between each stage's first branch and its main run.
//
// DIR/stageS/main and DIR/stageS/branchK are run directories; DIR/mds, DIR/curves-error,
// DIR/curves-loss (and DIR/interpolation-stageS in full-batch mode) are figures; DIR/summary.json
// is the result. A protocol started again with the same options finishes its runs.
#pragma once

#include <iosfwd>
#include <string>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct BranchesOptions {
  nn::TrainConfig base;      // every run's training (epochs: per stage; out_dir is ignored)
  int stages = 3;            // 1..100
  int branches = 2;          // perturbed branches per stage, 0..100
  double sigma = 0.1;        // the perturbation size c, >= 0
  bool full_batch = false;   // Figs. 4/14: the interpolation per epoch (the base is trained as given)
  std::string out_dir;       // required

  // Ceres' pattern: false with a message naming the field, its value and the rule.
  bool is_valid(std::string* error) const;
};

struct BranchesResult : ProtocolResult {
  int runs = 0;  // training runs (1 in stage 1, 1 + branches in each later stage)
};

// Throws FieldError for invalid options, InputError for bad data or runs.
BranchesResult run_branches(const BranchesOptions& options, std::ostream* log);

}  // namespace landscape::experiments
