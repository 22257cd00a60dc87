// The shared net and data options of the algebra commands, and what they load into.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "landscape/experiments/zero_loss_points.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/weights_file.hpp"

namespace landscape::cli {

// A network, its data and labels, as given by the shared net and data options.
struct NetProblem {
  NetSpec net;
  Dataset data;                                  // labels filled in
  std::string labels_source;                     // "csv", "random:seed=S" or "teacher:FILE"
  std::optional<std::vector<Rational>> teacher;  // the teacher's parameters, if any
};

// --arch --act --no-bias --data --labels --teacher. With `weights_defaults`, --arch and --data
// are optional (a weights file supplies the network and, when it recorded them, the data).
void add_net_options(Arguments& args, const std::string& default_activation = "square",
                     bool weights_defaults = false);

// Loads the problem; `polynomial` makes a non-polynomial activation an InputError. Values missing
// on the command line are taken from `weights` (its arch, activation, bias, and the recorded
// "data" and "labels").
// `arch` replaces --arch when given (memorize builds it from --inputs/--depth/--width).
NetProblem load_problem(const Arguments& args, bool polynomial,
                        const WeightsFile* weights = nullptr,
                        const std::optional<std::string>& arch = std::nullopt);

nlohmann::json problem_json(const NetProblem& p);

// The network and exact data the library's zero-loss protocols take.
experiments::ZeroLossProblem zero_loss_problem(const NetProblem& p);

}  // namespace landscape::cli
