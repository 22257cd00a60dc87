// TrainConfig: its rules (is_valid / validate) and its config.json (to_json / from_json).
#include "landscape/nn/train_config.hpp"

#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <sstream>

#include "landscape/nn/augmentation.hpp"
#include "landscape/nn/schedule.hpp"
#include "landscape/spec/activation.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::nn {

using json = nlohmann::json;

namespace {

// A field that breaks its rule: FieldError's parts.
struct Problem {
  std::string field, rule;
};

template <class T>
std::string shown(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

bool one_of(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a) return true;
  return false;
}

// The problem a parser reports with FieldError, if any.
template <class Parse>
std::optional<Problem> parse_problem(Parse&& parse) {
  try {
    parse();
  } catch (const FieldError& e) {
    return Problem{e.field(), e.rule()};
  }
  return std::nullopt;
}

std::optional<int> small_number(const std::string& text) {
  if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(text);
}

std::optional<Problem> model_problem(const TrainConfig& c) {
  if (!parse_model_name(c.model)) return Problem{"model", quoted(c.model) + ": unknown model (expected " + kModelNames + ")"};
  if (auto p = parse_problem([&] { Activation::parse(c.activation); })) return p;
  if (c.model == "mlp" && !c.arch.empty()) {
    if (auto p = parse_problem([&] { NetSpec::parse(c.arch, Activation::parse(c.activation), c.bias); })) return p;
    if (c.arch == "tree4") return Problem{"arch", "'tree4': model mlp needs fully connected widths d0,...,dL"};
  }
  if (c.model == "dcnn") {
    if (c.channels.empty()) return Problem{"channels", "empty: the dcnn needs at least one hidden layer"};
    for (const int width : c.channels)
      if (width < 1) return Problem{"channels", shown(width) + ": every width must be >= 1"};
  }
  if (c.clamp < 0) return Problem{"clamp", shown(c.clamp) + ": must be >= 0 (0: no clamp)"};
  if (!(c.dropout >= 0 && c.dropout < 1)) return Problem{"dropout", shown(c.dropout) + ": must be in [0, 1)"};
  if (c.dropout > 0 && c.model != "mlp" && c.model != "dcnn")
    return Problem{"dropout", shown(c.dropout) + ": model " + c.model + " has no dropout (mlp and dcnn have)"};
  if (!one_of(c.dtype, {"float32", "float64"})) return Problem{"dtype", quoted(c.dtype) + ": expected float32 or float64"};
  if (c.perturb < 0 || !std::isfinite(c.perturb)) return Problem{"perturb", shown(c.perturb) + ": must be a finite number >= 0"};
  if (!one_of(c.perturb_scale, {"std", "magnitude"}))
    return Problem{"perturb_scale", quoted(c.perturb_scale) + ": expected std or magnitude"};
  if (c.normalize_input && c.normalize_channels)
    return Problem{"normalize_channels", "true: choose one of normalize_input (per feature) and normalize_channels"};
  if (auto p = parse_problem([&] { Augmentation::parse(c.augment); })) return p;
  return std::nullopt;
}

std::optional<Problem> optimization_problem(const TrainConfig& c) {
  if (!one_of(c.optimizer, {"sgd", "adam"})) return Problem{"optimizer", quoted(c.optimizer) + ": expected sgd or adam"};
  if (!(c.lr > 0) || !std::isfinite(c.lr)) return Problem{"lr", shown(c.lr) + ": must be a positive number"};
  if (c.momentum < 0 || c.momentum >= 1) return Problem{"momentum", shown(c.momentum) + ": must be in [0, 1)"};
  if (c.nesterov && c.momentum == 0) return Problem{"nesterov", "needs momentum > 0 (momentum is 0)"};
  if (c.weight_decay < 0) return Problem{"weight_decay", shown(c.weight_decay) + ": must be >= 0"};
  if (c.batch_size < 0) return Problem{"batch_size", shown(c.batch_size) + ": must be >= 1, or 0 for the full batch"};
  if (auto p = parse_problem([&] { LearningRateSchedule::parse(c.schedule); })) return p;
  if (!one_of(c.loss, {"auto", "ce", "mse", "hinge"})) return Problem{"loss", quoted(c.loss) + ": expected auto, ce, mse or hinge"};
  if (c.epochs < 0) return Problem{"epochs", shown(c.epochs) + ": must be >= 0"};
  if (c.epochs > 1000000) return Problem{"epochs", shown(c.epochs) + ": must be at most 1000000"};
  if (c.threads < 0 || c.threads > 4096) return Problem{"threads", shown(c.threads) + ": must be in 0..4096"};
  return std::nullopt;
}

std::optional<Problem> run_problem(const TrainConfig& c) {
  if (!one_of(c.device, {"cpu", "cuda"})) return Problem{"device", quoted(c.device) + ": expected cpu or cuda"};
  if (c.out_dir.empty()) return Problem{"out_dir", "is required (the run directory)"};
  return std::nullopt;
}

std::optional<Problem> first_problem(const TrainConfig& c) {
  if (auto p = model_problem(c)) return p;
  if (auto p = optimization_problem(c)) return p;
  return run_problem(c);
}

}  // namespace

