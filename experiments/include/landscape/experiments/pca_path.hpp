// PCA of a run's trajectory relative to its final point (Li et al. 2018, Section 7; Lipton 2016):
// the variance each component explains and the path's coordinates in the top two; with an output
// directory, the path drawn over the loss contours of that plane (a grid fitted to the path, with
// start and end marked): OUT/pca-path (figure) and OUT/pca-path.csv (epoch,pc1,pc2).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

struct PcaPathOptions {
  std::string run_dir;          // a run of nn::train; required, at least three trajectory records
  int components = 10;          // components to report (0: all)
  std::string out_dir;          // empty: no figure (no loss evaluation)
  int grid = 21;                // grid points per axis of the contours, 2..1001
  std::int64_t samples = 0;     // evaluate the contours on the first n training samples (0: all)
  std::string device = "cpu";
  int threads = 0;

  bool is_valid(std::string* error) const;
};

struct PcaPathResult : ProtocolResult {
  std::vector<double> explained_variance_ratio;
  double top2_ratio = 0;
  std::vector<double> path_x, path_y;  // the final point is the origin
};

PcaPathResult pca_path(const PcaPathOptions& options, std::ostream* log);

}  // namespace landscape::experiments
