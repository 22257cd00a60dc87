// The 2018 slides' outliers: the largest Hessian eigenvalues at minima found with several batch
// sizes (after Sagun et al. 2017): how many stand out from the rest, against the number of
// classes, and how large they are, against the batch size.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct BatchOutliersOptions {
  nn::TrainConfig base;                              // every run's settings; batch_size set per run
  std::vector<std::int64_t> batches = {32, 128, 512, 2048};
  int top = 0;                                       // eigenvalues per minimum (0: twice the classes)
  std::int64_t samples = 0;                          // curvature on the first n training samples (0: all)
  double tolerance = 1e-4;                           // Lanczos, relative to the largest
  std::string out_dir;                               // required: run-bB per batch size, summary.json, figure

  bool is_valid(std::string* error) const;
};

// details: "rows" (per batch size: batch, epochs, final_train_error, final_test_error, top,
// residuals, outliers, gap, converged), "classes", "largest_vs_batch" (Spearman's rank correlation
// of the largest eigenvalue with the batch size), "outliers" (per run). The outliers of a run are
// the eigenvalues above the largest ratio between consecutive ones among its top eigenvalues.
ProtocolResult run_batch_outliers(const BatchOutliersOptions& options, std::ostream* log = nullptr);

}  // namespace landscape::experiments
