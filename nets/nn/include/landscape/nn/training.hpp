// Training runs, without LibTorch in the interface (the CLI includes this, not LibTorch).
//
// A run directory holds
//   config.json       the options of the run (a resumed run must match them)
//   metrics.csv       epoch,step,lr,train_loss,train_error,test_loss,test_error,seconds
//                     (row 0 = the initialization; train_* evaluated on the whole training set)
//   trajectory.h5     the flattened parameters at every record (see trajectory.hpp)
//   checkpoint.pt     model, optimizer and position after the last completed epoch
//   weights.pt        the final model (LibTorch archive); weights.json too for an MLP (the
//                     shared weights file that `landscape hessian` and `dim` read)
//   (`landscape train` adds the figures: curves.{png,pdf,svg} with curves.dat/.gp)
// Every file is written atomically; a killed run resumes from checkpoint.pt with --resume and
// ends with the same weights as an uninterrupted run (CPU; the batch order of each epoch is a
// function of the seed and the epoch).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landscape::nn {

// Rows that an automatic record interval (TrainConfig::record_every < 0) spreads over a run, beside
// the rows at the end of each epoch.
inline constexpr std::int64_t kAutoTrajectoryRecords = 50;

struct TrainConfig {
  // Model.
  std::string model = "mlp";
  std::string arch;                       // mlp; empty: input,256,classes
  std::string activation = "relu";        // as for --act (poly:..., square, relu, smoolu, ...)
  bool bias = true;
  std::vector<int> channels = {16, 32, 64, 128};  // dcnn
  bool preact_norm = false;               // mlp: BN (no affine) before each activation
  double clamp = 0;                       // clamp pre-activations to [-clamp, clamp] (0: off)
  std::string dtype = "float32";          // or float64
  std::string init;                       // optional start: a weights file (JSON, mlp), or a run
                                          // directory DIR or DIR@EPOCH (its final state or an epoch
                                          // of its trajectory, BatchNorm statistics included)
  double perturb = 0;                     // then add layer-wise Gaussian noise, sigma = perturb x the
                                          // standard deviation of each parameter tensor (Liao & Poggio 2017)
  std::uint64_t perturb_seed = 0;
  // Data.
  std::string dataset = "fashion-mnist";
  bool normalize_input = false;           // standardize features with training-set statistics
  // Optimization.
  std::string optimizer = "sgd";          // sgd | adam
  double lr = 0.01, momentum = 0.9, weight_decay = 0;
  bool nesterov = false;
  std::int64_t batch_size = 128;          // 0: full batch (gradient descent, "BGD")
  std::string schedule = "constant";      // constant | step:EVERY:GAMMA | cosine
  std::string loss = "auto";              // auto (ce for classes, mse for regression) | ce | mse
  int epochs = 5;
  double target_error = -1;               // stop once the training error is <= this (>= 0)
  std::int64_t record_every = 0;          // trajectory rows every k steps too (0: per epoch only;
                                          // < 0: auto, about kAutoTrajectoryRecords over the run)
  double divergence_loss = 1e8;           // a batch loss above this (or not finite) stops the run
  // Run.
  std::uint64_t seed = 0;
  std::int64_t order_seed = -1;           // seed of the batch order (-1: the seed); Lipton's
                                          // same-initialization, different-order runs
  std::string device = "cpu";             // cpu | cuda
  int threads = 0;                        // intra-op threads; 0: auto (mlp 1, conv nets every core)
  std::string out_dir;
  bool resume = false;
  bool evaluate_train = true;             // evaluate the whole training set after each epoch
  std::int64_t stop_after_epoch = -1;     // testing aid: exit as if killed after this epoch

  nlohmann::json to_json() const;
  // The options of a run directory's config.json (what to_json wrote); InputError otherwise.
  static TrainConfig from_json(const nlohmann::json& j, const std::string& path);
};

struct EpochRecord {
  int epoch = 0;
  std::int64_t step = 0;
  double lr = 0, train_loss = 0, train_error = 0, test_loss = 0, test_error = 0, seconds = 0;
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

// Runs (or resumes) a training run. Throws InputError for bad options or data. A diverging run
// returns with `diverged` set, its files kept (the checkpoint is the last finite epoch).
// Progress lines go to `log` when given.
TrainResult train(const TrainConfig& config, std::ostream* log);

// Parses "step:EVERY:GAMMA", "cosine" or "constant"; throws InputError otherwise.
void check_schedule(const std::string& schedule);

// The learning rate at `epoch` (0-based) of `epochs`.
double scheduled_lr(const std::string& schedule, double lr, int epoch, int epochs);

// Threads LibTorch uses on CPU (intra-op): `requested`, or every core when 0.
void set_threads(int requested);

}  // namespace landscape::nn
