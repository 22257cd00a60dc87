// Lipton 2016: (a) runs from the same initialization with different data orders; (b) clones of a
// model pretrained for k epochs, continued with different data orders; (c) runs from different
// random initializations (seeds base.seed + r, on the same data). The distances between the
// solutions, their norms and distances from the start, and PCA of the solutions and of the
// trajectories sampled every k epochs.
//
// DIR/pretrained, DIR/same-init/runR, DIR/clones/runR and DIR/different-init/runR are run
// directories; DIR/pca-same-init, DIR/pca-clones and DIR/pca-different-init are figures;
// DIR/summary.json.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct LiptonOptions {
  nn::TrainConfig base;   // every run's training (out_dir is set per run)
  int runs = 4;           // runs per setting, 2..100
  int pretrain = 1;       // epochs of pretraining for the clones, 0..100000
  int every = 1;          // the trajectories' PCA on every k-th record (and the last), 1..100000 (Lipton: 10 epochs)
  std::string out_dir;    // required

  bool is_valid(std::string* error) const;
};

struct LiptonResult : ProtocolResult {
  double mean_distance_same_init = 0;  // mean pairwise distance between the solutions
  double mean_distance_clones = 0;
  double mean_distance_different_init = 0;
};

LiptonResult run_lipton(const LiptonOptions& options, std::ostream* log);

// Pairwise distances between the final points, their norms and each one's distance from its own
// start (starts[r]), with the means: {"pairwise", "mean_pairwise", "norms", "mean_norm",
// "from_start", "mean_from_start"}.
nlohmann::json distance_statistics(const std::vector<std::vector<double>>& finals, const std::vector<std::vector<double>>& starts);

}  // namespace landscape::experiments
