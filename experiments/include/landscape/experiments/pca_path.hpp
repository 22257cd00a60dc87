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
  // project_path only: the two directions, random (isotropic Gaussian over every parameter, the
  // setting of Li et al.'s sqrt(2 / (pi n)) remark) or pca (the top two components), and the seed.
  std::string directions = "random";
  std::uint64_t seed = 0;

  bool is_valid(std::string* error) const;
};

struct PcaPathResult : ProtocolResult {
  std::vector<double> explained_variance_ratio;
  double top2_ratio = 0;
  std::vector<double> path_x, path_y;  // the final point is the origin
};

PcaPathResult pca_path(const PcaPathOptions& options, std::ostream* log);

// Li et al. 2018, Fig. 8 (the failure case) against Fig. 9: the trajectory relative to its final
// point projected (least squares) on the plane of two random or the top two PCA directions, with
// the cosine of the two directions (random Gaussian directions in n dimensions: |cos| about
// sqrt(2 / (pi n))) and the fraction of the path's squared distance to the end that the plane
// keeps. JSON: directions, direction_cosine, expected_cosine, parameters, captured_fraction, path_x, path_y, epochs; with an output directory OUT/project-path (the path
// over the loss contours of that plane) and OUT/project-path.csv (epoch,x,y).
PcaPathResult project_path(const PcaPathOptions& options, std::ostream* log);

}  // namespace landscape::experiments
