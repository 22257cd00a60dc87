// `landscape train` and `landscape experiment poly-vs-relu`: LibTorch training runs (through the
// LibTorch-free interface of landscape/nn/training.hpp) and their figures.
#include <iostream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/nn/training.hpp"
#include "train_options.hpp"
#include "landscape/experiments/activations.hpp"
#include "landscape/experiments/training_runs.hpp"
#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/experiments/poly_vs_relu.hpp"
#include "landscape/experiments/presets.hpp"
#endif
#include "landscape/spec/error.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
namespace ex = landscape::experiments;

constexpr int kDiverged = 3;  // exit status of a run that diverged (its files are kept)

}  // namespace

void add_training_options(Arguments& args) {
  args.add("--model", "M", nn::kModelNames, "mlp")
      .add("--arch", "LIST", "mlp widths d0,...,dL (default: inputs,256,classes)")
      .add("--act", "A", "relu, smoolu, softplus, square, rectpow:k, poly:c0,...,cl[@A] (evaluated in the Chebyshev basis of [-A, A], A = 1 by default), relu-approx:DEGREE:A[:chebyshev] (refused when its evaluation error in --dtype may exceed its approximation error)", "relu")
      .add_flag("--no-bias", "layers without biases")
      .add("--channels", "LIST", "dcnn hidden channels, one stride-2 conv layer each", "16,32,64,128")
      .add_flag("--preact-norm", "mlp: BatchNorm (no affine parameters) before each activation")
      .add("--clamp", "A", "clamp pre-activations to [-A, A] (0: off)", "0")
      .add("--dtype", "T", "float32 or float64", "float32")
      .add("--init", "FROM", "start from a weights file (JSON, e.g. from landscape memorize; mlp) or a run DIR[@EPOCH]")
      .add("--perturb", "C", "then add layer-wise Gaussian noise, sigma = C x each tensor's standard deviation", "0")
      .add("--perturb-seed", "S", "seed of that noise", "0").add("--perturb-scale", "S", "std, or magnitude (C x the mean |w|)", "std")
      .add("--order-seed", "S", "seed of the batch order (default: --seed)")
      .add("--dataset", "D",
           "fashion-mnist[:n=N,test=M,seed=S], idx:DIR[:...], cifar10:DIR[:...], cifar100:DIR[:...,coarse=1], "
           "synthetic:d=D,n=N,test=M,teacher=H,classes=C (any with random-labels=1), exact:d=D,n=N,outputs=K,seed=S,labels=T (the algebra's random:n=N,seed=S points and random:seed=T labels, regression), csv:FILE[:d=D] (the algebra's CSV data: d inputs, default all columns but the last, then the targets)",
           "fashion-mnist")
      .add_flag("--normalize-input", "standardize each input feature with training-set statistics")
      .add_flag("--normalize-channels", "or standardize each image channel (Li et al. 2018's CIFAR recipe)")
      .add("--augment", "LIST", "crop (a 4-pixel border of black pixels, then a random window of the image size), flip (left-right, p = 1/2), both: crop,flip", "none")
      .add("--optimizer", "O", "sgd or adam", "sgd")
      .add("--lr", "X", "learning rate", "0.01")
      .add("--momentum", "X", "SGD momentum", "0.9")
      .add_flag("--nesterov", "Nesterov momentum")
      .add("--weight-decay", "X", "L2 weight decay", "0")
      .add("--batch-size", "B", "mini-batch size, or 'full' for full-batch gradient descent", "128")
      .add("--schedule", "S", "constant, cosine, step:EVERY:GAMMA or milestones:E1,E2,...:GAMMA (Li et al. 2018: milestones:150,225,275:0.1)", "constant")
      .add("--loss", "L", "auto, ce or mse", "auto")
      .add("--epochs", "E", "epochs", "5")
      .add("--target-error", "X", "stop once the training error is at most X")
      .add("--record-every", "K",
           "also record the parameters every K steps (0: at epoch ends only; auto: about 50 records over the "
           "run besides the epoch ends, so that PCA paths of short runs are smooth)",
           "auto")
      .add("--seed", "S", "seed of the initialization, data subsets and batch order", "0")
      .add("--device", "D", "cpu or cuda", "cpu").add("--threads", "N", "CPU threads (0: every core)", "0");
}

