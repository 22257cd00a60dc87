// Landscape probes on run directories of `landscape train` (Li et al. 2018, Liao & Poggio 2017 Section 4,
// Lipton 2016, the 2018 slides): surface, interpolate, pca, mds, spectrum, curvature-map, connect. LibTorch stays behind landscape/nn/probes.hpp.
#include <algorithm>
#include <iostream>
#include <tuple>

#include "landscape/spec/files.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/experiments/connect.hpp"
#include "landscape/experiments/curvature_map.hpp"
#include "landscape/experiments/model_probes.hpp"
#include "landscape/experiments/pca_path.hpp"
#include "landscape/experiments/spectrum.hpp"
#include "landscape/experiments/surface_scan.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::cli {

namespace {

namespace ex = landscape::experiments;

// --run, --checkpoint, --samples, --device, --threads, bound to the fields of any options struct
// that has them.
template <class Options>
void add_probe_options(Arguments& args, Options& o) {
  args.bind("--run", "DIR", "a run directory of landscape train", o.run_dir, true)
      .bind("--checkpoint", "C", "final, or an epoch recorded in the run's trajectory.h5", o.checkpoint)
      .bind("--samples", "N", "evaluate on the first N samples of each set (0: all)", o.samples)
      .bind("--device", "D", "cpu or cuda", o.device).bind("--threads", "N", "CPU threads (0: auto)", o.threads);
}

int surface_command(int argc, const char* const* argv) {
  Arguments args("surface",
                 "Loss and accuracy over a 1-D line or a 2-D plane through a trained model along random directions "
                 "(Li et al. 2018): HDF5 with the reference tool's keys (xcoordinates, ycoordinates, train_loss, train_acc, "
                 "test_loss, test_acc; train_loss[i, j] at xcoordinates[i], ycoordinates[j]) and figures. Resumes an "
                 "interrupted grid with --resume; under mpirun the grid is split across the ranks.");
  ex::SurfaceOptions o;
  add_probe_options(args, o);
  args.bind("--directions", "N", "filter, layer or none (normalization of the random directions)", o.directions)
      .add("--ignore", "WHAT", "biasbn: zero the directions in biases and BatchNorm parameters; none: set them to the weights", "biasbn")
      .add("--x", "MIN:MAX:N", "the x coordinates", "-1:1:51").add("--y", "MIN:MAX:N", "the y coordinates (a 2-D surface)")
      .bind("--seed", "S", "seed of the random directions", o.seed).bind("--dir-file", "FILE", "reuse the directions of an earlier surface (its .directions.h5)", o.direction_file)
      .bind("--to", "DIR[@EPOCH]", "x direction = (that model) - (this model), un-normalized: x = 1 is that model", o.to)
      .bind_flag("--pca", "x, y directions = the top two PCA directions of the run's trajectory (unit vectors)", o.pca)
      .add("--data", "SET", "train, test or both", "train").add("--method", "M", "structured (MLP: first layer once for the whole grid) or direct", "structured")
      .add("--block", "K", "points per block between saves of the partial grid", "64").bind_flag("--log", "log-scale loss figures", o.log_scale)
      .bind_flag("--resume", "fill in the missing points of an interrupted --out", o.resume)
      .add("--repeat", "K", "K surfaces along random directions of seeds S..S+K-1 (Li et al. 2018 Figs. 16, 17; lines overlaid)", "1")
      .bind("--out", "FILE.h5", "the surface file; figures and directions beside it", o.out, true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.ignore_biasbn = ex::parse_ignore(args.get("--ignore")), o.xs = parse_range("--x", args.get("--x"));
  if (args.given("--y")) o.ys = parse_range("--y", args.get("--y"));
  std::tie(o.train, o.test) = ex::parse_data_sets(args.get("--data"));
  o.structured = ex::parse_method(args.get("--method"));
  o.block = static_cast<std::int64_t>(std::max(1, args.get_int("--block")));
  const int repeat = args.get_int("--repeat");
  print_result(args, repeat != 1 ? ex::repeat_surface(o, repeat, &std::cerr) : ex::ProtocolResult(ex::scan_surface(o, &std::cerr)), start);
  return 0;
}

int interpolate_command(int argc, const char* const* argv) {
  Arguments args("interpolate",
                 "Loss and accuracy along (1 - t) w_A + t w_B between two models (Li et al. 2018 Section 5, Appendix A.5; "
                 "Liao & Poggio 2017 Fig. 5), BatchNorm running statistics interpolated too.");
  ex::InterpolationOptions o;
  add_probe_options(args, o);
  args.bind("--to", "DIR", "the second run directory (default: --run)", o.to_dir)
      .bind("--to-checkpoint", "C", "checkpoint of the second model", o.to_checkpoint).add("--t", "MIN:MAX:N", "the values of t", "-0.5:1.5:41")
      .add("--data", "SET", "train, test or both", "both").bind_flag("--log", "log-scale loss figure", o.log_scale)
      .bind("--out", "DIR", "output directory (CSV, HDF5, figures)", o.out_dir, true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.ts = parse_range("--t", args.get("--t"));
  std::tie(o.train, o.test) = ex::parse_data_sets(args.get("--data"));
  print_result(args, ex::interpolate_models(o), start);
  return 0;
}

// `pca` (Li et al. 2018 Fig. 9) and `project` (Fig. 8: random directions, or the PCA plane).
int pca_or_project(int argc, const char* const* argv, bool project) {
  Arguments args(project ? "project" : "pca",
                 project ? "A run's trajectory relative to its final point projected (least squares) on two random Gaussian "
                           "directions (Li et al. 2018 Fig. 8, the failure case) or on the top two PCA directions, with "
                           "direction_cosine (random directions: |cos| about sqrt(2/(pi n))) and captured_fraction (the share of the "
                           "path's squared distance the plane keeps); with --out, the path over the loss contours of that plane."
                         : "PCA of a run's trajectory relative to its final point (Li et al. 2018 Section 7, Lipton 2016), with the "
                           "variance explained by each component; with --out, the path over the loss contours in the plane of "
                           "the top two components.");
  args.add("--run", "DIR", "a run directory of landscape train", "", true).add("--components", "K", "components to report (pca)", "10")
      .add("--out", "DIR", "draw the path over the loss contours here (evaluates a grid)")
      .add("--grid", "N", "grid points per axis for the contours", "21")
      .add("--samples", "N", "evaluate the contours on the first N training samples (0: all)", "0")
      .add("--device", "D", "cpu or cuda", "cpu").add("--threads", "N", "CPU threads (0: auto)", "0")
      .add_flag("--json", "print a JSON summary");
  if (project) args.add("--directions", "D", "random or pca", "random").add("--seed", "S", "seed of the random directions", "0");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::PcaPathOptions o;
  o.run_dir = args.get("--run"), o.components = args.get_int("--components");
  o.out_dir = args.get_optional("--out").value_or(""), o.grid = std::max(2, args.get_int("--grid"));
  o.samples = static_cast<std::int64_t>(args.get_unsigned("--samples")), o.device = args.get("--device");
  o.threads = std::min(args.get_int("--threads"), 4096);
  if (project) o.directions = args.get("--directions"), o.seed = args.get_unsigned("--seed");
  print_result(args, project ? ex::project_path(o, &std::cerr) : ex::pca_path(o, &std::cerr), start);
  return 0;
}
int pca_command(int argc, const char* const* argv) { return pca_or_project(argc, argv, false); }
int project_command(int argc, const char* const* argv) { return pca_or_project(argc, argv, true); }

int mds_command(int argc, const char* const* argv) {
  Arguments args("mds",
                 "Classical (strain) multidimensional scaling of the weights recorded in one or more runs (Liao & Poggio 2017 "
                 "Section 4.1, Figs. 3, 4, 14-17): per layer or all layers, 1 - cosine or Euclidean dissimilarity; "
                 "points labelled by epoch and coloured by run. Also the distances between the runs' final points "
                 "and their norms (Lipton 2016).");
  ex::MdsOptions o;
  args.add("--runs", "DIRS", "run directories, comma-separated", "", true)
      .bind("--layer", "NAME", "a parameter tensor (e.g. fc0.weight) or all", o.layer)
      .bind("--dissimilarity", "D", "cosine (1 - cos) or euclidean", o.dissimilarity).bind("--every", "K", "use every K-th record of each trajectory", o.every)
      .bind("--out", "DIR", "output directory (CSV, figure)", o.out_dir, true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  for (const auto& r : split(args.get("--runs"), ','))
    if (!r.empty()) o.run_dirs.push_back(r);
  print_result(args, ex::mds_of_runs(o), start);
  return 0;
}

int spectrum_command(int argc, const char* const* argv) {
  Arguments args("spectrum",
                 "Curvature of a trained model's training loss (the 2018 slides; Cooper 2018; Li et al. 2018 Section 6): the "
                 "largest and smallest eigenvalues of the Hessian (or of the Gauss-Newton matrix, or of the residual part "
                 "H - G) by Lanczos with full reorthogonalization on exact Hessian-vector products, each with its Ritz "
                 "residual (an error bound); the trace (Hutch++, exact for up to 1,000 parameters); the eigenvalue "
                 "density by stochastic Lanczos quadrature. JSON: top, bottom, residuals, trace, trace_stderr, hvps, "
                 "seconds (the curvature computation), total_seconds, parameters, samples.");
  ex::SpectrumOptions o;
  add_probe_options(args, o);
  args.bind("--dtype", "T", "float32 or float64: the precision of the products", o.dtype)
      .bind("--operator", "M", "hessian, ggn (Gauss-Newton J^T H_l J) or residual (H - G)", o.op)
      .bind("--top", "K", "the K largest eigenvalues", o.top).bind("--bottom", "K", "the K smallest (most negative) eigenvalues", o.bottom)
      .add("--tol", "T", "Ritz residual / |lambda|max at convergence (default: 1e-4 float32, 1e-7 float64)")
      .bind("--max-steps", "S", "Lanczos steps at most (a run that stops short is reported NOT converged)", o.max_steps)
      .add_flag("--no-multiplicity-check", "skip the second Lanczos pass that finds copies of multiple eigenvalues")
      .bind_flag("--ggn", "also the top of the Gauss-Newton matrix and the top and bottom of H - G", o.ggn).add_flag("--trace", "estimate the trace")
      .add("--trace-method", "M", "auto (exact up to 1,000 parameters, else hutch++), hutch++, hutchinson or exact", "auto")
      .bind("--trace-products", "N", "products for hutch++ / hutchinson", o.trace_products)
      .bind_flag("--density", "the eigenvalue density (stochastic Lanczos quadrature): CSV and a log-scale figure in --out", o.density)
      .bind("--density-probes", "N", "random probes", o.density_probes).bind("--density-steps", "S", "Lanczos steps per probe", o.density_steps)
      .bind_flag("--vectors", "write the Ritz vectors to --out/eigenvectors.h5 (shared parameter order)", o.vectors)
      .bind("--seed", "S", "seed of the random start vectors and probes", o.seed)
      .bind("--out", "DIR", "output directory (summary.json; required by --density and --vectors)", o.out_dir).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  if (args.given("--tol")) o.tolerance = args.get_double("--tol");
  o.check_multiplicity = !args.flag("--no-multiplicity-check");
  if (args.flag("--trace")) o.trace = args.get("--trace-method");
  print_result(args, ex::hessian_spectrum(o, &std::cerr), start);
  return 0;
}

int curvature_map_command(int argc, const char* const* argv) {
  Arguments args("curvature-map",
                 "The ratio |lambda_min / lambda_max| of the Hessian over a loss surface's 2-D plane (Li et al. 2018, Section 6, "
                 "Fig. 7): the extreme eigenvalues at each point by Lanczos on exact Hessian-vector products, with the "
                 "directions of `surface --dir-file` (or made the same way); HDF5 with xcoordinates, ycoordinates, max_eig, "
                 "min_eig; heat map and contours of the ratio. Resumes with --resume; split across ranks under mpirun.");
  ex::CurvatureMapOptions o;
  add_probe_options(args, o);
  args.add("--x", "MIN:MAX:N", "the x coordinates", "-1:1:11").add("--y", "MIN:MAX:N", "the y coordinates", "-1:1:11")
      .bind("--dir-file", "FILE", "the directions of an earlier surface (its .directions.h5)", o.direction_file)
      .bind("--seed", "S", "seed of the directions made here (as surface's)", o.seed)
      .bind("--dtype", "T", "float32 or float64", o.dtype).bind("--tol", "T", "Ritz residual / |lambda|max", o.tolerance)
      .add("--block", "K", "points per block between saves", "8").bind_flag("--resume", "fill in the missing points of --out", o.resume)
      .bind("--out", "FILE.h5", "the map file; figures beside it", o.out, true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.xs = parse_range("--x", args.get("--x")), o.ys = parse_range("--y", args.get("--y"));
  o.block = static_cast<std::int64_t>(std::max(1, args.get_int("--block")));
  print_result(args, ex::curvature_map(o, &std::cerr), start);
  return 0;
}

int connect_command(int argc, const char* const* argv) {
  Arguments args("connect",
                 "A low-loss curve between two minima (the 2018 slides, after Garipov et al. 2018 and Draxler et al. 2018): the "
                 "bend of a quadratic Bezier curve (or a two-segment chain) trained on E_t L(phi(t)), t uniform; the loss along "
                 "it and along the straight line, with line_barrier and curve_barrier (max over the path of L - max(L(A), "
                 "L(B)), training data); connect.csv, the bend (bend.h5, shared parameter order), figures.");
  ex::ConnectOptions o;
  add_probe_options(args, o);
  args.bind("--to", "DIR", "the second run directory (same architecture)", o.to_dir, true)
      .bind("--to-checkpoint", "C", "checkpoint of the second model", o.to_checkpoint).bind("--curve", "C", "bezier or polychain", o.curve)
      .bind("--steps", "N", "SGD steps on the bend", o.steps).bind("--lr", "X", "step size", o.lr).bind("--momentum", "M", "momentum", o.momentum)
      .bind("--points", "N", "evaluation points on [0, 1]", o.points).bind("--seed", "S", "seed of the draws of t", o.seed)
      .bind("--out", "DIR", "output directory", o.out_dir, true).add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  print_result(args, ex::connect_minima(o, &std::cerr), start);
  return 0;
}

}  // namespace

std::vector<Command> probe_commands() {
  return {{"surface", "loss/accuracy over lines and planes around a trained model", surface_command},
          {"interpolate", "loss/accuracy between two models", interpolate_command},
          {"pca", "PCA of a training trajectory", pca_command},
          {"project", "a training trajectory projected on two random or PCA directions", project_command},
          {"mds", "multidimensional scaling of many models' weights", mds_command},
          {"spectrum", "Hessian eigenvalues, trace and density of a trained model", spectrum_command},
          {"curvature-map", "|min/max| Hessian eigenvalue ratio over a surface's plane", curvature_map_command},
          {"connect", "a low-loss curve between two minima, against the straight line", connect_command}};
}

}  // namespace landscape::cli
