// Checkpoints and resumption of a training run (internal to the nets library).
//
// After every epoch a run writes DIR/checkpoint.pt (the model, the optimizer and the position:
// epoch, step, trajectory rows, history) and then DIR/metrics.csv, each atomically. A resumed run
// loads the checkpoint, drops the trajectory rows recorded after it and continues; since the batch
// order of an epoch depends on (seed, epoch) alone it ends with the weights of an uninterrupted run.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/nn/modules.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::nn {

// Where a run stands after an epoch: what a checkpoint holds besides the model and optimizer.
struct RunPosition {
  int epoch = 0;                      // epochs completed
  std::int64_t step = 0;              // optimizer steps taken
  std::int64_t trajectory_rows = 0;   // rows of trajectory.h5 at the checkpoint
  std::vector<EpochRecord> history;   // row 0: the initialization
};

// Whether train() resumes the run in config.out_dir (and creates the directory):
//  - resume set and DIR/checkpoint.pt there: true, once the options equal those in DIR/config.json
//    (epochs may differ; InputError naming the differing options otherwise);
//  - resume set and no checkpoint yet (a run killed before its first one): false, with a note on
//    `log`, so that re-running the same command works after any crash;
//  - resume not set: false; FieldError("out_dir", ...) when DIR already holds a run.
bool prepare_run_directory(const TrainConfig& config, std::ostream* log);

// The options (keys of config.json) whose values differ between two configurations, epochs and
// device aside (a run may continue on another device),
// in the order of `now` and then those only `saved` has.
std::vector<std::string> differing_options(nlohmann::json saved, nlohmann::json now);

// Writes DIR/checkpoint.pt and then DIR/metrics.csv.
void save_checkpoint(const std::filesystem::path& dir, Net& model, torch::optim::Optimizer& optimizer,
                     const RunPosition& position);
// Loads DIR/checkpoint.pt into the model and optimizer and returns the position; InputError when
// the file is not a readable checkpoint.
RunPosition load_checkpoint(const std::filesystem::path& dir, Net& model, torch::optim::Optimizer& optimizer,
                            torch::Device device);

// Saves a LibTorch archive through a temporary file and rename (a kill never leaves half a file).
void save_archive_atomically(torch::serialize::OutputArchive& archive, const std::filesystem::path& path);

// metrics.csv: the header, then one row per record with 10 significant digits.
std::string metrics_csv(const std::vector<EpochRecord>& history);

// The history as a float64 [records, 10] tensor (the columns of metrics.csv), and back (8 columns:
// a checkpoint written before grad_norm and displacement).
torch::Tensor history_tensor(const std::vector<EpochRecord>& history);
std::vector<EpochRecord> history_from_tensor(const torch::Tensor& t);

}  // namespace landscape::nn
