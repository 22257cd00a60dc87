// `landscape solve`: all isolated complex solutions of a square polynomial system by
// total-degree homotopy continuation, certified with Arb where possible (Liao & Poggio 2017, Section 3
// and App. A: the Bezout bound against the actual count); `landscape consistent`: whether there
// is any complex solution at all (Nullstellensatz, by a Groebner basis).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/consistency.hpp"
#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/monodromy.hpp"
#include "landscape/algebra/symmetry.hpp"
#include "landscape/algebra/system_io.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"
#include "mpi_support.hpp"
#include "net_problem.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
using namespace landscape::algebra;

// --fix NAMES: parameters held fixed to the teacher's values (or to seeded random non-zero
// rationals without a teacher), e.g. "w1_1_1,b1_1"; "first:M" fixes the first M parameters.
std::map<std::size_t, Rational> fixed_parameters(const std::string& spec, const NetProblem& p,
                                                 std::uint64_t seed) {
  const auto names = p.net.layout().variable_names();
  std::vector<std::size_t> which;
  if (spec.rfind("first:", 0) == 0) {
    const std::string m = spec.substr(6);
    if (m.empty() || m.size() > 6 || m.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(m) > names.size())
      throw InputError("--fix '" + spec + "': first:M needs 0 <= M <= " + std::to_string(names.size()));
    for (std::size_t k = 0; k < std::stoul(m); ++k) which.push_back(k);
  } else {
    std::stringstream list(spec);
    for (std::string name; std::getline(list, name, ',');) {
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) throw InputError("--fix: no parameter named '" + name + "'");
      which.push_back(static_cast<std::size_t>(it - names.begin()));
    }
  }
  std::map<std::size_t, Rational> fixed;
  SplitMix64 rng(seed ^ 0xF1F1F1F1ULL);
  for (std::size_t k : which) {
    if (p.teacher) {
      fixed[k] = (*p.teacher)[k];
    } else {
      std::int64_t q = 0;
      while (q == 0) q = rng.uniform_int(-10, 10);
      fixed[k] = Rational(q, rng.uniform_int(1, 10));
    }
  }
  return fixed;
}

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
  const auto fixed = args.given("--fix") ? fixed_parameters(args.get("--fix"), p, seed)
                                         : std::map<std::size_t, Rational>{};
  in.system = zero_loss_system(p.net, p.data.inputs, p.data.labels, fixed);
  in.net = p.net;
  in.fixed = fixed;
  if (p.teacher) {
    in.teacher_point.emplace();
    for (std::size_t k = 0; k < p.teacher->size(); ++k)
      if (!fixed.count(k)) in.teacher_point->emplace_back((*p.teacher)[k]);
  }
  j = problem_json(p);
  json fixed_json = json::object();
  const auto names = p.net.layout().variable_names();
  for (const auto& [k, v] : fixed) fixed_json[names[k]] = v.text();
  j["fixed"] = fixed_json;
  j["paper_bezout_bound"] = product_of_degrees(
      std::vector<long long>(p.data.size() * static_cast<std::size_t>(p.net.outputs()), p.net.input_degree()));
  return in;
}

int run_consistent(int argc, const char* const* argv) {
  Arguments args("consistent",
                 "Decides whether a system has a complex solution (Nullstellensatz: it has none iff\n"
                 "1 is in the ideal) by a Groebner basis from Calcium's Buchberger algorithm. With\n"
                 "--teacher the teacher point itself is a solution and certifies consistency.\n"
                 "Typical inconsistent cases: repeated inputs with different labels; more data\n"
                 "points than the network's functional dimension allows.");
  add_system_options(args);
  args.add("--seed", "S", "seed of the --fix values without a teacher", "0")
      .add("--out", "FILE", "write the output to FILE (atomically)")
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  json j;
  const SystemInput in = load_system_input(args, args.get_unsigned("--seed"), j);
  ConsistencyResult r;
  if (in.teacher_point && vanishes_at(in.system, *in.teacher_point)) {
    r.consistent = true;
    r.certificate = "the teacher point is an exact solution";
  } else {
    std::cerr << "computing a Groebner basis...\n";
    r = decide_consistency(in.system);
  }
  j["command"] = "consistent";
  j["unknowns"] = in.system.ring->variables();
  j["equations"] = in.system.equations.size();
  j["consistent"] = r.consistent ? json(*r.consistent) : json(nullptr);
  j["certificate"] = r.certificate;
  j["basis_length"] = r.basis_length;
  const std::string verdict = !r.consistent ? "undecided" : *r.consistent ? "consistent" : "inconsistent";
  finish(args, j, verdict + ": " + r.certificate, start);
  return 0;
}

json complex_json(const ComplexVector& v) {
  json out = json::array();
  for (const auto& z : v) out.push_back({z.real(), z.imag()});
  return out;
}

