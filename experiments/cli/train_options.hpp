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

// --model, --arch, --act, ..., --seed, --device, --threads (not --out), most bound to the fields of
// `c` (Arguments::bind), which must outlive the parsing.
void add_training_options(Arguments& args, nn::TrainConfig& c);
// After parsing, the options that are more than their field (--act, --no-bias, --batch-size full,
// --record-every auto, ...); `activation_info` receives the polynomial when --act is
// relu-approx:... (may be null).
void finish_training_config(const Arguments& args, nn::TrainConfig& c, nlohmann::json* activation_info);

int experiment_command(int argc, const char* const* argv);
#ifdef LANDSCAPE_WITH_ALGEBRA
int poly_vs_relu_command(int argc, const char* const* argv);
#endif

}  // namespace landscape::cli
