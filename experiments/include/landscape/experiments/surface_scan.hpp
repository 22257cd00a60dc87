// Loss and accuracy over a 1-D line or a 2-D plane through a trained model (Li et al. 2018,
// Sections 4-6): along random directions normalized per filter, per layer or not at all, along
// the direction to another model, or along the trajectory's top two PCA directions. The grid is
// evaluated in blocks, saved after each block (an interrupted scan resumes), and split across MPI
// ranks under mpirun.
//
// OUT (FILE.h5) holds the reference loss-landscape tool's keys: xcoordinates, ycoordinates,
// train_loss, train_acc, test_loss, test_acc (train_loss[i, j] at xcoordinates[i],
// ycoordinates[j]; NaN where not evaluated). STEM.directions.h5 holds xdirection (ydirection);
// STEM-1d-loss, STEM-1d-acc or STEM-2d-contour, STEM-2d-heatmap, STEM-3d-surface are figures.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"

namespace landscape::experiments {

// "biasbn" (true: zero the directions there) or "none"; "structured" (true) or "direct".
// FieldError("ignore") / FieldError("method") otherwise.
bool parse_ignore(const std::string& text);
bool parse_method(const std::string& text);

struct SurfaceOptions {
  std::string run_dir;                 // a run of nn::train; required
  std::string checkpoint = "final";    // or an epoch recorded in its trajectory
  std::int64_t samples = 0;            // evaluate on the first n samples of each set (0: all)
  std::string device = "cpu";          // or cuda
  int threads = 0;                     // CPU threads (0: auto)
  std::string directions = "filter";   // filter, layer or none: the random directions' normalization
  bool ignore_biasbn = true;           // zero the directions in biases and BatchNorm parameters (parse_ignore)
  std::vector<double> xs;              // the x coordinates (at least one)
  std::vector<double> ys;              // the y coordinates; empty: a 1-D line
  std::uint64_t seed = 0;              // of the random directions
  std::string direction_file;          // reuse these directions (an earlier STEM.directions.h5)
  std::string to;                      // x direction = that model (DIR[@EPOCH]) - this one
  bool pca = false;                    // x, y = the trajectory's top two PCA directions
  bool train = true, test = false;     // which sets
  bool structured = true;              // MLP: the first layer once for the whole grid (parse_method)
  std::int64_t block = 64;             // points per block between saves, >= 1
  bool log_scale = false;              // log-scale loss figures
  bool resume = false;                 // fill in the missing points of an existing `out`
  std::string out;                     // FILE.h5; required

  bool is_valid(std::string* error) const;
};

struct SurfaceResult : ProtocolResult {
  std::int64_t points = 0, points_evaluated = 0;
  double model_train_loss = 0, centre_train_loss = 0;  // NaN when not computed
  std::vector<double> train_loss;  // per grid point (x major), empty unless the train set was evaluated
};

// Throws FieldError / InputError for bad options or files; progress goes to `log` (may be null).
SurfaceResult scan_surface(const SurfaceOptions& options, std::ostream* log);

// Li et al. 2018, Figs. 16 and 17: the surface along `count` pairs of random directions, seeds
// seed, seed + 1, ... (1..100): one scan each, OUT's stem + "-seedS.h5" with its figures; for 1-D
// lines also the overlay of their training losses, STEM-overlay, and in the JSON the curves and
// max_spread (the largest difference between two curves at one x). FieldError("repeat") for
// directions that are not random (to, pca, a direction file).
ProtocolResult repeat_surface(const SurfaceOptions& options, int count, std::ostream* log);

// OUT without its ".h5" (the stem of the figures and of the directions file).
std::string surface_stem(const std::string& out);

}  // namespace landscape::experiments
