// `landscape train` and `landscape experiment poly-vs-relu`: LibTorch training runs (through the
// LibTorch-free interface of landscape/nn/training.hpp) and their figures.
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/nn/training.hpp"
#include "train_options.hpp"
#include "landscape/plot/figure.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/algebra/relu_approximation.hpp"
#endif

namespace landscape::cli {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr int kDiverged = 3;  // exit status of a run that diverged (its files are kept)

#ifdef LANDSCAPE_WITH_ALGEBRA
// "relu-approx:DEGREE:A[:chebyshev]" -> the exact polynomial (the algebra's coefficients).
algebra::ReluApproximation approximation(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string p; std::getline(in, p, ':');) parts.push_back(p);
  if (parts.size() < 3 || parts.size() > 4 || parts[1].empty() ||
      parts[1].find_first_not_of("0123456789") != std::string::npos || parts[1].size() > 3)
    throw InputError("--act '" + text + "': expected relu-approx:DEGREE:A or relu-approx:DEGREE:A:chebyshev");
  const auto a = Rational::parse(parts[2]);
  if (!a || !(a->to_double() > 0)) throw InputError("--act '" + text + "': the interval half-width A must be a positive number");
  const int degree = std::stoi(parts[1]);
  if (degree < 1 || degree > 200) throw InputError("--act '" + text + "': the degree must be in 1..200");
  auto basis = algebra::ApproximationBasis::Legendre;
  if (parts.size() == 4) {
    if (parts[3] == "chebyshev") basis = algebra::ApproximationBasis::Chebyshev;
    else if (parts[3] != "legendre") throw InputError("--act '" + text + "': the basis is legendre or chebyshev");
  }
  return algebra::relu_approximation(*a, degree, basis);
}
#endif

// The --act of the command line as the shared activation text.
std::string resolve_activation(const std::string& text, json* info) {
  if (text.rfind("relu-approx:", 0) != 0) return text;
#ifdef LANDSCAPE_WITH_ALGEBRA
  const auto p = approximation(text);
  if (info)
    *info = {{"requested", text}, {"degree", p.degree}, {"basis", algebra::to_string(p.basis)},
             {"sup_error", p.sup_error}, {"activation", p.activation()}};
  return p.activation();
#else
  (void)info;
  throw InputError("--act '" + text + "': relu-approx needs the algebra part (build with LANDSCAPE_WITH_ALGEBRA=ON)");
#endif
}

std::vector<int> parse_int_list(const std::string& option, const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string::npos || std::stoi(item) < 1)
      throw InputError(option + " '" + text + "': expected positive integers separated by commas");
    out.push_back(std::stoi(item));
  }
  if (out.empty()) throw InputError(option + " '" + text + "': empty list");
  return out;
}

}  // namespace

