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
#include "landscape/experiments/zero_loss_sets.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
using namespace landscape::algebra;

int run_system(int argc, const char* const* argv) {
  Arguments args("system",
                 "Builds the zero-loss system f(x_i; w) - y_i = 0 of a polynomial network exactly\n"
                 "and reports its degrees, term counts and Bezout bound beside the closed forms:\n"
                 "degree in the weights D_1 = l, D_{k+1} = l (D_k + 1), + 1 for a linear output,\n"
                 "and Liao & Poggio's l^d (the degree in the inputs) with its bound l^(N d).\n"
                 "With --format the system itself is printed (m2, singular, phc, json).");
  add_net_options(args);
  args.add_flag("--critical", "also build the critical-point system grad sum F^2 = 0 (small nets)")
      .add("--format", "FMT", "print the system instead: m2, singular, phc or json")
      .add("--out", "FILE", "write the output to FILE (atomically) instead of standard output")
      .add_flag("--json", "print one JSON object");
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
  Arguments args("dim",
                 "Rank of the Jacobian dF/dw of the zero-loss system: exactly over Q at the\n"
                 "teacher point (--teacher), and generically modulo a large prime; the local\n"
                 "dimension K - rank of the zero-loss set at the teacher beside the expected\n"
                 "K - N*dL; and the functional dimension of the network (the generic rank of\n"
                 "the map from weights to the coefficients of f as a polynomial in x).");
  add_net_options(args);
  args.add("--seed", "S", "seed of the random points (generic rank, functional dimension)", "0")
      .add("--functional-method", "M",
           "evaluation (modulo p, any size) or coefficients (exact over Q, small nets)",
           "evaluation")
      .add("--out", "FILE", "write the output to FILE (atomically) instead of standard output")
      .add_flag("--json", "print one JSON object");
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

}  // namespace

std::vector<Command> algebra_commands() {
  return {
      {"system", "zero-loss polynomial system: degrees, Bezout bound, export", run_system},
      {"dim", "Jacobian ranks, local and functional dimension of the zero-loss set", run_dim},
  };
}

}  // namespace landscape::cli
