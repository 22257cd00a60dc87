// `landscape experiment ...`: the papers' protocols (landscape/experiments/*.hpp). Each writes its
// runs under --out, a summary.json and figures; an interrupted experiment continues from its
// runs' checkpoints when started again with the same options. This file parses and prints.
//
//   branches         Liao & Poggio 2017 Figs. 3/8 and 4/14
//   perturb-retrain  Liao & Poggio 2017 Figs. 5/30/37 and 23
//   lipton           Lipton 2016
//   sharp-flat       Li et al. 2018 Section 5
//   optimizer-grid   Li et al. 2018 Table 1, Figs. 3, 15
//   architectures    Li et al. 2018 Table 2, Figs. 5, 6
//   trained-nullity  Cooper 2018 Prop. 2.3 at trained zero-loss points
//   batch-outliers   the 2018 slides: Hessian outliers against batch size and classes
//   poly-vs-relu     Liao & Poggio 2017 Fig. 2 (train_commands.cpp)
#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/experiments/batch_outliers.hpp"
#include "landscape/experiments/branches.hpp"
#include "landscape/experiments/lipton.hpp"
#include "landscape/experiments/perturb_retrain.hpp"
#include "landscape/experiments/presets.hpp"
#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/experiments/trained_nullity.hpp"
#endif
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "train_options.hpp"

