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

void add_training_options(Arguments& args, nn::TrainConfig& c) {
  args.bind("--model", "M", nn::kModelNames, c.model).bind("--arch", "LIST", "mlp widths d0,...,dL (default: inputs,256,classes)", c.arch)
      .add("--act", "A", "relu, smoolu, softplus, square, rectpow:k, poly:c0,...,cl[@A] (evaluated in the Chebyshev basis of [-A, A], A = 1 by default), relu-approx:DEGREE:A[:chebyshev] (refused when its evaluation error in --dtype may exceed its approximation error)", "relu")
      .add_flag("--no-bias", "layers without biases")
      .bind("--channels", "LIST", "dcnn hidden channels, one stride-2 conv layer each", c.channels)
      .bind_flag("--preact-norm", "mlp: BatchNorm (no affine parameters) before each activation", c.preact_norm)
      .bind("--dropout", "P", "mlp, dcnn: dropout of the hidden units while training (Lipton 2016)", c.dropout)
      .bind("--clamp", "A", "clamp pre-activations to [-A, A] (0: off)", c.clamp).bind("--dtype", "T", "float32 or float64", c.dtype)
      .bind("--init", "FROM", "start from a weights file (JSON, e.g. from landscape memorize; mlp) or a run DIR[@EPOCH]", c.init)
      .bind("--perturb", "C", "then add layer-wise Gaussian noise, sigma = C x each tensor's standard deviation", c.perturb)
      .bind("--perturb-seed", "S", "seed of that noise", c.perturb_seed)
      .bind("--perturb-scale", "S", "std, or magnitude (C x the mean |w|)", c.perturb_scale)
      .add("--order-seed", "S", "seed of the batch order (default: --seed)")
      .bind("--dataset", "D",
           "fashion-mnist[:n=N,test=M,seed=S], idx:DIR[:...], cifar10:DIR[:...], cifar100:DIR[:...,coarse=1], "
           "synthetic:d=D,n=N,test=M,teacher=H,classes=C (any with random-labels=1), exact:d=D,n=N,outputs=K,seed=S,labels=T (the algebra's random:n=N,seed=S points and random:seed=T labels, regression), csv:FILE[:d=D] (the algebra's CSV data: d inputs, default all columns but the last, then the targets)",
           c.dataset)
      .bind_flag("--normalize-input", "standardize each input feature with training-set statistics", c.normalize_input)
      .bind_flag("--normalize-channels", "or standardize each image channel (Li et al. 2018's CIFAR recipe)", c.normalize_channels)
      .add("--augment", "LIST", "crop (a 4-pixel border of black pixels, then a random window of the image size), flip (left-right, p = 1/2), both: crop,flip", "none")
      .bind("--optimizer", "O", "sgd or adam", c.optimizer).bind("--lr", "X", "learning rate", c.lr)
      .bind("--momentum", "X", "SGD momentum", c.momentum).bind_flag("--nesterov", "Nesterov momentum", c.nesterov)
      .bind("--weight-decay", "X", "L2 weight decay", c.weight_decay)
      .add("--batch-size", "B", "mini-batch size, or 'full' for full-batch gradient descent", "128")
      .bind("--schedule", "S", "constant, cosine, step:EVERY:GAMMA or milestones:E1,E2,...:GAMMA (Li et al. 2018: milestones:150,225,275:0.1)", c.schedule)
      .bind("--loss", "L", "auto, ce, mse or hinge (multi-class, Crammer-Singer)", c.loss).bind("--epochs", "E", "epochs", c.epochs)
      .add("--target-error", "X", "stop once the training error is at most X")
      .add("--record-every", "K",
           "also record the parameters every K steps (0: at epoch ends only; auto: about 50 records over the "
           "run besides the epoch ends, so that PCA paths of short runs are smooth)",
           "auto")
      .bind("--seed", "S", "seed of the initialization, data subsets and batch order", c.seed)
      .bind("--device", "D", "cpu or cuda", c.device).bind("--threads", "N", "CPU threads (0: every core)", c.threads);
}

void finish_training_config(const Arguments& args, nn::TrainConfig& c, json* activation_info) {
  c.activation = ex::resolve_activation(args.get("--act"), activation_info, args.get("--dtype"));
  c.bias = !args.flag("--no-bias");
  if (args.given("--order-seed")) c.order_seed = static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--order-seed"), 1ULL << 62));
  c.augment = args.get("--augment") == "none" ? "" : args.get("--augment");
  c.batch_size = args.get("--batch-size") == "full" ? 0 : static_cast<std::int64_t>(args.get_unsigned("--batch-size"));
  if (args.get("--batch-size") != "full" && c.batch_size == 0) throw InputError("--batch-size must be >= 1 or 'full'");
  if (args.given("--target-error")) c.target_error = args.get_double("--target-error");
  c.record_every = args.get("--record-every") == "auto" ? -1
                       : static_cast<std::int64_t>(std::min<std::uint64_t>(args.get_unsigned("--record-every"), 1ULL << 62));
}

namespace {

int train_command(int argc, const char* const* argv) {
  Arguments args("train",
                 "Trains a LibTorch model, recording metrics.csv, trajectory.h5 (parameters per epoch), checkpoints "
                 "and the final weights in --out DIR; --resume continues a killed run. Exit status 3 when the run "
                 "diverges (its files are kept).");
  nn::TrainConfig c;
  add_training_options(args, c);
  args.bind("--out", "DIR", "run directory", c.out_dir, true).bind_flag("--resume", "continue the run in DIR from its last checkpoint", c.resume)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json activation_info;
  finish_training_config(args, c, &activation_info);
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
  ex::PolyVsReluOptions o;
  add_training_options(args, o.base);
  args.add("--preset", "P", "quick or full (fills every option not given)", "quick").add("--degree", "L", "degree of the polynomial", "8")
      .add("--interval", "A", "the approximation interval [-A, A]", "8").add("--basis", "B", "legendre or chebyshev", "legendre")
      .add("--out", "DIR", "output directory", "", true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.preset = args.get("--preset");
  if (o.preset != "quick" && o.preset != "full") throw InputError("--preset '" + o.preset + "': expected quick or full");
  const bool quick = o.preset == "quick";
  nn::TrainConfig& c = o.base;
  finish_training_config(args, c, nullptr);
  ex::apply_train_defaults(c, ex::poly_vs_relu_preset(quick), given_field(args));
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