void add_training_options(Arguments& args) {
  args.add("--model", "M", "mlp, dcnn, resnet20, resnet20-noshort, resnet56, resnet56-noshort (any resnet6n+2)", "mlp")
      .add("--arch", "LIST", "mlp widths d0,...,dL (default: inputs,256,classes)")
      .add("--act", "A", "relu, smoolu, softplus, square, rectpow:k, poly:c0,...,cl, relu-approx:DEGREE:A[:chebyshev]", "relu")
      .add_flag("--no-bias", "layers without biases")
      .add("--channels", "LIST", "dcnn hidden channels, one stride-2 conv layer each", "16,32,64,128")
      .add_flag("--preact-norm", "mlp: BatchNorm (no affine parameters) before each activation")
      .add("--clamp", "A", "clamp pre-activations to [-A, A] (0: off)", "0")
      .add("--dtype", "T", "float32 or float64", "float32")
      .add("--init", "FROM", "start from a weights file (JSON, e.g. from landscape memorize; mlp) or a run DIR[@EPOCH]")
      .add("--perturb", "C", "then add layer-wise Gaussian noise, sigma = C x each tensor's standard deviation", "0")
      .add("--perturb-seed", "S", "seed of that noise", "0")
      .add("--order-seed", "S", "seed of the batch order (default: --seed)")
      .add("--dataset", "D",
           "fashion-mnist[:n=N,test=M,seed=S], idx:DIR[:...], cifar10:DIR[:...], "
           "synthetic:d=D,n=N,test=M,teacher=H,classes=C; any with random-labels=1",
           "fashion-mnist")
      .add_flag("--normalize-input", "standardize each input feature with training-set statistics")
      .add("--optimizer", "O", "sgd or adam", "sgd")
      .add("--lr", "X", "learning rate", "0.01")
      .add("--momentum", "X", "SGD momentum", "0.9")
      .add_flag("--nesterov", "Nesterov momentum")
      .add("--weight-decay", "X", "L2 weight decay", "0")
      .add("--batch-size", "B", "mini-batch size, or 'full' for full-batch gradient descent", "128")
      .add("--schedule", "S", "constant, cosine or step:EVERY:GAMMA", "constant")
      .add("--loss", "L", "auto, ce or mse", "auto")
      .add("--epochs", "E", "epochs", "5")
      .add("--target-error", "X", "stop once the training error is at most X")
      .add("--record-every", "K",
           "also record the parameters every K steps (0: at epoch ends only; auto: about 50 records over the "
           "run besides the epoch ends, so that PCA paths of short runs are smooth)",
           "auto")
      .add("--seed", "S", "seed of the initialization, data subsets and batch order", "0")
      .add("--device", "D", "cpu or cuda", "cpu")
      .add("--threads", "N", "CPU threads (0: every core)", "0");
}

nn::TrainConfig training_config(const Arguments& args, json* activation_info) {
  nn::TrainConfig c;
  c.model = args.get("--model");
  c.arch = args.get_optional("--arch").value_or("");
  c.activation = resolve_activation(args.get("--act"), activation_info);
  c.bias = !args.flag("--no-bias");
  c.channels = parse_int_list("--channels", args.get("--channels"));
  c.preact_norm = args.flag("--preact-norm");
  c.clamp = args.get_double("--clamp");
  c.dtype = args.get("--dtype");
  c.init = args.get_optional("--init").value_or("");
  c.perturb = args.get_double("--perturb");
  c.perturb_seed = args.get_unsigned("--perturb-seed");
  if (args.given("--order-seed")) c.order_seed = static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--order-seed"), 1ULL << 62));
  c.dataset = args.get("--dataset");
  c.normalize_input = args.flag("--normalize-input");
  c.optimizer = args.get("--optimizer");
  c.lr = args.get_double("--lr");
  c.momentum = args.get_double("--momentum");
  c.nesterov = args.flag("--nesterov");
  c.weight_decay = args.get_double("--weight-decay");
  c.batch_size = args.get("--batch-size") == "full" ? 0 : static_cast<std::int64_t>(args.get_unsigned("--batch-size"));
  if (args.get("--batch-size") != "full" && c.batch_size == 0) throw InputError("--batch-size must be >= 1 or 'full'");
  c.schedule = args.get("--schedule");
  c.loss = args.get("--loss");
  c.epochs = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--epochs"), 1000000));
  if (args.given("--target-error")) c.target_error = args.get_double("--target-error");
  c.record_every = args.get("--record-every") == "auto"
                       ? -1
                       : static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--record-every"), 1ULL << 62));
  c.seed = args.get_unsigned("--seed");
  c.device = args.get("--device");
  c.threads = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--threads"), 4096));
  return c;
}

