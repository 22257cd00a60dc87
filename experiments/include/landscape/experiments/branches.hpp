// Liao & Poggio 2017, Figs. 3/8 and 4/14. Stages (Figs. 3/8): a main run in stages; at the start
// of each later stage, K branches from the previous stage's endpoint, perturbed layer-wise (sigma =
// c x the tensor's weight standard deviation, or x its mean magnitude), trained beside the
// unperturbed continuation and R - 1 unperturbed repeats (other data orders). Branch points
// (Figs. 4/14): one main run of base.epochs; at each given epoch (0: the initialization), K
// perturbed branches and R - 1 repeats from the main run's weights there, each trained to the end.
// The MDS (1 - cos) of all weights or of one layer, points labelled by training error or epoch. In
// full-batch mode (gradient descent), also the epoch-wise interpolation between every branch and
// the main run.
//
// Stages: DIR/stageS/main, DIR/stageS/branchK, DIR/stageS/repeatR; branch points: DIR/main,
// DIR/fromE/branchK, DIR/fromE/repeatR (run directories). Figures DIR/mds, DIR/curves-error,
// DIR/curves-loss; in full-batch mode DIR/interpolation-stageS (branch 1) and
// DIR/interpolation-stageS-branchK (K >= 2), or DIR/interpolation-fromE-branchK (JSON:
// stages.S.interpolation for branch 1 as before, interpolations.stageS.branchK or
// interpolations.fromE.branchK for every branch; stages.S and branch_points.E hold runs only),
// and the SGD
// reference run DIR/sgd (JSON sgd_reference, test_error_full_batch, test_error_sgd). DIR/mds.csv
// (group, run, epoch, train_error, mds1, mds2) and DIR/summary.json. A protocol started again
// with the same options finishes its runs.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct BranchesOptions {
  nn::TrainConfig base;      // every run's training (epochs: per stage; out_dir is ignored)
  int stages = 3;            // 1..100 (1 with branch_epochs)
  int branches = 2;          // perturbed branches per stage or branch point, 0..100
  int repeats = 1;           // unperturbed runs per stage or branch point (the main one included), 1..100
  std::vector<int> branch_epochs;  // empty: stages; else branch points, epochs of the main run in 0..epochs - 1
  double sigma = 0.1;        // the perturbation size c, >= 0 (base.perturb_scale: std or magnitude)
  bool full_batch = false;   // Figs. 4/14: the interpolation per epoch (the base is trained as given)
  std::string layer = "all"; // the MDS of this parameter tensor (e.g. fc1.weight), or of all
  std::string labels = "error";  // MDS point labels: error (the training error there) or epoch
  std::int64_t sgd_batch = 128;  // full-batch mode: also an SGD run of this batch size from the same
                                 // initialization, as long as the main run (Fig. 4's caption: BGD
                                 // against SGD test error), DIR/sgd; 0: none
  std::string out_dir;       // required

  // Ceres' pattern: false with a message naming the field, its value and the rule.
  bool is_valid(std::string* error) const;
};

struct BranchesResult : ProtocolResult {
  int runs = 0;  // training runs: stages 1 + (S - 1)(K + R); branch points 1 + (number of points)(K + R - 1)
};

// Throws FieldError for invalid options, InputError for bad data or runs.
BranchesResult run_branches(const BranchesOptions& options, std::ostream* log);

}  // namespace landscape::experiments
