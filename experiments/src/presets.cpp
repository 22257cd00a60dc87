#include "landscape/experiments/presets.hpp"

#include "landscape/spec/error.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

json li_et_al_recipe() {
  return {{"optimizer", "sgd"},   {"lr", 0.1},
          {"momentum", 0.9},      {"nesterov", true},
          {"weight_decay", 5e-4}, {"batch_size", 128},
          {"epochs", 300},        {"schedule", "milestones:150,225,275:0.1"},
          {"augment", "crop,flip"}, {"normalize_channels", true},
          {"record_every", 0},    {"device", "cuda"}};
}

void apply_train_defaults(nn::TrainConfig& c, const json& defaults, const GivenField& given) {
  json j = c.to_json();
  for (const auto& [field, value] : defaults.items()) {
    if (!j.contains(field)) throw FieldError(field, "is not a training option (a preset's default)");
    if (!given(field)) j[field] = value;
  }
  nn::TrainConfig filled = nn::TrainConfig::from_json(j, "preset");
  filled.out_dir = c.out_dir, filled.threads = c.threads, filled.resume = c.resume, filled.evaluate_train = c.evaluate_train;
  c = filled;
}

namespace {

void check_preset(const std::string& preset) {
  if (preset != "small" && preset != "paper") throw FieldError("preset", "'" + preset + "': expected small or paper");
}

// The paper preset reads CIFAR-10 from a directory the user names.
void require_cifar(const nn::TrainConfig& c, const GivenField& given) {
  if (!given("dataset") || c.dataset.rfind("cifar", 0) != 0)
    throw FieldError("dataset", "'" + c.dataset + "': the paper preset trains on CIFAR-10: give cifar10:DIR (the "
                                                  "binary batches, not a Debian package)");
}

}  // namespace

void apply_preset(SharpFlatOptions& o, const std::string& preset, const GivenField& given) {
  check_preset(preset);
  const bool paper = preset == "paper";
  if (!given("surface_points")) o.surface_points = paper ? 51 : 11;
  if (!paper) return;
  require_cifar(o.base, given);
  json recipe = li_et_al_recipe();
  recipe["model"] = "vgg9";
  apply_train_defaults(o.base, recipe, given);
  if (!given("small")) o.small_batch = 128;
  if (!given("large")) o.large_batch = 8192;
  if (!given("decay")) o.decay = 5e-4;
  if (!given("adam_lr")) o.adam_lr = 0.001;
}

void apply_preset(ArchitecturesOptions& o, const std::string& preset, const GivenField& given) {
  check_preset(preset);
  const bool paper = preset == "paper";
  if (!given("surface_points")) o.surface_points = paper ? 51 : 9;
  if (!given("surface_samples")) o.surface_samples = paper ? 0 : 500;
  if (!given("models"))
    o.models = paper ? std::vector<std::string>{"resnet20", "resnet56", "resnet110", "resnet20-noshort", "resnet56-noshort",
                                                "resnet110-noshort", "wrn56-2", "wrn56-4", "wrn56-8", "densenet121"}
                     : std::vector<std::string>{"resnet20", "resnet20-noshort", "wrn20-2"};
  if (paper) {
    require_cifar(o.base, given);
    apply_train_defaults(o.base, li_et_al_recipe(), given);
  } else {
    apply_train_defaults(o.base, {{"dataset", "fashion-mnist:n=2000,test=500"}, {"epochs", 10}, {"lr", 0.02}, {"schedule", "cosine"},
                                  {"nesterov", true}, {"momentum", 0.9}, {"weight_decay", 5e-4}, {"record_every", 0}}, given);
  }
}

json liao_poggio_recipe() {
  return {{"model", "dcnn"}, {"optimizer", "sgd"}, {"lr", 0.01}, {"momentum", 0.0}, {"batch_size", 100},
          {"record_every", 0}, {"device", "cuda"}};
}

void apply_preset(BranchesOptions& o, const std::string& preset, const GivenField& given) {
  check_preset(preset);
  if (preset != "paper") return;
  require_cifar(o.base, given);
  json recipe = liao_poggio_recipe();
  if (o.full_batch) recipe["batch_size"] = 0, recipe["epochs"] = 300;
  else recipe["epochs"] = 10;
  apply_train_defaults(o.base, recipe, given);
  if (!given("layer")) o.layer = "conv0.weight";
  if (o.full_batch) {
    if (!given("branch_epochs") && !given("stages")) o.branch_epochs = {0, 10, 50, 200}, o.stages = 1;
    o.sgd_batch = 100;  // the caption's SGD: the recipe's batches
    if (!given("branches")) o.branches = 1;
    if (!given("sigma")) o.sigma = 0.25;
    return;
  }
  if (!given("stages") && !given("branch_epochs")) o.stages = 12;
  if (!given("branches")) o.branches = 4;
  if (!given("repeats")) o.repeats = 4;
  if (!given("sigma")) o.sigma = 0.01;
}

void apply_preset(LiptonOptions& o, const std::string& preset, const GivenField& given) {
  check_preset(preset);
  if (preset != "paper") return;
  if (!given("dataset") || o.base.dataset.rfind("idx:", 0) != 0)
    throw FieldError("dataset", "'" + o.base.dataset + "': the paper preset trains on MNIST: give idx:DIR (the four IDX "
                                                       "files, not a Debian package)");
  apply_train_defaults(o.base, {{"model", "dcnn"}, {"channels", {32, 64}}, {"dropout", 0.5}, {"weight_decay", 5e-4},
                                {"epochs", 200}, {"lr", 0.01}, {"record_every", 0}, {"device", "cuda"}}, given);
  if (!given("runs")) o.runs = 5;
  if (!given("pretrain")) o.pretrain = 10;
  if (!given("every")) o.every = 10;
}

void apply_preset(PerturbRetrainOptions& o, const std::string& preset, const GivenField& given) {
  check_preset(preset);
  if (preset != "paper") return;
  require_cifar(o.base, given);
  json recipe = liao_poggio_recipe();
  recipe["epochs"] = 60;
  apply_train_defaults(o.base, recipe, given);
  if (!given("at")) o.at = {5, 30};
  if (!given("final_epochs")) o.final_epochs = 400;
  if (!given("copies")) o.copies = 4;
  if (!given("sigma")) o.sigma = 0.1;
  if (!given("retrain")) o.retrain = 200;
  if (!given("full_batch_retrain")) o.full_batch_retrain = true;
}

}  // namespace landscape::experiments
