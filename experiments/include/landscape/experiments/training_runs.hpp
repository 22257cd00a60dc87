// What the protocols share about their training runs: train (or finish) one run, its JSON
// record, the error/loss curves of several runs, and the MDS figure of their trajectories.
#pragma once

#include <iosfwd>
#include <string>
#include <cstdint>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/nn/training.hpp"
#include "landscape/plot/figure.hpp"

namespace landscape::experiments {

// Trains the run `config` into `dir`, or, when `dir` holds a checkpoint (an interrupted
// protocol started again with the same options), finishes it. `label` heads the run's progress
// on `log` (may be null); a divergence is noted there and returned in the result.
nn::TrainResult train_or_finish(nn::TrainConfig config, const std::string& dir, const std::string& label,
                                std::ostream* log);

// {"run_dir", "final_train_error", "final_test_error", "final_train_loss", "epochs", "diverged"}.
nlohmann::json run_record(const nn::TrainResult& result, const std::string& dir);

// What `train` keeps of a finished run: the TrainResult's JSON with "command" and "config", and
// the activation's evaluation facts (`activation_info`: "relu_approximation" when it holds a
// sup_error, else "polynomial_evaluation"); the run's curve figures and result.json in its
// directory; a one-line summary. Figure notes go to `log`.
ProtocolResult training_run_record(const nn::TrainConfig& config, const nn::TrainResult& result,
                                   const nlohmann::json& activation_info, std::ostream* log);

// Error and loss curves (per epoch, train and test) of named runs: DIR/STEM-error and
// DIR/STEM-loss.
std::vector<plot::FigureFiles> curve_figures(const std::vector<std::pair<std::string, nn::TrainResult>>& runs,
                                             const std::string& dir, const std::string& stem, const std::string& title);

// The train loss around a probe's checkpoint over [-1, 1]^2 along two random filter-normalized
// directions (seeds seed + 1, seed + 2; biases and BatchNorm parameters left out), on a
// points x points grid of the probe's training samples, as a contour plot at DIR/STEM (Li et al.
// 2018 Figs. 3, 5, 6 and 15).
plot::FigureFiles contour_figure(nn::Probe& probe, std::uint64_t seed, int points, const std::string& title,
                                 const std::string& stem);

// The data set spelling `dataset` with option KEY=VALUE set (replaced, unless `keep` and the
// spelling has KEY already; or added where the spelling takes its options: right after
// fashion-mnist:, synthetic: and exact:, after DIR for idx:DIR, cifar10:DIR, cifar100:DIR). E.g. the
// training-set size "n", the subset seed "seed". CSV data (csv:FILE) have neither: unchanged when
// `keep`, else FieldError("dataset").
std::string with_data_option(const std::string& dataset, const std::string& key, const std::string& value, bool keep = false);

// Where parameter tensor `layer` lies in the flat parameter vector of trajectory `t`: {offset,
// size}; {0, all} for "all". FieldError("layer") naming `where` when no tensor has that name.
std::pair<std::int64_t, std::int64_t> layer_range(const nn::Trajectory& t, const std::string& layer, const std::string& where);

// A run of an MDS figure: its directory, its group (an index into the group titles), the offset
// added to its epochs, and its per-epoch records (for training-error labels; may be empty).
struct MdsRun {
  std::string dir;
  int group = 0;
  double epoch_offset = 0;
  std::vector<nn::EpochRecord> history;
};

struct MdsFigure {
  plot::FigureFiles figure;
  double stress = 0;
  nlohmann::json points;  // [{group, run, epoch, train_error (null when not recorded), x, y}]
  std::string csv;        // group,run,epoch,train_error,mds1,mds2 (the same points)
};

// Classical MDS (1 - cosine dissimilarity) of every trajectory record of the runs, of parameter
// tensor `layer` or of "all": the points of each run connected and coloured by group, labelled by
// `labels` = "error" (the run's training error at that epoch; records between epoch ends stay
// unlabelled) or "epoch" (epoch_offset + epoch). Liao & Poggio 2017, Figs. 3, 4, 8, 14.
MdsFigure mds_figure(const std::vector<MdsRun>& runs, const std::vector<std::string>& group_titles, const std::string& layer,
                     const std::string& labels, const std::string& stem, const std::string& title);

}  // namespace landscape::experiments
