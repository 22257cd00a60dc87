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
//   batch-switch     the 2018 slides: large batch, then small batch, the line through both
//   overparam        Liao & Poggio 2017 App. D, Fig. 40
//   poly-vs-relu     Liao & Poggio 2017 Fig. 2 (train_commands.cpp)
#include <iostream>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/experiments/batch_outliers.hpp"
#include "landscape/experiments/batch_switch.hpp"
#include "landscape/experiments/branches.hpp"
#include "landscape/experiments/lipton.hpp"
#include "landscape/experiments/overparam.hpp"
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

// Small-scale CPU defaults for every experiment (each overridable by the training options, and
// shown by --help): a 5,000-image Fashion-MNIST subset, lr 0.05, and on it the MLP 784-64-10 (with
// another --dataset the MLP defaults to inputs-256-classes, as in train); trajectories recorded
// at epoch ends. The training options are bound to `base`, --out to `out_dir`.
void add_experiment_options(Arguments& args, nn::TrainConfig& base, std::string& out_dir) {
  base.dataset = "fashion-mnist:n=5000,test=1000", base.lr = 0.05;
  add_training_options(args, base);
  args.bind("--out", "DIR", "output directory (runs, summary.json, figures)", out_dir, true).add_flag("--json", "print a JSON summary");
}

// After parsing: the training options that are more than their field, and the defaults that
// depend on what was given.
void experiment_config(const Arguments& args, nn::TrainConfig& c) {
  finish_training_config(args, c, nullptr);
  if (!args.given("--arch") && !args.given("--dataset") && c.model == "mlp") c.arch = "784,64,10";
  if (!args.given("--record-every")) c.record_every = 0;  // the MDS figures label each record by its epoch
}

int branches(int argc, const char* const* argv) {
  Arguments args("experiment branches",
                 "Liao & Poggio 2017: a main run in stages; at the start of each stage, K branches from the previous stage's "
                 "endpoint perturbed layer-wise (sigma = c x the tensor's weight standard deviation, or with --perturb-scale "
                 "magnitude x its mean |w|), trained in parallel with the unperturbed continuation and R - 1 unperturbed "
                 "repeats (Figs. 3, 8: MDS, labelled by training error). --branch-epochs: branches from one main run at "
                 "those epochs, to its end (Figs. 4, 14). --mode full-batch: gradient descent on the whole training set, "
                 "with the epoch-wise interpolation between every branch and the main run.");
  ex::BranchesOptions o;
  o.base.epochs = 3;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--stages", "S", "stages (1..100)", o.stages).bind("--branches", "K", "perturbed branches per stage or branch point (0..100)", o.branches)
      .bind("--repeats", "R", "unperturbed runs per stage or branch point, the main one included (paper: 4)", o.repeats)
      .bind("--branch-epochs", "LIST", "branch points, epochs of the main run (paper: 0,10,50,200)", o.branch_epochs, 0)
      .bind("--layer", "NAME", "MDS of this parameter tensor (paper: the 2nd, 4th, 6th layers) or all", o.layer)
      .bind("--labels", "L", "MDS labels: error (training error) or epoch", o.labels)
      .bind("--sigma", "C", "perturbation size c", o.sigma).add("--mode", "M", "sgd or full-batch", "sgd")
      .add("--preset", "P", "small or paper (Liao & Poggio's DCNN recipe on CIFAR-10, CUDA; fills every option not given)", "small");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  const std::string mode = args.get("--mode");
  if (mode != "sgd" && mode != "full-batch") throw InputError("--mode '" + mode + "': expected sgd or full-batch");
  o.full_batch = mode == "full-batch";
  if (o.full_batch) {
    o.base.batch_size = 0;
    if (!args.given("--lr")) o.base.lr = 0.1;
    if (!args.given("--momentum")) o.base.momentum = 0;
  }
  if (args.given("--branch-epochs") && !args.given("--stages")) o.stages = 1;
  ex::apply_preset(o, args.get("--preset"), given_field(args));
  print_result(args, ex::run_branches(o, &std::cerr), start);
  return 0;
}

