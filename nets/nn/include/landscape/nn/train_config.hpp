// The options of a training run, without LibTorch (the CLI fills them).
//
// A run directory's config.json holds to_json() of its options; a resumed run must have the same
// options (epochs and device aside: a run may continue on another device). Fields are validated by is_valid() / validate(), whose messages name the
// field, its value and the rule it breaks ("batch_size -1: must be >= 1, or 0 for the full batch").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace landscape::nn {

// The models make_model builds (modules.hpp), for messages and help texts.
inline constexpr const char* kModelNames =
    "mlp, dcnn, resnetN (N = 6n+2: resnet20, resnet56, resnet110), wrnN-K (Wide-ResNet-N-K: "
    "wrn56-2, wrn56-4, wrn56-8), each resnet and wrn also as ...-noshort (no skip connections), "
    "vgg9 or densenet121";

// A model name read: the family (mlp, dcnn, resnet, vgg9, densenet121), and for resnet the depth
// 6n + 2, the width multiplier (1 for resnetN, K for wrnN-K) and whether it has shortcuts. Empty
// for a name that is none of kModelNames.
struct ModelName {
  std::string family;
  int depth = 0, width = 1;
  bool shortcut = true;
};
std::optional<ModelName> parse_model_name(const std::string& name);

// Rows that an automatic record interval (TrainConfig::record_every < 0) spreads over a run, beside
// the rows at the end of each epoch.
inline constexpr std::int64_t kAutoTrajectoryRecords = 50;

struct TrainConfig {
  // Model.
  std::string model = "mlp";              // mlp, dcnn, resnetN[-noshort], wrnN-K[-noshort], vgg9,
                                          // densenet121 (see make_model)
  std::string arch;                       // mlp widths d0,...,dL; empty: input,256,classes
  std::string activation = "relu";        // an Activation::parse spelling (poly:..., square, relu, ...)
  bool bias = true;
  std::vector<int> channels = {16, 32, 64, 128};  // dcnn
  bool preact_norm = false;               // mlp: BN (no affine) before each activation
  double dropout = 0;                     // mlp, dcnn: drop each hidden unit with this probability while
                                          // training (Lipton 2016), in [0, 1); masks seeded per batch
  double clamp = 0;                       // clamp pre-activations to [-clamp, clamp] (0: off)
  std::string dtype = "float32";          // or float64
  std::string init;                       // optional start: a weights file (JSON, mlp), or a run
                                          // directory DIR or DIR@EPOCH (its final state or an epoch
                                          // of its trajectory, BatchNorm statistics included)
  double perturb = 0;                     // then add layer-wise Gaussian noise, sigma = perturb x the
                                          // standard deviation of each parameter tensor (Liao & Poggio 2017)
  std::uint64_t perturb_seed = 0;
  std::string perturb_scale = "std";      // or magnitude: sigma = perturb x the mean |w| of the tensor
                                          // (Liao & Poggio 2017, App. E)
  // Data.
  std::string dataset = "fashion-mnist";  // a data::load spelling
  bool normalize_input = false;           // standardize features with training-set statistics
  bool normalize_channels = false;        // or each image channel (one mean, one deviation per
                                          // channel: the CIFAR recipe of Li et al. 2018)
  std::string augment;                    // "", crop, flip or crop,flip (augmentation.hpp)
  // Optimization.
  std::string optimizer = "sgd";          // sgd | adam
  double lr = 0.01, momentum = 0.9, weight_decay = 0;
  bool nesterov = false;
  std::int64_t batch_size = 128;          // 0: full batch (gradient descent, "BGD")
  std::string schedule = "constant";      // constant | step:EVERY:GAMMA | cosine | milestones:E1,...:GAMMA
  std::string loss = "auto";              // auto (ce for classes, mse for regression) | ce | mse | hinge
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
  std::string out_dir;                    // the run directory (required)
  bool resume = false;                    // continue the run in out_dir from its checkpoint
  bool evaluate_train = true;             // evaluate the whole training set after each epoch

  // True when every field keeps its rule; otherwise false, with "FIELD VALUE: RULE" of the first
  // field that breaks its rule in *error (when error is not null). Checks values and spellings
  // (model name, activation, an mlp's arch, schedule, augment, optimizer, loss, dtype, device); not
  // what needs the model library, files or the data (dataset, init, whether the model or arch fits
  // the data, a run already in out_dir), which train() checks as it gets there.
  bool is_valid(std::string* error) const;
  // The same check; throws landscape::FieldError(field, "VALUE: RULE") for the first bad field.
  void validate() const;

  // The options a run records in config.json (not threads, out_dir, resume, evaluate_train).
  nlohmann::json to_json() const;
  // The options of a run directory's config.json (what to_json wrote); InputError otherwise.
  static TrainConfig from_json(const nlohmann::json& j, const std::string& path);
};

// A run directory's config.json as written (FieldError "run_dir" when the directory holds none,
// InputError when it is not JSON), and as options: the one place that reads it.
nlohmann::json read_run_config_json(const std::string& run_dir);
TrainConfig read_run_config(const std::string& run_dir);

}  // namespace landscape::nn