int run_solve(int argc, const char* const* argv) {
  Arguments args("solve",
                 "All isolated complex solutions of a square polynomial system: total-degree\n"
                 "homotopy continuation (gamma trick, projective patch, RK4 predictor, Newton\n"
                 "corrector, endgame), endpoints clustered (multiplicities), non-singular ones\n"
                 "certified by the Krawczyk test in Arb ball arithmetic. Give --system FILE\n"
                 "(PHCpack or Macaulay2 format), or a network with the net and data options and\n"
                 "--fix to make it square (K' = N*dL).");
  add_system_options(args);
  args.add("--method", "M", "total-degree, or monodromy (loops in the constant terms; starts at the teacher)",
           "total-degree")
      .add("--stable-loops", "L", "monodromy: stop after L loops without a new solution", "5")
      .add("--seed", "S", "seed of gamma, the projective patch, the loops (and of --fix values)", "0")
      .add("--threads", "T", "threads tracking paths (0: one per core)", "0")
      .add_flag("--no-certify", "skip the Krawczyk certification")
      .add("--solutions", "FILE", "write the solutions (JSON) to FILE")
      .add("--out", "FILE", "write the output to FILE (atomically)")
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const std::uint64_t seed = args.get_unsigned("--seed");
  json j;
  const SystemInput in = load_system_input(args, seed, j);
  const PolynomialSystem& system = in.system;
  const std::string method = args.get("--method");
  if (method != "total-degree" && method != "monodromy")
    throw InputError("--method '" + method + "': total-degree or monodromy");
  SolveResult r;
  r.seed = seed;
  if (method == "total-degree") {
    SolveOptions options;
    options.seed = seed;
    options.threads = static_cast<unsigned>(args.get_unsigned("--threads"));
    options.distribution = path_distribution();
    if (is_root_process())
      std::cerr << "tracking paths" << (process_count() > 1 ? " on " + std::to_string(process_count()) + " ranks" : "")
                << "...\n";
    r = solve_total_degree(system, options);
  } else {
    MonodromyOptions options;
    options.seed = seed;
    options.threads = static_cast<unsigned>(args.get_unsigned("--threads"));
    options.stable_loops = static_cast<int>(args.get_unsigned("--stable-loops"));
    std::optional<ComplexVector> start;
    if (in.teacher_point) {
      start.emplace();
      for (const auto& v : *in.teacher_point) start->emplace_back(v.to_double(), 0.0);
    }
    if (is_root_process()) std::cerr << "monodromy loops...\n";
    const auto m = solve_monodromy(system, start, options);
    r.paths = m.paths_tracked;
    r.bezout_bound = product_of_degrees([&] {
      std::vector<long long> d;
      for (const auto& eq : system.equations) d.push_back(eq.total_degree());
      return d;
    }());
    for (const auto& x : m.solutions) {
      Solution s;
      s.point = x;
      s.real = true;
      for (const auto& z : x) s.real = s.real && std::abs(z.imag()) <= 1e-8 * (1 + std::abs(z));
      r.solutions.push_back(s);
    }
    r.nonsingular = r.solutions.size();
    r.real = m.real;
    r.failed = m.lost;
    r.seconds = m.seconds;
    j["loops"] = m.loops;
    j["stabilized"] = m.stabilized;
    j["found_at_start"] = m.found_at_start;
  }
  CertificationResult c;
  if (!args.flag("--no-certify")) {
    if (is_root_process()) std::cerr << "certifying " << r.nonsingular << " non-singular solutions...\n";
    c = certify_solutions(system, r.solutions);
  }
  j["command"] = "solve";
  j["method"] = method;
  j["unknowns"] = system.ring->variables();
  j["equations"] = system.equations.size();
  j["paths"] = r.paths;
  j["solutions"] = r.solutions.size();
  j["nonsingular"] = r.nonsingular;
  j["real"] = r.real;
  j["singular"] = r.singular;
  j["at_infinity"] = r.at_infinity;
  j["failed"] = r.failed;
  j["certified"] = args.flag("--no-certify") ? json(nullptr) : json(c.certified);
  j["undecided"] = args.flag("--no-certify") ? json(nullptr) : json(c.undecided);
  j["bezout_bound"] = r.bezout_bound;
  j["seed"] = seed;
  json multiplicities = json::array();
  for (const auto& s : r.solutions)
    if (s.status == PathStatus::Singular) multiplicities.push_back(s.multiplicity);
  j["singular_multiplicities"] = multiplicities;
  j["ranks"] = process_count();
  if (in.net) {
    std::vector<ComplexVector> points;
    for (const auto& sol : r.solutions) points.push_back(sol.point);
    const auto sym = symmetry_orbits(*in.net, in.fixed, points);
    j["symmetry"] = {{"group_order", sym.group_order},
                     {"preserving_fixed", sym.preserving},
                     {"orbits", sym.orbits},
                     {"closed", sym.closed},
                     {"description", sym.description}};
  }
  if (args.given("--solutions") && is_root_process()) {
    json list = json::array();
    for (std::size_t k = 0; k < r.solutions.size(); ++k) {
      const auto& s = r.solutions[k];
      list.push_back({{"point", complex_json(s.point)},
                      {"status", to_string(s.status)},
                      {"multiplicity", s.multiplicity},
                      {"real", s.real},
                      {"condition", s.condition},
                      {"residual", s.residual},
                      {"certified", k < c.certificates.size() && c.certificates[k].certified}});
    }
    write_file_atomically(args.get("--solutions"),
                          json({{"variables", system.ring->names()}, {"solutions", list}}).dump(1) + "\n");
  }
  std::string summary = method == "monodromy"
                            ? std::to_string(r.solutions.size()) + " solutions by monodromy (" + std::to_string(r.real) +
                                  " real), " + std::to_string(r.paths) + " paths"
                            : r.summary();
  if (!args.flag("--no-certify"))
    summary += "; " + std::to_string(c.certified) + " certified, " + std::to_string(c.undecided) + " undecided";
  finish(args, j, summary, start);
  return 0;
}

}  // namespace

std::vector<Command> solve_commands() {
  return {{"solve", "all isolated solutions by homotopy continuation, certified", run_solve},
          {"consistent", "has the system a complex solution? (Groebner basis, Nullstellensatz)", run_consistent}};
}

}  // namespace landscape::cli
