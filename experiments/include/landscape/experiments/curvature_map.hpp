// Li et al. 2018, Section 6 and Fig. 7: the ratio |lambda_min / lambda_max| of the Hessian's
// extreme eigenvalues over the 2-D plane of a loss surface, which shows where the surface is
// convex (a ratio near 0: no significant negative curvature) and where it is not. The plane is
// w0 + x u + y v with the directions of `surface` (its STEM.directions.h5, or filter-normalized
// random ones made the same way); the extreme eigenvalues at each point by Lanczos on exact
// Hessian-vector products. Saved block by block (resumable) and split across MPI ranks like
// `surface`.
//
// OUT (FILE.h5): xcoordinates, ycoordinates, max_eig, min_eig (max_eig[i, j] at xcoordinates[i],
// ycoordinates[j]; NaN where not evaluated), as the reference tool writes them;
// STEM-ratio-heatmap and STEM-ratio-contour are figures of |min_eig / max_eig|.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

struct CurvatureMapOptions {
  std::string run_dir;                 // required
  std::string checkpoint = "final";
  std::int64_t samples = 0;            // the first n training samples (0: all)
  std::string device = "cpu";
  int threads = 0;
  std::string dtype = "float32";       // of the Hessian-vector products
  std::string direction_file;          // a surface's STEM.directions.h5 (empty: made and saved, filter-normalized)
  std::uint64_t seed = 0;              // of the directions made here (the same as surface's for the same seed)
  std::vector<double> xs, ys;          // the grid (both required)
  double tolerance = 1e-3;             // Ritz residual / |lambda|max for each point's two eigenvalues
  int max_steps = 200;
  std::int64_t block = 8;              // points per block between saves, >= 1
  bool resume = false;
  std::string out;                     // FILE.h5; required

  bool is_valid(std::string* error) const;
};

// details: points, points_evaluated, unconverged (points whose Lanczos run stopped short of the
// tolerance: their values are reported, and counted here), failed (points where a product was not
// finite: max_eig = min_eig = inf there, not retried on resume), hvps, ratio_range, direction_file.
ProtocolResult curvature_map(const CurvatureMapOptions& options, std::ostream* log);

}  // namespace landscape::experiments
