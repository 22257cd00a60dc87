// The 2018 slides' "LB/SB with a twist" (after Sagun, Evci, Guney, Dauphin & Bottou 2017): train
// with a large batch, switch to a small batch at its end point and continue; then the loss along
// the line through the two end points w(t) = w_LB + t (w_SB - w_LB): t < 0 extends the line away
// from the LB solution, t > 1 away from the SB solution, t in [0, 1] runs between them.
//
// DIR/large and DIR/small are run directories; DIR/interpolation.csv, DIR/interpolation.h5 and the
// figures DIR/interpolation-loss, DIR/interpolation-acc are `landscape interpolate`'s files for
// the line; DIR/summary.json.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct BatchSwitchOptions {
  nn::TrainConfig base;               // both runs' training (epochs: the large-batch run's)
  std::int64_t large_batch = 1024;    // >= 1 (0: the full batch)
  std::int64_t small_batch = 64;      // >= 1
  int small_epochs = 5;               // the small-batch continuation, 1..100000
  std::vector<double> ts;             // points of the line (empty: -1, -0.9, ..., 2)
  std::int64_t samples = 0;           // the line on the first n samples of each set (0: all)
  std::string out_dir;                // required

  bool is_valid(std::string* error) const;
};

struct BatchSwitchResult : ProtocolResult {
  std::vector<double> t, train_loss;  // along the line
  double distance = 0;                // |w_SB - w_LB|
  double barrier = 0;                 // max over t in [0, 1] of L - max(L(LB), L(SB)) (0 when none)
  double rise_beyond_large = 0;       // L(min t) - L(LB): away from the LB solution
  double rise_beyond_small = 0;       // L(max t) - L(SB): away from the SB solution
};

// Throws FieldError for invalid options.
BatchSwitchResult run_batch_switch(const BatchSwitchOptions& options, std::ostream* log);

}  // namespace landscape::experiments
