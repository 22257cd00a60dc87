// Li et al. 2018, Section 5: small- and large-batch training, without and with weight decay; 1-D
// plots around each minimizer along a filter-normalized and an un-normalized random direction,
// side by side, with each run's test error. Sharpness = mean of L(-r), L(+r) minus L(0); the
// rank correlation (Spearman) of each sharpness with the test error says which one tracks it.
//
// Table 1 of Li et al. (experiment optimizer-grid) is the same protocol with SGD and Adam: eight runs,
// a table of train loss, test error and both sharpnesses, and each minimizer's 2-D contour plot
// along two random filter-normalized directions (Figs. 3 and 15).
//
// DIR/bB and DIR/bB-wd are run directories (DIR/OPTIMIZER-bB[-wd] with several optimizers);
// DIR/1d-filter-normalized and DIR/1d-unnormalized are figures, DIR/2d-RUN the contour plots,
// DIR/weight-norms the norm |w| per epoch of every run (Fig. 10), DIR/weight-histograms the
// histograms of their final weights on common bins (Fig. 2);
// DIR/table.csv (optimizer, batch_size, weight_decay, train_loss, train_error, test_error,
// sharpness_filter, sharpness_none, weight_norm); DIR/summary.json.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct SharpFlatOptions {
  nn::TrainConfig base;                // every run's training (optimizer, batch size and weight decay set per run)
  std::vector<std::string> optimizers;  // sgd and/or adam (Table 1: both); empty: base.optimizer
  double adam_lr = 0.001;              // with optimizers listed: the Adam runs' learning rate (base.lr is SGD's)
  std::int64_t small_batch = 64;       // 0: full batch
  std::int64_t large_batch = 1024;     // 0: full batch
  double decay = 0.0005;               // the weight decay of the runs with decay, >= 0
  double radius = 0.5;                 // the sharpness radius r, > 0
  std::vector<double> alphas;          // the 1-D coordinates (at least 3, not all equal); empty: -1..1, 41 points
  int surface_points = 0;              // 2-D contours on an N x N grid of [-1, 1]^2 (0: none; else 3..201)
  std::string command = "experiment sharp-flat";  // what the result names (optimizer-grid)
  std::string out_dir;                 // required

  bool is_valid(std::string* error) const;
};

struct SharpFlatRun {
  std::string optimizer;
  std::int64_t batch_size = 0;
  double weight_decay = 0, train_loss = 0, train_error = 0, test_error = 0, sharpness_filter = 0, sharpness_none = 0;
};

struct SharpFlatResult : ProtocolResult {
  std::vector<SharpFlatRun> runs;  // per optimizer: small, large, small with decay, large with decay
  double spearman_filter = 0, spearman_none = 0;  // rank correlation of each sharpness with test error
};

SharpFlatResult run_sharp_flat(const SharpFlatOptions& options, std::ostream* log);

// Spearman's rank correlation of a and b (ties get their mean rank); NaN when either is constant.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace landscape::experiments