nn::TrainConfig training_config(const Arguments& args, json* activation_info) {
  nn::TrainConfig c;
  c.model = args.get("--model"), c.arch = args.get_optional("--arch").value_or("");
  c.activation = ex::resolve_activation(args.get("--act"), activation_info, args.get("--dtype"));
  c.bias = !args.flag("--no-bias"), c.channels = parse_int_list("--channels", args.get("--channels"));
  c.preact_norm = args.flag("--preact-norm"), c.clamp = args.get_double("--clamp"), c.dtype = args.get("--dtype");
  c.init = args.get_optional("--init").value_or(""), c.perturb = args.get_double("--perturb");
  c.perturb_seed = args.get_unsigned("--perturb-seed"), c.perturb_scale = args.get("--perturb-scale");
  if (args.given("--order-seed")) c.order_seed = static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--order-seed"), 1ULL << 62));
  c.dataset = args.get("--dataset");
  c.normalize_input = args.flag("--normalize-input"), c.normalize_channels = args.flag("--normalize-channels");
  c.augment = args.get("--augment") == "none" ? "" : args.get("--augment"), c.optimizer = args.get("--optimizer");
  c.lr = args.get_double("--lr"), c.momentum = args.get_double("--momentum"), c.nesterov = args.flag("--nesterov");
  c.weight_decay = args.get_double("--weight-decay");
  c.batch_size = args.get("--batch-size") == "full" ? 0 : static_cast<std::int64_t>(args.get_unsigned("--batch-size"));
  if (args.get("--batch-size") != "full" && c.batch_size == 0) throw InputError("--batch-size must be >= 1 or 'full'");
  c.schedule = args.get("--schedule"), c.loss = args.get("--loss");
  c.epochs = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--epochs"), 1000000));
  if (args.given("--target-error")) c.target_error = args.get_double("--target-error");
  c.record_every = args.get("--record-every") == "auto" ? -1
                       : static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--record-every"), 1ULL << 62));
  c.seed = args.get_unsigned("--seed"), c.device = args.get("--device");
  c.threads = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--threads"), 4096));
  return c;
}

namespace {

int train_command(int argc, const char* const* argv) {
  Arguments args("train",
                 "Trains a LibTorch model, recording metrics.csv, trajectory.h5 (parameters per epoch), checkpoints "
                 "and the final weights in --out DIR; --resume continues a killed run. Exit status 3 when the run "
                 "diverges (its files are kept).");
  add_training_options(args);
  args.add("--out", "DIR", "run directory", "", true).add_flag("--resume", "continue the run in DIR from its last checkpoint")
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json activation_info;
  nn::TrainConfig c = training_config(args, &activation_info);
  c.out_dir = args.get("--out"), c.resume = args.flag("--resume");
  const nn::TrainResult r = nn::train(c, &std::cerr);
  const auto record = ex::training_run_record(c, r, activation_info, &std::cerr);
  finish(args, record.to_json(), record.summary(), start, false);
  if (r.diverged) {
    // The library names what helps by field (preact_norm, ...); here they are the flags.
    std::string message = r.divergence;
    const std::string advice = "What keeps a polynomial net trainable:";
    if (const auto at = message.find(advice); at != std::string::npos)
      message = message.substr(0, at + advice.size()) +
                " --preact-norm, --normalize-input, --clamp A (its approximation interval), a lower --lr";
    std::cerr << "error: " << message << "\n";
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
  args.add("--preset", "P", "quick or full (fills every option not given)", "quick").add("--degree", "L", "degree of the polynomial", "8")
      .add("--interval", "A", "the approximation interval [-A, A]", "8").add("--basis", "B", "legendre or chebyshev", "legendre")
      .add("--out", "DIR", "output directory", "", true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::PolyVsReluOptions o;
  o.preset = args.get("--preset");
  if (o.preset != "quick" && o.preset != "full") throw InputError("--preset '" + o.preset + "': expected quick or full");
  const bool quick = o.preset == "quick";
  nn::TrainConfig& c = o.base;
  c = training_config(args, nullptr);
  ex::apply_train_defaults(c, ex::poly_vs_relu_preset(quick), [&](const std::string& f) { return args.given(flag_of_field(f)); });
  o.degree = args.get_int("--degree"), o.interval = args.get("--interval"), o.basis = args.get("--basis"), o.out_dir = args.get("--out");
  print_result(args, ex::run_poly_vs_relu(o, &std::cerr), start);
  return 0;
}
#endif

std::vector<Command> train_commands() {
  return {{"train", "train a LibTorch model with recorded trajectory", train_command},
          {"experiment", "the papers' experiments (poly-vs-relu, branches, perturb-retrain, lipton, sharp-flat, ...)",
           experiment_command}};
}

}  // namespace landscape::cli