// Error (and loss) curves of one or more runs in one figure each.
std::vector<std::string> curve_figures(const std::vector<std::pair<std::string, nn::TrainResult>>& runs,
                                       const std::string& dir, const std::string& stem, const std::string& title) {
  plot::LineFigure errors{title + ": classification error", "epoch", "error", false, false, {}};
  plot::LineFigure losses{title + ": loss", "epoch", "loss", false, true, {}};
  for (const auto& [name, r] : runs) {
    plot::Series train_error{name + " train", {}, {}}, test_error{name + " test", {}, {}};
    plot::Series train_loss{name + " train", {}, {}}, test_loss{name + " test", {}, {}};
    for (const auto& h : r.history) {
      for (auto* s : {&train_error, &test_error, &train_loss, &test_loss}) s->x.push_back(h.epoch);
      train_error.y.push_back(h.train_error);
      test_error.y.push_back(h.test_error);
      train_loss.y.push_back(h.train_loss);
      test_loss.y.push_back(h.test_loss);
    }
    errors.series.push_back(train_error);
    errors.series.push_back(test_error);
    losses.series.push_back(train_loss);
    losses.series.push_back(test_loss);
  }
  std::vector<std::string> files;
  for (auto& [figure, name] : {std::pair{&errors, stem + "-error"}, std::pair{&losses, stem + "-loss"}}) {
    const auto f = plot::write_line_figure(*figure, (fs::path(dir) / name).string());
    files.push_back(f.data);
    files.push_back(f.script);
    files.insert(files.end(), f.images.begin(), f.images.end());
    if (!f.rendered) std::cerr << "note: " << f.message << "\n";
  }
  return files;
}

namespace {

int train_command(int argc, const char* const* argv) {
  Arguments args("train",
                 "Trains a LibTorch model, recording metrics.csv, trajectory.h5 (parameters per epoch), checkpoints "
                 "and the final weights in --out DIR; --resume continues a killed run. Exit status 3 when the run "
                 "diverges (its files are kept).");
  add_training_options(args);
  args.add("--out", "DIR", "run directory", "", true)
      .add_flag("--resume", "continue the run in DIR from its last checkpoint")
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json activation_info;
  nn::TrainConfig c = training_config(args, &activation_info);
  c.out_dir = args.get("--out");
  c.resume = args.flag("--resume");
  const nn::TrainResult r = nn::train(c, &std::cerr);

  json j = r.to_json();
  j["command"] = "train";
  j["config"] = c.to_json();
  if (!activation_info.is_null()) j["relu_approximation"] = activation_info;
  if (r.history.size() > 1 || r.diverged) {
    const auto figures = curve_figures({{c.activation == "relu" ? "relu" : c.model, r}}, c.out_dir, "curves", r.model_description);
    for (const auto& f : figures) j["files"].push_back(f);
  }
  std::ostringstream summary;
  summary << r.model_description << ": " << r.parameters << " parameters, " << r.epochs << " epochs, train error "
          << r.final_train_error << ", test error " << r.final_test_error << " (" << c.out_dir << ")";
  write_file_atomically((fs::path(c.out_dir) / "result.json").string(), j.dump(2) + "\n");
  finish(args, j, summary.str(), start, false);
  if (r.diverged) {
    std::cerr << "error: " << r.divergence << "\n";
    return kDiverged;
  }
  return 0;
}

}  // namespace

