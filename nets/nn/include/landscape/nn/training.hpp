// Training runs, without LibTorch in the interface (the CLI includes this, not LibTorch).
//
// A run directory holds
//   config.json       the options of the run (a resumed run must match them)
//   metrics.csv       epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds,grad_norm,
//                     displacement (row 0 = the initialization; train_* evaluated on the whole
//                     training set; the last two see EpochRecord)
//   trajectory.h5     the flattened parameters at every record (see trajectory.hpp)
//   trajectory.h5.rows  while the run is unfinished: the same rows in an append-only log, from
//                     which a resume rebuilds trajectory.h5 (a kill may tear the HDF5 file)
//   checkpoint.pt     model, optimizer and position after the last completed epoch
//   weights.pt        the final model (LibTorch archive); weights.json too for an MLP (the
//                     shared weights file that `landscape hessian` and `dim` read)
//   (`landscape train` adds the figures: curves.{png,pdf,svg} with curves.dat/.gp)
// Every file is written atomically; a killed run resumes from checkpoint.pt (TrainConfig::resume)
// and ends with the same weights as an uninterrupted run (CPU; the batch order of each epoch is a
// function of the seed and the epoch).
#pragma once

#include <cstdint>
#include <limits>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/nn/train_config.hpp"

namespace landscape::nn {

struct EpochRecord {
  int epoch = 0;
  std::int64_t step = 0;
  double lr = 0, train_loss = 0, train_error = 0, test_loss = 0, test_error = 0, seconds = 0;
  // Lipton 2016 (the weights keep moving while the loss is flat): the mean over the epoch's steps
  // of the norm of the mini-batch loss gradient (without weight decay), and the distance the
  // weights moved during the epoch. NaN for epoch 0 (and in runs recorded before they existed).
  double grad_norm = std::numeric_limits<double>::quiet_NaN(), displacement = std::numeric_limits<double>::quiet_NaN();
};

struct TrainResult {
  std::string model_description;
  std::int64_t parameters = 0;
  int epochs = 0;                          // completed
  double final_train_error = 0, final_test_error = 0, final_train_loss = 0, final_test_loss = 0;
  double seconds = 0;                      // wall time of this invocation
  double train_seconds = 0;                // in optimizer steps only
  double samples_per_second = 0;           // training throughput
  bool diverged = false;
  std::string divergence;                  // the message when diverged
  int threads = 0;                         // intra-op threads used
  bool resumed = false;
  int resumed_from_epoch = 0;
  std::vector<EpochRecord> history;
  std::vector<std::string> files;          // what the run directory holds
  nlohmann::json to_json() const;
};

// Test aids, kept out of TrainConfig: what a test does to a run that a user never asks for.
struct TrainHooks {
  std::int64_t stop_after_epoch = -1;  // return after this epoch as if killed (no final files)
};

// Runs (or resumes) a training run. Throws FieldError for an option that breaks its rule
// (TrainConfig::validate), InputError for other bad options or data. A diverging run returns with
// `diverged` set, its files kept (the checkpoint is the last finite epoch). Progress lines go to
// `log` when given.
TrainResult train(const TrainConfig& config, std::ostream* log, const TrainHooks& hooks = {});

// The names of the parameter tensors of the model `config` describes (e.g. fc0.weight), in the
// order of the flat parameter vector of trajectories and probes; loads the data for the model's
// dimensions and trains nothing (out_dir may be empty). Throws as train() does for a bad config.
std::vector<std::string> parameter_names(const TrainConfig& config);

// Threads LibTorch uses on CPU (intra-op): `requested`, or every core when 0.
void set_threads(int requested);

}  // namespace landscape::nn
