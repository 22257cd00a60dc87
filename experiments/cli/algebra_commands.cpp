// `landscape system` and `landscape dim`: the zero-loss system of a polynomial network, its
// degrees and Bezout bound, and the dimension of the zero-loss set.
#include <chrono>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "net_problem.hpp"
#include "landscape/algebra/export.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/experiments/critical_points.hpp"
#include "landscape/experiments/zero_loss_sets.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
using namespace landscape::algebra;

int run_system(int argc, const char* const* argv) {
  Arguments args("system", "Builds the zero-loss system f(x_i; w) - y_i = 0 of a polynomial network exactly and "
                 "reports its degrees, term counts and Bezout bound beside the closed forms: degree in the weights "
                 "D_1 = l, D_{k+1} = l (D_k + 1), + 1 for a linear output, and Liao & Poggio's l^d (the degree in "
                 "the inputs) with its bound l^(N d). With --format the system itself is printed (m2, singular, "
                 "phc, json).");
  add_net_options(args);
  args.add_flag("--critical", "also build the critical-point system grad sum F^2 = 0 (small nets)")
      .add("--format", "FMT", "print the system instead: m2, singular, phc or json")
      .add("--out", "FILE", "write the output to FILE (atomically) instead of standard output").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const NetProblem p = load_problem(args, true);
  const std::string out = args.get_optional("--out").value_or("");
  std::optional<ExportFormat> format;
  if (args.given("--format")) format = parse_export_format(args.get("--format"));
  std::cerr << "building the zero-loss system (" << p.data.size() << " points, " << p.net.parameter_count()
            << " parameters" << (args.flag("--critical") ? ", and its critical points" : "") << ")...\n";
  const auto r = experiments::zero_loss_system_report(zero_loss_problem(p), args.flag("--critical"));
  if (format) {
    emit(export_system(r.critical ? *r.critical : r.system, *format), out);
    return 0;
  }
  json j = problem_json(p);
  j.update(r.to_json());
  j["seconds"] = std::chrono::duration<double>(Clock::now() - start).count();
  emit(args.flag("--json") ? j.dump(2) + "\n" : r.text, out);
  return 0;
}

int run_dim(int argc, const char* const* argv) {
  Arguments args("dim", "Rank of the Jacobian dF/dw of the zero-loss system: exactly over Q at the teacher point "
                 "(--teacher), and generically modulo a large prime; the local dimension K - rank of the zero-loss "
                 "set at the teacher beside the expected K - N*dL; and the functional dimension of the network "
                 "(the generic rank of the map from weights to the coefficients of f as a polynomial in x).");
  add_net_options(args);
  args.add("--seed", "S", "seed of the random points (generic rank, functional dimension)", "0")
      .add("--functional-method", "M", "evaluation (modulo p, any size) or coefficients (exact over Q, small nets)", "evaluation")
      .add("--out", "FILE", "write the output to FILE (atomically) instead of standard output").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const NetProblem p = load_problem(args, true);
  const std::uint64_t seed = args.get_unsigned("--seed");
  const std::string functional_method = args.get("--functional-method");
  if (functional_method != "evaluation" && functional_method != "coefficients")
    throw InputError("--functional-method '" + functional_method +
                     "': expected evaluation or coefficients");
  experiments::DimensionOptions o{zero_loss_problem(p), p.teacher, seed, functional_method == "coefficients"};
  const auto r = experiments::zero_loss_dimension(o);
  json j = problem_json(p);
  j.update(r.to_json());
  finish(args, j, r.summary(), start);
  return 0;
}

int run_critical(int argc, const char* const* argv) {
  Arguments args("critical", "The critical points of a polynomial network's loss L = 1/2 sum |f(x_i; w) - y_i|^2 + 1/2 "
                 "sum lambda_j w_j^2 (Liao & Poggio 2017, Section 3, Proposition 1): every complex solution of grad L = 0, "
                 "certified; the real ones by loss and Hessian index and nullity (signs proved in Arb over the Krawczyk "
                 "box): global and local minima, saddles. DIR/critical-points.csv, DIR/loss-index figure.");
  add_net_options(args, "poly:0,1");
  experiments::CriticalPointsOptions o;
  args.bind("--weight-decay", "L", "random (generic lambda_j from the seed) or one rational lambda >= 0", o.weight_decay)
      .bind("--method", "M", "homotopy, or monodromy (loops in the lambda_j per set of dead hidden units; trace test)", o.method)
      .bind("--seed", "S", "seed of gamma, the projective patch and the random weight decay", o.seed)
      .add("--threads", "T", "threads tracking paths (0: one per core)", "0")
      .bind("--max-paths", "P", "refuse a start system with more paths (the Bezout number)", o.max_paths)
      .bind("--out", "DIR", "output directory (critical-points.csv, loss-index figure, summary.json)", o.out_dir, true)
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  o.problem = zero_loss_problem(load_problem(args, true)), o.threads = static_cast<unsigned>(args.get_int("--threads"));
  print_result(args, experiments::find_critical_points(o, &std::cerr), start);
  return 0;
}

}  // namespace

std::vector<Command> algebra_commands() {
  return {
      {"system", "zero-loss polynomial system: degrees, Bezout bound, export", run_system},
      {"dim", "Jacobian ranks, local and functional dimension of the zero-loss set", run_dim},
      {"critical", "critical points of the regularized loss: minima and saddles by Hessian index", run_critical},
  };
}

}  // namespace landscape::cli