#ifdef LANDSCAPE_WITH_ALGEBRA
int poly_vs_relu_command(int argc, const char* const* argv) {
  Arguments args("experiment poly-vs-relu",
                 "Liao & Poggio 2017, Fig. 2: one architecture trained with ReLU and with a polynomial approximation of ReLU "
                 "(Legendre or Chebyshev, degree and interval as options), same data and seed; error curves of both "
                 "in one figure and a JSON summary. Presets: quick (a Fashion-MNIST subset, a few minutes on 2 CPU "
                 "cores), full (all of Fashion-MNIST, sized for a GPU).");
  add_training_options(args);
  args.add("--preset", "P", "quick or full (fills every option not given)", "quick")
      .add("--degree", "L", "degree of the polynomial", "8")
      .add("--interval", "A", "the approximation interval [-A, A]", "8")
      .add("--basis", "B", "legendre or chebyshev", "legendre")
      .add("--out", "DIR", "output directory", "", true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const std::string preset = args.get("--preset");
  if (preset != "quick" && preset != "full") throw InputError("--preset '" + preset + "': expected quick or full");
  nn::TrainConfig c = training_config(args, nullptr);
  // The presets: Liao & Poggio's conv net (BN between hidden layers keeps the pre-activations in
  // the interval where the polynomial approximates ReLU).
  if (!args.given("--model")) c.model = "dcnn";
  if (!args.given("--dataset")) c.dataset = preset == "quick" ? "fashion-mnist:n=20000,test=5000" : "fashion-mnist";
  if (!args.given("--epochs")) c.epochs = preset == "quick" ? 8 : 30;
  if (!args.given("--lr")) c.lr = 0.05;
  if (!args.given("--device") && preset == "full") c.device = "cuda";
  if (!args.given("--schedule")) c.schedule = "cosine";
  if (!args.given("--record-every")) c.record_every = 0;  // two error curves: epoch ends suffice
  const std::string basis = args.get("--basis");
  const std::string approx_text = "relu-approx:" + args.get("--degree") + ":" + args.get("--interval") + ":" + basis;
  const auto p = approximation(approx_text);
  const std::string out = args.get("--out");
  fs::create_directories(out);

  std::vector<std::pair<std::string, nn::TrainResult>> runs;
  json per = json::object();
  for (const auto& [name, act] : {std::pair<std::string, std::string>{"relu", "relu"}, {"poly", p.activation()}}) {
    nn::TrainConfig run = c;
    run.activation = act;
    run.out_dir = (fs::path(out) / name).string();
    run.resume = fs::exists(fs::path(run.out_dir) / "checkpoint.pt");  // an interrupted experiment continues
    std::cerr << "== " << name << " (" << act.substr(0, 60) << (act.size() > 60 ? "..." : "") << ")\n";
    const auto r = nn::train(run, &std::cerr);
    per[name] = {{"final_train_error", r.final_train_error}, {"final_test_error", r.final_test_error},
                 {"final_train_loss", r.final_train_loss},   {"final_test_loss", r.final_test_loss},
                 {"epochs", r.epochs},                        {"diverged", r.diverged},
                 {"divergence", r.divergence},                {"train_seconds", r.train_seconds},
                 {"samples_per_second", r.samples_per_second}, {"run_dir", run.out_dir},
                 {"activation", act}};
    runs.emplace_back(name, r);
  }
  json j;
  j["command"] = "experiment poly-vs-relu";
  j["preset"] = preset;
  j["model"] = runs.front().second.model_description;
  j["parameters"] = runs.front().second.parameters;
  j["config"] = c.to_json();
  j["relu"] = per["relu"];
  j["poly"] = per["poly"];
  j["polynomial"] = {{"degree", p.degree}, {"interval", args.get("--interval")}, {"basis", algebra::to_string(p.basis)},
                     {"sup_error_vs_relu", p.sup_error}, {"activation", p.activation()}};
  const double gap = runs[1].second.final_test_error - runs[0].second.final_test_error;
  j["test_error_gap"] = gap;  // poly minus relu
  j["within_3_points"] = !runs[1].second.diverged && std::abs(gap) <= 0.03;
  j["files"] = curve_figures(runs, out, "poly-vs-relu", "ReLU vs polynomial (degree " + std::to_string(p.degree) + ")");
  write_file_atomically((fs::path(out) / "summary.json").string(), j.dump(2) + "\n");
  j["files"].push_back((fs::path(out) / "summary.json").string());
  std::ostringstream summary;
  summary << "test error: relu " << runs[0].second.final_test_error << ", poly (degree " << p.degree << " on [-"
          << args.get("--interval") << ", " << args.get("--interval") << "]) " << runs[1].second.final_test_error
          << (runs[1].second.diverged ? " (diverged)" : "") << "; figure " << (fs::path(out) / "poly-vs-relu-error.png").string();
  finish(args, j, summary.str(), start, false);
  return 0;
}

#endif

std::vector<Command> train_commands() {
  return {{"train", "train a LibTorch model with recorded trajectory", train_command},
          {"experiment", "the papers' experiments (poly-vs-relu, branches, perturb-retrain, lipton, sharp-flat)",
           experiment_command}};
}

}  // namespace landscape::cli