std::optional<ModelName> parse_model_name(const std::string& name) {
  for (const char* plain : {"mlp", "dcnn", "vgg9", "densenet121"})
    if (name == plain) return ModelName{plain, 0, 1, true};
  const bool wide = name.rfind("wrn", 0) == 0;
  if (!wide && name.rfind("resnet", 0) != 0) return std::nullopt;
  std::string rest = name.substr(wide ? 3 : 6);
  ModelName m{"resnet", 0, 1, true};
  if (rest.size() > 8 && rest.compare(rest.size() - 8, 8, "-noshort") == 0) {
    m.shortcut = false;
    rest.resize(rest.size() - 8);
  }
  std::optional<int> depth = small_number(rest), width = 1;
  if (wide) {
    const auto dash = rest.find('-');
    if (dash == std::string::npos) return std::nullopt;
    depth = small_number(rest.substr(0, dash)), width = small_number(rest.substr(dash + 1));
  }
  if (!depth || !width || *depth < 8 || (*depth - 2) % 6 != 0 || *width < 1 || *width > 64) return std::nullopt;
  m.depth = *depth, m.width = *width;
  return m;
}

bool TrainConfig::is_valid(std::string* error) const {
  const auto problem = first_problem(*this);
  if (problem && error) *error = problem->field + " " + problem->rule;
  return !problem;
}

void TrainConfig::validate() const {
  if (const auto problem = first_problem(*this)) throw FieldError(problem->field, problem->rule);
}

json TrainConfig::to_json() const {
  return {{"model", model},
          {"arch", arch},
          {"activation", activation},
          {"bias", bias},
          {"channels", channels},
          {"preact_norm", preact_norm},
          {"dropout", dropout},
          {"clamp", clamp},
          {"dtype", dtype},
          {"init", init},
          {"dataset", dataset},
          {"normalize_input", normalize_input},
          {"normalize_channels", normalize_channels},
          {"augment", augment},
          {"optimizer", optimizer},
          {"lr", lr},
          {"momentum", momentum},
          {"weight_decay", weight_decay},
          {"nesterov", nesterov},
          {"batch_size", batch_size},
          {"schedule", schedule},
          {"loss", loss},
          {"epochs", epochs},
          {"target_error", target_error},
          {"record_every", record_every},
          {"divergence_loss", divergence_loss},
          {"perturb", perturb},
          {"perturb_seed", perturb_seed},
          {"perturb_scale", perturb_scale},
          {"seed", seed},
          {"order_seed", order_seed},
          {"device", device}};
}

TrainConfig TrainConfig::from_json(const json& j, const std::string& path) {
  TrainConfig c;
  try {
    c.model = j.at("model");
    c.arch = j.at("arch");
    c.activation = j.at("activation");
    c.bias = j.at("bias");
    c.channels = j.at("channels").get<std::vector<int>>();
    c.preact_norm = j.at("preact_norm");
    c.clamp = j.at("clamp");
    c.dtype = j.at("dtype");
    c.init = j.at("init");
    c.dataset = j.at("dataset");
    c.normalize_input = j.at("normalize_input");
    c.optimizer = j.at("optimizer");
    c.lr = j.at("lr");
    c.momentum = j.at("momentum");
    c.weight_decay = j.at("weight_decay");
    c.nesterov = j.at("nesterov");
    c.batch_size = j.at("batch_size");
    c.schedule = j.at("schedule");
    c.loss = j.at("loss");
    c.epochs = j.at("epochs");
    c.target_error = j.at("target_error");
    c.record_every = j.at("record_every");
    c.divergence_loss = j.at("divergence_loss");
    c.seed = j.at("seed");
    c.device = j.at("device");
    // Absent from the config.json of older runs.
    c.perturb = j.value("perturb", 0.0);
    c.perturb_seed = j.value("perturb_seed", std::uint64_t{0});
    c.perturb_scale = j.value("perturb_scale", std::string("std"));
    c.order_seed = j.value("order_seed", std::int64_t{-1});
    c.normalize_channels = j.value("normalize_channels", false);
    c.augment = j.value("augment", std::string());
    c.dropout = j.value("dropout", 0.0);
  } catch (const json::exception& e) {
    throw InputError(path + ": not a run configuration (" + e.what() + ")");
  }
  return c;
}

json read_run_config_json(const std::string& run_dir) {
  const std::filesystem::path file = std::filesystem::path(run_dir) / "config.json";
  if (!std::filesystem::exists(file))
    throw FieldError("run_dir", "'" + run_dir + "': no config.json (not a run directory of landscape train)");
  try {
    return json::parse(read_text_file(file.string()));
  } catch (const json::exception&) {
    throw InputError(file.string() + ": not valid JSON");
  }
}

TrainConfig read_run_config(const std::string& run_dir) {
  return TrainConfig::from_json(read_run_config_json(run_dir), (std::filesystem::path(run_dir) / "config.json").string());
}

}  // namespace landscape::nn