namespace landscape::cli {

namespace {

namespace ex = landscape::experiments;

// Small-scale CPU defaults for every experiment (each overridable by the training options): a
// 5,000-image Fashion-MNIST subset, lr 0.05, and on it the MLP 784-64-10 (with another --dataset
// the MLP defaults to inputs-256-classes, as in train); trajectories recorded at epoch ends.
nn::TrainConfig experiment_config(const Arguments& args) {
  nn::TrainConfig c = training_config(args, nullptr);
  if (!args.given("--dataset")) c.dataset = "fashion-mnist:n=5000,test=1000";
  if (!args.given("--lr")) c.lr = 0.05;
  if (!args.given("--arch") && !args.given("--dataset") && c.model == "mlp") c.arch = "784,64,10";
  if (!args.given("--record-every")) c.record_every = 0;  // the MDS figures label each record by its epoch
  return c;
}

void add_experiment_options(Arguments& args) {
  add_training_options(args);
  args.add("--out", "DIR", "output directory (runs, summary.json, figures)", "", true).add_flag("--json", "print a JSON summary");
}

int branches(int argc, const char* const* argv) {
  Arguments args("experiment branches",
                 "Liao & Poggio 2017: a main run in stages; at the start of each stage, K branches from the previous stage's "
                 "endpoint perturbed layer-wise (sigma = c x the tensor's weight standard deviation), trained in "
                 "parallel with the unperturbed continuation (Figs. 3, 8: MDS of all weights). --mode full-batch: "
                 "gradient descent on the whole training set, with the epoch-wise interpolation between each first "
                 "branch and the main trajectory (Figs. 4, 14).");
  add_experiment_options(args);
  args.add("--stages", "S", "stages (1..100)", "3").add("--branches", "K", "perturbed branches per stage (0..100)", "2")
      .add("--sigma", "C", "perturbation size c", "0.1").add("--mode", "M", "sgd or full-batch", "sgd");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::BranchesOptions o;
  o.base = experiment_config(args);
  if (!args.given("--epochs")) o.base.epochs = 3;
  const std::string mode = args.get("--mode");
  if (mode != "sgd" && mode != "full-batch") throw InputError("--mode '" + mode + "': expected sgd or full-batch");
  o.full_batch = mode == "full-batch";
  if (o.full_batch) {
    o.base.batch_size = 0;
    if (!args.given("--lr")) o.base.lr = 0.1;
    if (!args.given("--momentum")) o.base.momentum = 0;
  }
  o.stages = args.get_int("--stages"), o.branches = args.get_int("--branches"), o.sigma = args.get_double("--sigma");
  o.out_dir = args.get("--out");
  print_result(args, ex::run_branches(o, &std::cerr), start);
  return 0;
}

int perturb_retrain(int argc, const char* const* argv) {
  Arguments args("experiment perturb-retrain",
                 "Liao & Poggio 2017: models taken at several epochs of a base run are perturbed layer-wise K times and "
                 "retrained; the interpolation between two of them before and after retraining (Figs. 5, 30, 37) "
                 "and, against a randomly initialized reference trained the same way, the agreement matrices "
                 "P(column correct | row correct) and P(column wrong | row wrong) on the test set (Fig. 23).");
  add_experiment_options(args);
  args.add("--at", "EPOCHS", "epochs of the base run to perturb, comma-separated", "1,4")
      .add("--copies", "K", "perturbed copies per model (2..50)", "4").add("--sigma", "C", "perturbation size c", "0.25")
      .add("--retrain", "E", "epochs of retraining", "3");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::PerturbRetrainOptions o;
  o.base = experiment_config(args), o.at = parse_int_list("--at", args.get("--at"), 0);
  o.copies = args.get_int("--copies"), o.sigma = args.get_double("--sigma"), o.retrain = args.get_int("--retrain");
  o.out_dir = args.get("--out");
  print_result(args, ex::run_perturb_retrain(o, &std::cerr), start);
  return 0;
}

int lipton(int argc, const char* const* argv) {
  Arguments args("experiment lipton",
                 "Lipton 2016: (a) runs from the same initialization with different data orders; (b) clones of a model "
                 "pretrained for k epochs, continued with different data orders. Distances between the solutions, "
                 "their norms and distances from the start, PCA of the solutions and of the trajectories.");
  add_experiment_options(args);
  args.add("--runs", "R", "runs per setting (2..100)", "4").add("--pretrain", "K", "epochs of pretraining for the clones", "1");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::LiptonOptions o;
  o.base = experiment_config(args), o.runs = args.get_int("--runs"), o.pretrain = args.get_int("--pretrain");
  o.out_dir = args.get("--out");
  print_result(args, ex::run_lipton(o, &std::cerr), start);
  return 0;
}

// `sharp-flat` (SGD) and `optimizer-grid` (Table 1: SGD and Adam, 2-D contours, presets).
int sharp_flat_or_grid(int argc, const char* const* argv, bool grid) {
  Arguments args(grid ? "experiment optimizer-grid" : "experiment sharp-flat",
                 std::string(grid ? "Li et al. 2018 Table 1 and Figs. 3, 15: SGD and Adam x small and large batch x weight decay 0 "
                                    "and --decay; per run the train loss, test error, sharpness and 2-D contours along two "
                                    "random filter-normalized directions (table.csv). Presets: small (CPU), paper (VGG-9, "
                                    "the CIFAR-10 recipe, CUDA; needs --dataset cifar10:DIR). "
                                  : "Li et al. 2018 Section 5: small- and large-batch training, without and with weight decay. ") +
                     "1-D plots around each minimizer along a filter-normalized and an un-normalized random direction, side by "
                     "side, with each run's test error. Sharpness = mean of L(-r), L(+r) minus L(0); the JSON gives the rank "
                     "correlation of each sharpness with the test error.");
  add_experiment_options(args);
  args.add("--small", "B", "small batch size", "64").add("--large", "B", "large batch size", "1024")
      .add("--decay", "WD", "the weight decay of the runs with decay", "0.0005")
      .add("--radius", "R", "the sharpness radius r", "0.5").add("--x", "MIN:MAX:N", "the 1-D coordinates", "-1:1:41");
  if (grid)
    args.add("--preset", "P", "small or paper (fills every option not given)", "small")
        .add("--adam-lr", "X", "the learning rate of the Adam runs", "0.001")
        .add("--surface-points", "N", "2-D contours on N x N points of [-1, 1]^2 (0: none; default 11, paper 51)");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::SharpFlatOptions o;
  o.base = experiment_config(args);
  if (!args.given("--epochs")) o.base.epochs = 10;
  o.small_batch = args.get_int("--small"), o.large_batch = args.get_int("--large");
  o.decay = args.get_double("--decay"), o.radius = args.get_double("--radius");
  o.alphas = parse_range("--x", args.get("--x")), o.out_dir = args.get("--out");
  if (grid) {
    o.optimizers = {"sgd", "adam"}, o.command = "experiment optimizer-grid";
    o.adam_lr = args.get_double("--adam-lr");
    if (args.given("--surface-points")) o.surface_points = args.get_int("--surface-points");
    ex::apply_preset(o, args.get("--preset"), [&](const std::string& f) { return args.given(flag_of_field(f)); });
  }
  print_result(args, ex::run_sharp_flat(o, &std::cerr), start);
  return 0;
}
int sharp_flat(int argc, const char* const* argv) { return sharp_flat_or_grid(argc, argv, false); }
int optimizer_grid(int argc, const char* const* argv) { return sharp_flat_or_grid(argc, argv, true); }

int architectures(int argc, const char* const* argv) {
  Arguments args("experiment architectures",
                 "Li et al. 2018 Section 6, Table 2 and Figs. 5, 6: models trained with one recipe, a table of their final "
                 "losses and errors (table.csv) and 2-D contours around each minimizer along two random filter-normalized "
                 "directions. Runs already in --out/MODEL (e.g. trained on a GPU with the same options) are read back, not "
                 "retrained. Presets: small (CPU), paper (ResNets with and without shortcuts, Wide-ResNets, DenseNet-121 "
                 "with the CIFAR-10 recipe on CUDA; needs --dataset cifar10:DIR; Li et al. train the deep -noshort nets "
                 "at a lower --lr).");
  add_experiment_options(args);
  args.add("--preset", "P", "small or paper (fills every option not given)", "small")
      .add("--models", "LIST", "models, comma-separated (default small: resnet20,resnet20-noshort,wrn20-2)")
      .add("--surface-points", "N", "contours on N x N points of [-1, 1]^2 (0: none; default 9, paper 51)")
      .add("--surface-samples", "N", "the contours on the first N training samples (0: all; default 500, paper 0)");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::ArchitecturesOptions o;
  o.base = experiment_config(args);
  if (args.given("--models")) o.models = split(args.get("--models"), ',');
  if (args.given("--surface-points")) o.surface_points = args.get_int("--surface-points");
  if (args.given("--surface-samples")) o.surface_samples = static_cast<std::int64_t>(args.get_unsigned("--surface-samples"));
  o.out_dir = args.get("--out");
  ex::apply_preset(o, args.get("--preset"), [&](const std::string& f) { return args.given(flag_of_field(f)); });
  print_result(args, ex::run_architectures(o, &std::cerr), start);
  return 0;
}

int batch_outliers(int argc, const char* const* argv) {
  Arguments args("experiment batch-outliers",
                 "The 2018 slides (after Sagun et al. 2017): runs with several batch sizes, each to --target-error (default "
                 "0.1, at most --epochs 200), and at each minimum the largest Hessian eigenvalues (Lanczos on exact "
                 "Hessian-vector products): the outliers above the largest gap against the number of classes, the "
                 "largest eigenvalue against the batch size; one figure.");
  add_experiment_options(args);
  args.add("--batches", "LIST", "batch sizes, comma-separated", "32,128,512,2048")
      .add("--top", "K", "eigenvalues per minimum (0: twice the classes)", "0");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::BatchOutliersOptions o;
  o.base = experiment_config(args);
  if (!args.given("--target-error")) o.base.target_error = 0.1;
  if (!args.given("--epochs")) o.base.epochs = 200;
  o.batches.clear();
  for (int b : parse_int_list("--batches", args.get("--batches"))) o.batches.push_back(b);
  o.top = args.get_int("--top"), o.out_dir = args.get("--out");
  print_result(args, ex::run_batch_outliers(o, &std::cerr), start);
  return 0;
}

#ifdef LANDSCAPE_WITH_ALGEBRA
int trained_nullity(int argc, const char* const* argv) {
  Arguments args("experiment trained-nullity",
                 "Cooper 2018, Prop. 2.3 on what training finds: nets with one hidden layer trained to zero loss on N exact "
                 "random points (full-batch Adam in float64, then Levenberg-Marquardt to a loss below 1e-12); per net K, "
                 "N*dL, the final loss, the Jacobian's rank, the Hessian's nullity (dense, from Hessian-vector products) "
                 "with the gap separating zero from non-zero eigenvalues, and K - N*dL. Smooth activations are the "
                 "theorem's rows; a ReLU row and Cooper's construction of the same data (MPFR) are reported beside them.");
  args.add("--activations", "LIST", "smooth activations, comma-separated", "smoolu,softplus,square")
      .add("--widths", "LIST", "hidden widths, comma-separated", "8,12,16")
      .add("--points", "N", "data points", "6").add("--inputs", "D", "input dimension", "2").add("--outputs", "K", "outputs", "1")
      .add("--seed", "S", "seed of the points (random:n=N,seed=S); the labels use S + 1", "1")
      .add("--epochs", "E", "full-batch Adam epochs before Levenberg-Marquardt", "300")
      .add_flag("--no-relu", "skip the ReLU rows").add_flag("--no-cooper", "skip Cooper's construction")
      .add("--out", "DIR", "output directory (runs, nullity.csv, spectra figure, summary.json)", "", true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::TrainedNullityOptions o;
  o.activations = split(args.get("--activations"), ','), o.widths = parse_int_list("--widths", args.get("--widths"));
  o.points = args.get_int("--points"), o.inputs = args.get_int("--inputs"), o.outputs = args.get_int("--outputs");
  o.seed = args.get_unsigned("--seed"), o.label_seed = o.seed + 1, o.epochs = args.get_int("--epochs");
  o.relu = !args.flag("--no-relu"), o.cooper = !args.flag("--no-cooper"), o.out_dir = args.get("--out");
  print_result(args, ex::run_trained_nullity(o, &std::cerr), start);
  return 0;
}
#endif

// The experiments, for the help and the dispatch.
const std::vector<Command>& experiments() {
  static const std::vector<Command> list = {
#ifdef LANDSCAPE_WITH_ALGEBRA
      {"poly-vs-relu", "Liao & Poggio 2017 Fig. 2: ReLU net vs its polynomial approximation", poly_vs_relu_command},
#endif
      {"branches", "Liao & Poggio 2017 Figs. 3/8 and 4/14: perturbed branches of staged training", branches},
      {"perturb-retrain", "Liao & Poggio 2017 Figs. 5/30/37 and 23: perturb, retrain, interpolate, agreement", perturb_retrain},
      {"lipton", "Lipton 2016: same initialization, different orders; clones", lipton},
      {"sharp-flat", "Li et al. 2018 Section 5: small vs large batch, weight decay, filter normalization", sharp_flat},
      {"optimizer-grid", "Li et al. 2018 Table 1: SGD/Adam x batch x weight decay, sharpness, contours", optimizer_grid},
      {"architectures", "Li et al. 2018 Table 2, Figs. 5/6: architectures, errors and contours", architectures},
      {"batch-outliers", "the 2018 slides: Hessian outliers against batch size and classes", batch_outliers},
#ifdef LANDSCAPE_WITH_ALGEBRA
      {"trained-nullity", "Cooper 2018 Prop. 2.3: Hessian nullity K - N*dL at trained zero-loss points", trained_nullity},
#endif
  };
  return list;
}

}  // namespace

int experiment_command(int argc, const char* const* argv) {
  return run_command(experiments(), argc, argv, "usage: landscape experiment <name> [options]\n\nexperiments:\n",
                     "landscape experiment --help");
}

}  // namespace landscape::cli