int perturb_retrain(int argc, const char* const* argv) {
  Arguments args("experiment perturb-retrain",
                 "Liao & Poggio 2017: models taken at several epochs of a base run (and M_final: the base run continued by "
                 "full-batch gradient descent, App. E) are perturbed layer-wise K times and retrained; every copy's "
                 "retraining curves, the interpolation between two of them before and after retraining (Figs. 5, 30, 37) "
                 "and, against a randomly initialized reference trained the same way, the agreement matrices "
                 "P(column correct | row correct) and P(column wrong | row wrong) on the test set (Fig. 23).");
  ex::PerturbRetrainOptions o;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--at", "EPOCHS", "epochs of the base run to perturb, comma-separated", o.at, 0)
      .bind("--copies", "K", "perturbed copies per model (2..50)", o.copies).bind("--sigma", "C", "perturbation size c", o.sigma)
      .bind("--retrain", "E", "epochs of retraining", o.retrain)
      .bind("--final-epochs", "E", "M_final: full-batch epochs after the base run (0: none; paper: 400)", o.final_epochs)
      .bind_flag("--full-batch-retrain", "retrain by full-batch gradient descent", o.full_batch_retrain)
      .add("--preset", "P", "small or paper (Liao & Poggio's DCNN recipe on CIFAR-10, CUDA; fills every option not given)", "small");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  ex::apply_preset(o, args.get("--preset"), given_field(args));
  print_result(args, ex::run_perturb_retrain(o, &std::cerr), start);
  return 0;
}

