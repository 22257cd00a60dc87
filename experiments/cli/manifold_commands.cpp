// `landscape memorize`, `landscape hessian`, `landscape walk`: zero-loss points by Cooper's
// construction, the Hessian there, and walks along the zero-loss manifold (Cooper 2018).
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/experiments/zero_loss_points.hpp"
#include "net_problem.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;

namespace ex = landscape::experiments;

unsigned digits_option(const Arguments& args, const WeightsFile* weights) {
  const auto recorded = weights && !args.given("--digits") ? weights->recorded_digits() : std::nullopt;
  return recorded ? *recorded : static_cast<unsigned>(args.get_unsigned("--digits"));
}

// The weights file and the problem around it, for hessian and walk.
struct AtWeights {
  std::string path;
  WeightsFile weights;
  NetProblem problem;
  unsigned digits = 0;
};

void add_weights_options(Arguments& args, const std::string& weights_help) {
  args.add("--weights", "FILE", weights_help, "", true);
  add_net_options(args, "square", true);
  args.add("--digits", "D", "MPFR working precision (default: the weights file's, else 100)", "100");
}

AtWeights load_at_weights(const Arguments& args) {
  AtWeights a;
  a.path = args.get("--weights");
  a.weights = read_weights_file(a.path);
  a.problem = load_problem(args, false, &a.weights);
  a.digits = digits_option(args, &a.weights);
  return a;
}

int run_memorize(int argc, const char* const* argv) {
  Arguments args("memorize", "Cooper's construction (Cooper 2018, Lemma 3.3, Cor. 3.4, Remark 4.2): weights of a "
                 "fully connected net with a rectified activation that fit N distinct points exactly, computed in "
                 "MPFR precision; reports the largest residual and the Jacobian's rank and writes a weights file "
                 "(JSON) that hessian, walk and the LibTorch side read.");
  args.add("--arch", "LIST", "widths d0,...,dL; the last hidden width must be >= N")
      .add("--inputs", "D",
           "input dimension d0 when --arch is not given (default: a CSV's columns minus its label columns, "
           "1 for random data)")
      .add("--depth", "L", "hidden layers when --arch is not given", "1")
      .add("--width", "W", "hidden width when --arch is not given (default: N)")
      .add("--outputs", "K", "outputs dL when --arch is not given", "1")
      .add("--act", "ACT", "a rectified activation: smoolu, relu or rectpow:k", "smoolu")
      .add_flag("--no-bias", "(refused: the construction needs biases)")
      .add("--data", "SPEC", "random:n=N,seed=S or a CSV file (x then y columns)", "", true)
      .add("--labels", "SPEC", "random:seed=S when the data carry no labels (default random:seed=0)")
      .add("--teacher", "FILE", "(polynomial teachers only) labels from a teacher network")
      .add("--digits", "D", "MPFR working precision in decimal digits", "100")
      .add("--seed", "S", "seed of the projection vector a", "0")
      .add("--out", "FILE", "the weights file to write (JSON)", "", true)
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  std::optional<std::string> arch;
  if (!args.given("--arch")) {
    ex::MemorizeShape shape;
    if (args.given("--inputs")) shape.inputs = args.get_unsigned("--inputs");
    if (args.given("--width")) shape.width = args.get_unsigned("--width");
    shape.depth = args.get_unsigned("--depth");
    shape.outputs = args.get_unsigned("--outputs");
    shape.data = args.get("--data");
    shape.labels_in_file = !args.given("--labels") && !args.given("--teacher");
    std::string note;
    arch = ex::memorize_arch(shape, &note);
    if (!note.empty()) std::cerr << "memorize: " << note << " (--inputs, --outputs or --arch set them otherwise)\n";
  }
  const NetProblem p = load_problem(args, false, nullptr, arch);
  ex::MemorizeOptions o;
  o.problem = zero_loss_problem(p);
  o.digits = static_cast<unsigned>(std::min<std::uint64_t>(args.get_unsigned("--digits"), 1000000));
  o.seed = args.get_unsigned("--seed");
  o.weights_file = args.get("--out");
  std::cerr << "memorizing " << p.data.size() << " points with " << p.net.arch_text() << " at " << o.digits << " digits...\n";
  const auto r = ex::memorize_points(o);
  json j = problem_json(p);
  j.update(r.to_json());
  // --out names the weights file here, so the summary goes to standard output.
  finish(args, j, r.summary(), start, false);
  return 0;
}

