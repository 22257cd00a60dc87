// `landscape solve`: all isolated complex solutions of a square polynomial system by homotopy
// continuation (total-degree or polyhedral start), certified with Arb where possible (Liao & Poggio
// 2017, Section 3 and App. A: the Bezout bound against the actual count); `landscape consistent`:
// whether there is any complex solution at all (Nullstellensatz, by a Groebner basis).
#include <chrono>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/algebra/system_io.hpp"
#include "landscape/experiments/solving.hpp"
#include "net_problem.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
using namespace landscape::algebra;

// --system FILE [--format], or a network (net and data options) made square with --fix.
void add_system_options(Arguments& args) {
  args.add("--system", "FILE", "a polynomial system file")
      .add("--format", "FMT", "phc (default) or m2", "phc")
      .add("--arch", "LIST", "a network instead of --system: widths d0,...,dL or tree4")
      .add("--act", "ACT", "activation: poly:c0,...,cl or square", "square")
      .add_flag("--no-bias", "networks without bias parameters")
      .add("--data", "SPEC", "random:n=N,seed=S or a CSV file")
      .add("--labels", "SPEC", "random:seed=S when the data carry no labels (default random:seed=0)")
      .add("--teacher", "FILE", "labels from this teacher network (its values also fill --fix)")
      .add("--fix", "NAMES", "parameters held fixed: comma-separated names, or first:M");
}

struct SystemInput {
  PolynomialSystem system;
  std::optional<std::vector<Fraction>> teacher_point;  // the teacher's free parameters
  std::optional<NetSpec> net;                          // for a network system
  std::map<std::size_t, Rational> fixed;
};

// Loads the system and describes it in `j`.
SystemInput load_system_input(const Arguments& args, std::uint64_t seed, json& j) {
  SystemInput in;
  if (args.given("--system")) {
    if (args.given("--arch")) throw InputError("give --system or a network (--arch), not both");
    in.system = read_system_file(args.get("--system"), parse_system_format(args.get("--format")));
    j["system"] = args.get("--system");
    return in;
  }
  if (!args.given("--arch") || !args.given("--data"))
    throw InputError("give --system FILE, or a network with --arch and --data");
  const NetProblem p = load_problem(args, true);
  auto ns = experiments::network_system(p.net, p.data.inputs, p.data.labels, p.teacher, args.get_optional("--fix").value_or(""), seed);
  in.system = std::move(ns.system), in.net = p.net, in.fixed = std::move(ns.fixed), in.teacher_point = std::move(ns.teacher_point);
  j = problem_json(p);
  j.update(ns.details);
  return in;
}

int run_consistent(int argc, const char* const* argv) {
  Arguments args("consistent", "Decides whether a system has a complex solution (Nullstellensatz: none iff 1 is in "
                 "the ideal) by a Groebner basis (Calcium's Buchberger). With --teacher the teacher point solves it "
                 "and certifies consistency. Typical inconsistent cases: repeated inputs with different labels; "
                 "more data points than the network's functional dimension allows.");
  add_system_options(args);
  args.add("--seed", "S", "seed of the --fix values without a teacher", "0")
      .add("--out", "FILE", "write the output to FILE (atomically)").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json j;
  const SystemInput in = load_system_input(args, args.get_unsigned("--seed"), j);
  const auto r = experiments::decide_system_consistency(in.system, in.teacher_point, &std::cerr);
  json result = r.to_json();
  result.update(j);
  finish(args, result, r.summary(), start);
  return 0;
}

int run_solve(int argc, const char* const* argv) {
  Arguments args("solve", "All isolated complex solutions of a square polynomial system: homotopy continuation from "
                 "a total-degree or polyhedral start system (gamma trick, projective patch, RK4 predictor, Newton "
                 "corrector, endgame), endpoints clustered (multiplicities), non-singular ones certified by the "
                 "Krawczyk test in Arb. Give --system FILE (PHCpack or Macaulay2 format), or a network with the "
                 "net and data options and --fix to make it square (K' = N*dL).");
  add_system_options(args);
  experiments::SolveSystemOptions o;
  args.bind("--method", "M", "homotopy, or monodromy (loops in parameters; trace test)", o.method)
      .bind("--family", "F", "monodromy's parameters: auto, constant-terms, own-variables (see README)", o.family)
      .bind("--start", "S", "auto (polyhedral if the mixed volume is below Bezout), total-degree, polyhedral", o.start)
      .bind("--stable-loops", "L", "monodromy: stop after L loops without a new solution", o.stable_loops)
      .bind("--seed", "S", "seed of gamma, the patch, the lifting, the loops (and of --fix values)", o.seed)
      .add("--threads", "T", "threads tracking paths (0: one per core)", "0")
      .bind("--max-paths", "P", "refuse a start system with more paths (Bezout number or mixed volume)", o.max_paths)
      .add_flag("--no-certify", "skip the Krawczyk certification")
      .bind("--solutions", "FILE", "write the solutions (JSON) to FILE", o.solutions_file)
      .add("--out", "FILE", "write the output to FILE (atomically)").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json j;
  const SystemInput in = load_system_input(args, o.seed, j);
  o.system = &in.system, o.net = in.net, o.fixed = in.fixed, o.teacher_point = in.teacher_point;
  o.threads = static_cast<unsigned>(args.get_int("--threads")), o.certify = !args.flag("--no-certify");
  const auto r = experiments::solve_system(o, &std::cerr);
  json result = r.to_json();
  result.update(j);  // what load_system_input described: the system file or the network
  finish(args, result, r.summary(), start);
  return 0;
}

}  // namespace

std::vector<Command> solve_commands() {
  return {{"solve", "all isolated solutions by homotopy continuation, certified", run_solve},
          {"consistent", "has the system a complex solution? (Groebner basis, Nullstellensatz)", run_consistent}};
}

}  // namespace landscape::cli