int lipton(int argc, const char* const* argv) {
  Arguments args("experiment lipton",
                 "Lipton 2016: (a) runs from the same initialization with different data orders; (b) clones of a model "
                 "pretrained for k epochs, continued with different data orders; (c) runs from different initializations "
                 "(seeds S + 1, ..., same data). Distances between the solutions, their norms and distances from the start, "
                 "PCA of the solutions and of the trajectories (every K-th epoch).");
  ex::LiptonOptions o;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--runs", "R", "runs per setting (2..100)", o.runs).bind("--pretrain", "K", "epochs of pretraining for the clones", o.pretrain)
      .bind("--every", "K", "the trajectories' PCA on every K-th epoch (Lipton: 10)", o.every)
      .add("--preset", "P", "small or paper (MNIST as idx:DIR, a conv net with dropout, 200 epochs, CUDA; fills every option not given)", "small");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  ex::apply_preset(o, args.get("--preset"), given_field(args));
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
  ex::SharpFlatOptions o;
  o.base.epochs = 10;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--small", "B", "small batch size", o.small_batch).bind("--large", "B", "large batch size", o.large_batch)
      .bind("--decay", "WD", "the weight decay of the runs with decay", o.decay)
      .bind("--radius", "R", "the sharpness radius r", o.radius).add("--x", "MIN:MAX:N", "the 1-D coordinates", "-1:1:41");
  if (grid)
    args.add("--preset", "P", "small or paper (fills every option not given)", "small")
        .bind("--adam-lr", "X", "the learning rate of the Adam runs", o.adam_lr)
        .add("--surface-points", "N", "2-D contours on N x N points of [-1, 1]^2 (0: none; default 11, paper 51)");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  o.alphas = parse_range("--x", args.get("--x"));
  if (grid) {
    o.optimizers = {"sgd", "adam"}, o.command = "experiment optimizer-grid";
    if (args.given("--surface-points")) o.surface_points = args.get_int("--surface-points");
    ex::apply_preset(o, args.get("--preset"), given_field(args));
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
  ex::ArchitecturesOptions o;
  add_experiment_options(args, o.base, o.out_dir);
  args.add("--preset", "P", "small or paper (fills every option not given)", "small")
      .add("--models", "LIST", "models, comma-separated (default small: resnet20,resnet20-noshort,wrn20-2)")
      .add("--surface-points", "N", "contours on N x N points of [-1, 1]^2 (0: none; default 9, paper 51)")
      .add("--surface-samples", "N", "the contours on the first N training samples (0: all; default 500, paper 0)");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  if (args.given("--models")) o.models = split(args.get("--models"), ',');
  if (args.given("--surface-points")) o.surface_points = args.get_int("--surface-points");
  if (args.given("--surface-samples")) o.surface_samples = static_cast<std::int64_t>(args.get_unsigned("--surface-samples"));
  ex::apply_preset(o, args.get("--preset"), given_field(args));
  print_result(args, ex::run_architectures(o, &std::cerr), start);
  return 0;
}

int batch_outliers(int argc, const char* const* argv) {
  Arguments args("experiment batch-outliers",
                 "The 2018 slides (after Sagun et al. 2017): runs with several batch sizes, each to --target-error (default "
                 "0.1, at most --epochs 200), and at each minimum the largest Hessian eigenvalues (Lanczos on exact "
                 "Hessian-vector products): the outliers above the largest gap against the number of classes, the "
                 "largest eigenvalue against the batch size; one figure.");
  ex::BatchOutliersOptions o;
  o.base.target_error = 0.1, o.base.epochs = 200;
  add_experiment_options(args, o.base, o.out_dir);
  args.add("--batches", "LIST", "batch sizes, comma-separated", "32,128,512,2048")
      .bind("--top", "K", "eigenvalues per minimum (0: twice the classes)", o.top);
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  o.batches.clear();
  for (int b : parse_int_list("--batches", args.get("--batches"))) o.batches.push_back(b);
  print_result(args, ex::run_batch_outliers(o, &std::cerr), start);
  return 0;
}

int batch_switch(int argc, const char* const* argv) {
  Arguments args("experiment batch-switch",
                 "The 2018 slides (after Sagun et al. 2017): train with a large batch, switch to a small batch at its end "
                 "point and continue; the loss along the line w_LB + t (w_SB - w_LB) through both solutions: t < 0 "
                 "away from the LB solution, t > 1 away from the SB solution, [0, 1] between them. JSON: barrier, "
                 "rise_beyond_large, rise_beyond_small, distance.");
  ex::BatchSwitchOptions o;
  o.base.epochs = 10;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--large", "B", "the large batch size (0: full batch)", o.large_batch).bind("--small", "B", "the small batch size", o.small_batch)
      .bind("--small-epochs", "E", "epochs of the small-batch continuation", o.small_epochs).add("--t", "MIN:MAX:N", "the line's points", "-1:2:31")
      .bind("--samples", "N", "the line on the first N samples of each set (0: all)", o.samples);
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  o.ts = parse_range("--t", args.get("--t"));
  print_result(args, ex::run_batch_switch(o, &std::cerr), start);
  return 0;
}

int overparam(int argc, const char* const* argv) {
  Arguments args("experiment overparam",
                 "Liao & Poggio 2017, App. D and Fig. 40: over-parametrization does not raise the validation error. One "
                 "recipe at several training-set sizes and widths (the MLP's hidden layers all W wide; a dcnn's channels "
                 "W, 2W, 4W, 8W); table.csv with parameters per sample and the errors, a figure of the errors against "
                 "parameters; JSON rise_at_widest per size (the widest net's test error minus the best one's).");
  ex::OverparamOptions o;
  o.base.epochs = 20;
  add_experiment_options(args, o.base, o.out_dir);
  args.bind("--sizes", "LIST", "training-set sizes", o.sizes).bind("--widths", "LIST", "widths W", o.widths);
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  experiment_config(args, o.base);
  print_result(args, ex::run_overparam(o, &std::cerr), start);
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
  ex::TrainedNullityOptions o;
  args.add("--activations", "LIST", "smooth activations, comma-separated", "smoolu,softplus,square")
      .bind("--widths", "LIST", "hidden widths, comma-separated", o.widths)
      .bind("--points", "N", "data points", o.points).bind("--inputs", "D", "input dimension", o.inputs).bind("--outputs", "K", "outputs", o.outputs)
      .bind("--seed", "S", "seed of the points (random:n=N,seed=S); the labels use S + 1", o.seed)
      .bind("--epochs", "E", "full-batch Adam epochs before Levenberg-Marquardt", o.epochs)
      .add_flag("--no-relu", "skip the ReLU rows").add_flag("--no-cooper", "skip Cooper's construction")
      .bind("--out", "DIR", "output directory (runs, nullity.csv, spectra figure, summary.json)", o.out_dir, true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.activations = split(args.get("--activations"), ','), o.label_seed = o.seed + 1;
  o.relu = !args.flag("--no-relu"), o.cooper = !args.flag("--no-cooper");
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
      {"batch-switch", "the 2018 slides: large batch, then small; the line through both solutions", batch_switch},
      {"overparam", "Liao & Poggio 2017 Fig. 40: errors against width at several data sizes", overparam},
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