int run_hessian(int argc, const char* const* argv) {
  Arguments args("hessian", "Hessian of L(w) = sum |f(x_i; w) - y_i|^2 at the weights of a weights file, in MPFR "
                 "precision: counts of positive, zero and negative eigenvalues with the threshold and the gap "
                 "around it, the Jacobian's rank, and the Gauss-Newton part 2 J^T J beside the residual part 2 sum "
                 "r Hess f. Cooper Prop. 2.3 predicts N*dL positive, K - N*dL zero, none negative at a zero-loss "
                 "point. --exact adds the exact counts over Q (polynomial activations).");
  add_weights_options(args, "weights file (JSON, as written by memorize)");
  args.add_flag("--exact", "also count exactly over Q (polynomial activation, small K)")
      .add("--threshold", "T", "count |eigenvalue| <= T as zero (default: |max| * 10^-(digits-10))")
      .add_flag("--eigenvalues", "list every eigenvalue in the JSON")
      .add("--out", "FILE", "write the output to FILE (atomically)").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const AtWeights at = load_at_weights(args);
  ex::HessianOptions o;
  o.problem = zero_loss_problem(at.problem);
  o.parameters = at.weights.rationals(at.path);
  o.weights_path = at.path;
  o.digits = at.digits;
  o.exact = args.flag("--exact");
  if (args.given("--threshold")) {
    o.threshold = Rational::parse(args.get("--threshold"));
    if (!o.threshold) throw InputError("--threshold '" + args.get("--threshold") + "': a non-negative number");
  }
  o.list_eigenvalues = args.flag("--eigenvalues");
  const auto r = ex::hessian_at(o);
  json j = problem_json(at.problem);
  j.update(r.to_json());
  finish(args, j, r.summary(), start);
  return 0;
}

int run_walk(int argc, const char* const* argv) {
  Arguments args("walk", "Walks on the zero-loss manifold from the weights of a weights file: steps along a "
                 "direction in the null space of the Jacobian, pulled back onto zero loss by Gauss-Newton after "
                 "each step, in MPFR precision. Reports the distance from the start (absolute and relative to "
                 "|w|), the largest loss after a pull-back, and the Jacobian's rank along the way.");
  add_weights_options(args, "weights file (JSON) at a zero-loss point");
  args.add("--steps", "S", "number of steps", "20")
      .add("--step-fraction", "F", "length of each step as a fraction of |w_0|", "0.1")
      .add("--seed", "S", "seed of the walking direction", "0")
      .add("--save", "FILE", "write the final point as a weights file")
      .add("--out", "FILE", "write the output to FILE (atomically)").add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const AtWeights at = load_at_weights(args);
  ex::WalkOnManifoldOptions o;
  o.problem = zero_loss_problem(at.problem);
  o.parameters = at.weights.rationals(at.path);
  o.weights_path = at.path;
  o.walk.steps = args.get_int("--steps");
  o.walk.digits = at.digits;
  o.walk.seed = args.get_unsigned("--seed");
  const auto fraction = Rational::parse(args.get("--step-fraction"));
  if (!fraction || !(fraction->to_double() > 0) || fraction->to_double() > 10)
    throw InputError("--step-fraction '" + args.get("--step-fraction") + "': a number in (0, 10]");
  o.walk.step_fraction = fraction->to_double();
  if (args.given("--save")) o.save_as = at.weights, o.save_path = args.get("--save");
  std::cerr << "walking " << o.walk.steps << " steps at " << o.walk.digits << " digits...\n";
  const auto r = ex::walk_on_manifold(o);
  json j = problem_json(at.problem);
  j.update(r.to_json());
  finish(args, j, r.summary(), start);
  return 0;
}

}  // namespace

std::vector<Command> manifold_commands() {
  return {
      {"memorize", "Cooper's construction: exact memorization by a rectified net", run_memorize},
      {"hessian", "Hessian eigenvalue counts at a point vs Cooper Prop. 2.3", run_hessian},
      {"walk", "walk along the zero-loss manifold (null-space steps + Gauss-Newton)", run_walk},
  };
}

}  // namespace landscape::cli
