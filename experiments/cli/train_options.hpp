// What the training commands share (train, experiment ...): the training options, their
// TrainConfig, and the error/loss curve figures of several runs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::cli {

// --model, --arch, --act, ..., --seed, --device, --threads (not --out).
void add_training_options(Arguments& args);
// Those options as a TrainConfig; `activation_info` receives the polynomial when --act is
// relu-approx:... (may be null).
nn::TrainConfig training_config(const Arguments& args, nlohmann::json* activation_info);
// Error and loss curves of named runs: DIR/STEM-error and DIR/STEM-loss; returns the files.
std::vector<std::string> curve_figures(const std::vector<std::pair<std::string, nn::TrainResult>>& runs,
                                       const std::string& dir, const std::string& stem, const std::string& title);

int experiment_command(int argc, const char* const* argv);
#ifdef LANDSCAPE_WITH_ALGEBRA
int poly_vs_relu_command(int argc, const char* const* argv);
#endif

}  // namespace landscape::cli
