// Li et al. 2018 Section 6 and Table 2: several architectures trained with the same recipe, the
// table of their final losses and errors, and a 2-D contour plot around each minimizer along two
// random filter-normalized directions (Figs. 5 and 6). Runs already in DIR/MODEL (trained
// elsewhere, e.g. on a GPU, with the same options) are finished or read, not retrained: the
// table then aggregates them.
//
// DIR/MODEL are run directories, DIR/2d-MODEL the contour plots, DIR/table.csv (model,
// parameters, epochs, train_loss, train_error, test_loss, test_error, diverged), DIR/summary.json.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct ArchitecturesOptions {
  nn::TrainConfig base;             // every run's training (the model set per run)
  std::vector<std::string> models;  // at least one, no repeats (kModelNames spellings)
  int surface_points = 0;           // contours on an N x N grid of [-1, 1]^2 (0: none; else 3..201)
  std::int64_t surface_samples = 0; // the contours on the first N training samples (0: all)
  std::string out_dir;              // required

  bool is_valid(std::string* error) const;
};

struct ArchitectureRow {
  std::string model, description;
  std::int64_t parameters = 0;
  int epochs = 0;
  double train_loss = 0, train_error = 0, test_loss = 0, test_error = 0;
  bool diverged = false;
};

struct ArchitecturesResult : ProtocolResult {
  std::vector<ArchitectureRow> rows;  // in the order of `models`
};

ArchitecturesResult run_architectures(const ArchitecturesOptions& options, std::ostream* log);

}  // namespace landscape::experiments
