// Probes that compare models (Li et al. 2018, Section 5 and Appendix A.5; Liao & Poggio 2017,
// Section 4.1 and Figs. 3-5, 14-17; Lipton 2016):
// - interpolation: loss and accuracy along (1 - t) w_A + t w_B, BatchNorm running statistics
//   interpolated too; OUT/interpolation.csv (t,train_loss,train_acc,test_loss,test_acc),
//   OUT/interpolation.h5 (xcoordinates and the four arrays), figures OUT/interpolation-loss and
//   OUT/interpolation-acc;
// - MDS: classical (strain) multidimensional scaling of the weights recorded in one or more runs,
//   per tensor or all, 1 - cosine or Euclidean; OUT/mds.csv (run,epoch,mds1,mds2) and the figure
//   OUT/mds; the distances between the runs' final points and their norms.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/probes.hpp"

namespace landscape::experiments {

// The sets a probe evaluates: "train", "test" or "both" as (train, test); FieldError("data") otherwise.
std::pair<bool, bool> parse_data_sets(const std::string& text);

struct InterpolationOptions {
  std::string run_dir;                 // model A; required
  std::string checkpoint = "final";
  std::string to_dir;                  // model B's run (empty: run_dir)
  std::string to_checkpoint = "final";
  std::vector<double> ts;              // the values of t (at least one)
  bool train = true, test = true;      // which sets
  std::int64_t samples = 0;            // first n samples of each set (0: all)
  std::string device = "cpu";
  int threads = 0;
  bool log_scale = false;              // log-scale loss figure
  std::string title = "linear interpolation between two models";  // of the figures
  std::string out_dir;                 // required

  bool is_valid(std::string* error) const;
};

struct InterpolationResult : ProtocolResult {
  double distance = 0;  // |w_B - w_A|
  std::vector<double> train_loss, test_loss;  // per t (NaN for a set not evaluated)
};

InterpolationResult interpolate_models(const InterpolationOptions& options);

struct MdsOptions {
  std::vector<std::string> run_dirs;   // at least one
  std::string layer = "all";           // a parameter tensor's name (e.g. fc0.weight) or all
  std::string dissimilarity = "cosine";  // or euclidean
  int every = 1;                       // every k-th record of each trajectory (and its last), >= 1
  std::string out_dir;                 // required

  bool is_valid(std::string* error) const;
};

struct MdsResult : ProtocolResult {
  std::size_t models = 0;
  double stress = 0;
};

MdsResult mds_of_runs(const MdsOptions& options);

// A second model (DIR, checkpoint) for a probe; a bad run directory or checkpoint is reported as
// a FieldError of `field` (the option that named that model), not of the first model's run_dir.
std::unique_ptr<nn::Probe> open_second_model(const std::string& run_dir, const std::string& checkpoint,
                                             const std::string& device, int threads, std::int64_t samples,
                                             const std::string& field);

}  // namespace landscape::experiments
