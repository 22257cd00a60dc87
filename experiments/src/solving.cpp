#include "landscape/experiments/solving.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/consistency.hpp"
#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/monodromy.hpp"
#include "landscape/algebra/symmetry.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/experiments/ranks.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::experiments {

using json = nlohmann::json;
using namespace landscape::algebra;

std::map<std::size_t, Rational> choose_fixed_parameters(const NetSpec& net, const std::optional<std::vector<Rational>>& teacher,
                                                        const std::string& spec, std::uint64_t seed) {
  const auto names = net.layout().variable_names();
  std::vector<std::size_t> which;
  if (spec.rfind("first:", 0) == 0) {
    const std::string m = spec.substr(6);
    if (m.empty() || m.size() > 6 || m.find_first_not_of("0123456789") != std::string::npos || std::stoul(m) > names.size())
      throw FieldError("fix", "'" + spec + "': first:M needs 0 <= M <= " + std::to_string(names.size()));
    for (std::size_t k = 0; k < std::stoul(m); ++k) which.push_back(k);
  } else {
    for (const auto& name : split(spec, ',')) {
      const auto it = std::find(names.begin(), names.end(), name);
      if (it == names.end()) throw FieldError("fix", "'" + spec + "': no parameter named '" + name + "'");
      which.push_back(static_cast<std::size_t>(it - names.begin()));
    }
  }
  std::map<std::size_t, Rational> fixed;
  SplitMix64 rng(seed ^ 0xF1F1F1F1ULL);
  for (std::size_t k : which) {
    if (teacher) {
      fixed[k] = (*teacher)[k];
    } else {
      std::int64_t q = 0;
      while (q == 0) q = rng.uniform_int(-10, 10);
      fixed[k] = Rational(q, rng.uniform_int(1, 10));
    }
  }
  return fixed;
}

json trace_test_json(const TraceTestResult& t) {
  return {{"verdict", to_string(t.verdict)}, {"deviation", t.deviation}, {"witnesses", t.witnesses}, {"lost", t.lost},
          {"time_scale", t.time_scale}, {"reason", t.reason}, {"seconds", t.seconds}};
}

bool SolveSystemOptions::is_valid(std::string* error) const {
  std::string problem;
  if (!system) problem = "system (none): a square polynomial system is required";
  else if (method != "homotopy" && method != "total-degree" && method != "monodromy")
    problem = "method '" + method + "': homotopy or monodromy";
  else if (family != "auto" && family != "constant-terms" && family != "own-variables")
    problem = "family '" + family + "': auto, constant-terms or own-variables";
  else if (start != "auto" && start != "total-degree" && start != "polyhedral")
    problem = "start '" + start + "': auto, total-degree or polyhedral";
  else if (method == "total-degree" && start == "polyhedral")
    problem = "method 'total-degree' with start 'polyhedral': give one start system";
  else if (method == "monodromy" && stable_loops < 1) problem = "stable_loops " + std::to_string(stable_loops) + ": must be >= 1";
  if (!problem.empty() && error) *error = problem;
  return problem.empty();
}

namespace {

json complex_json(const ComplexVector& v) {
  json out = json::array();
  for (const auto& z : v) out.push_back({z.real(), z.imag()});
  return out;
}

// The trace test (Leykin, Rodriguez & Sottile 2018) for a monodromy result. It runs at random
// rational constant terms (generic, which the system's own need not be), to which the solutions
// collected at monodromy's base point are moved: complete there means complete at the base point,
// and then at the system's own constant terms too when none of those paths failed or met.
TraceTestResult completeness(const PolynomialSystem& system, const MonodromyResult& m, const MonodromyOptions& options) {
  const std::size_t n = system.ring->variables();
  SplitMix64 rng(options.seed ^ 0x74726163652d7465ULL);
  PolynomialSystem moved{system.ring, {}};
  ComplexVector to(n);
  const std::vector<Fraction> origin(n, Fraction(0));
  const NumericSystem numeric(system);
  for (std::size_t i = 0; i < n; ++i) {
    // c_i (1 + k / 1024) + s_i k' / 4096, k and k' in -4096..4096, s_i the power of two nearest
    // |F_i| (the 2-norm of its coefficients): each equation on its own scale, so that the integer-
    // scaled and the rational form of a system get the same points.
    const Fraction c = system.equations[i].evaluate(origin);
    const Fraction s = nearest_power_of_two(std::max(numeric.coefficient_norm(i), 1e-300), 60);
    const Fraction f(1024 + static_cast<long>(rng.next() % 8193) - 4096, 1024),
        d = s * Fraction(static_cast<long>(rng.next() % 8193) - 4096, 4096);
    moved.equations.push_back(system.equations[i] - Poly(system.ring, c) + Poly(system.ring, c) * Poly(system.ring, f) +
                              Poly(system.ring, d));
    to[i] = c.to_double() * f.to_double() + d.to_double();
  }
  TraceTestResult t;
  std::vector<ComplexVector> points;
  std::size_t lost = 0;
  for (const auto& e : move_constant_terms(system, m.base_constants, m.base_solutions, to, options)) {
    bool seen = !e;
    for (std::size_t k = 0; e && k < points.size() && !seen; ++k) {
      double distance = 0, size = 0;
      for (std::size_t j = 0; j < n; ++j)
        distance = std::max(distance, std::abs((*e)[j] - points[k][j])), size = std::max(size, std::abs((*e)[j]));
      seen = distance <= 1e-7 * (1 + size);
    }
    if (seen) ++lost;
    else points.push_back(*e);
  }
  if (lost) {
    t.reason = std::to_string(lost) + " of monodromy's solutions failed or met on the way to random constant terms";
    return t;
  }
  TraceTestOptions trace;
  trace.seed = options.seed, trace.threads = options.threads, trace.witnesses = options;
  t = trace_test(moved, points, trace);
  // Paths to the system's own constant terms that failed or met (a jump, a singular solution, or
  // on the way to infinity: the affine tracker cannot tell) leave it open.
  const std::size_t unresolved = m.found_at_start - std::min(m.found_at_start, m.solutions.size()) + m.lost;
  if (t.verdict == Completeness::Complete && unresolved) {
    t.verdict = Completeness::Undecided;
    t.reason = "complete at generic constant terms, but " + std::to_string(unresolved) +
               " paths to the system's own failed or met (singular there?)";
  }
  return t;
}

// By loops in the own variables' coefficients, pattern by pattern, at the system's own point; the
// trace test on the system itself, its witnesses by the same family.
SolveResult by_own_variables(const SolveSystemOptions& o, const MonodromyOptions& options, json& j) {
  const auto own = own_variables(*o.system);
  if (!own)
    throw InputError("solve: the monodromy family 'own-variables' needs a term c x_v in each equation, a different "
                     "variable for each");
  const auto c = solve_monodromy_by_patterns_certified(*o.system, *own, options);
  const MonodromyResult& m = c.monodromy;
  SolveResult r = as_solve_result(*o.system, m.solutions);
  r.seed = o.seed, r.paths = m.paths_tracked, r.failed = m.lost, r.seconds = m.seconds + c.trace.seconds;
  j["family"] = "own-variables";
  j["patterns"] = m.patterns;
  j["loops"] = m.loops;
  j["stabilized"] = m.stabilized;
  j["found_at_start"] = m.found_at_start;
  j["monodromy_rounds"] = c.rounds;
  j["trace_test"] = trace_test_json(c.trace);
  return r;
}

// Monodromy's solutions in the result type of the total-degree solver (all non-singular).
SolveResult monodromy_as_solve_result(const SolveSystemOptions& o, json& j) {
  MonodromyOptions options;
  options.seed = o.seed;
  options.threads = o.threads;
  options.stable_loops = o.stable_loops;
  bool own = o.family == "own-variables";
  if (o.family == "auto" && !o.teacher_point && own_variables(*o.system)) {
    const std::vector<Fraction> origin(o.system->ring->variables(), Fraction(0));
    own = std::all_of(o.system->equations.begin(), o.system->equations.end(),
                      [&](const Poly& e) { return e.evaluate(origin) == Fraction(0); });  // no constant terms
  }
  if (own) return by_own_variables(o, options, j);
  std::optional<ComplexVector> start;
  if (o.teacher_point) {
    start.emplace();
    for (const auto& v : *o.teacher_point) start->emplace_back(v.to_double(), 0.0);
  }
  auto m = solve_monodromy(*o.system, start, options);
  auto t = completeness(*o.system, m, options);
  // Points missing: more loops from those found, with new corners and more patience, twice at most.
  int rounds = 1;
  for (; t.verdict == Completeness::Incomplete && rounds < 3; ++rounds) {
    MonodromyOptions more = options;
    more.seed = options.seed + static_cast<std::uint64_t>(rounds) * 0x9e3779b97f4a7c15ULL;
    more.stable_loops = options.stable_loops * (rounds + 1);
    m = continue_monodromy(*o.system, m, more);
    t = completeness(*o.system, m, options);
  }
  SolveResult r = as_solve_result(*o.system, m.solutions);
  r.seed = o.seed;
  r.paths = m.paths_tracked;
  r.failed = m.lost;
  r.seconds = m.seconds;
  j["loops"] = m.loops;
  j["stabilized"] = m.stabilized;
  j["found_at_start"] = m.found_at_start;
  j["family"] = "constant-terms";
  j["monodromy_rounds"] = rounds;
  j["trace_test"] = trace_test_json(t);
  return r;
}

void write_solutions(const SolveSystemOptions& o, const SolveResult& r, const CertificationResult& c) {
  json list = json::array();
  for (std::size_t k = 0; k < r.solutions.size(); ++k) {
    const auto& s = r.solutions[k];
    list.push_back({{"point", complex_json(s.point)},
                    {"status", to_string(s.status)},
                    {"multiplicity", s.multiplicity},
                    {"winding_number", s.winding_number},
                    {"real", s.real},
                    {"condition", s.condition},
                    {"residual", s.residual},
                    {"certified", k < c.certificates.size() && c.certificates[k].certified},
                    {"certified_real", k < c.certificates.size() && c.certificates[k].certified && c.certificates[k].real}});
  }
  write_file_atomically(o.solutions_file, json({{"variables", o.system->ring->names()}, {"solutions", list}}).dump(1) + "\n");
}

}  // namespace

SolveSystemResult solve_system(const SolveSystemOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  SolveSystemResult result;
  result.command = "solve";
  json& j = result.details;
  if (!is_root_process()) log = nullptr;
  SolveResult r;
  if (o.method != "monodromy") {
    SolveOptions options;
    options.start = o.method == "total-degree" ? StartSystem::TotalDegree : parse_start_system(o.start);
    options.seed = o.seed;
    options.threads = o.threads;
    options.distribution = path_distribution();
    options.max_paths = o.max_paths;
    if (log) *log << "tracking paths" << (process_count() > 1 ? " on " + std::to_string(process_count()) + " ranks" : "") << "...\n";
    r = solve(*o.system, options);
  } else {
    if (log) *log << "monodromy loops...\n";
    r = monodromy_as_solve_result(o, j);
  }
  CertificationResult c;
  if (o.certify) {
    if (log) *log << "certifying " << r.nonsingular << " non-singular solutions...\n";
    c = certify_solutions(*o.system, r.solutions);
  }
  j["method"] = o.method == "monodromy" ? "monodromy" : "homotopy";
  j["unknowns"] = o.system->ring->variables();
  j["equations"] = o.system->equations.size();
  j["paths"] = r.paths;
  j["solutions"] = r.solutions.size();
  j["nonsingular"] = r.nonsingular;
  j["real"] = r.real;
  j["singular"] = r.singular;
  j["at_infinity"] = r.at_infinity;
  j["failed"] = r.failed;
  if (o.method != "monodromy") {
    j["start_system"] = to_string(r.start_system);
    j["mixed_volume"] = r.mixed_volume.empty() ? json(nullptr) : json(std::stoull(r.mixed_volume));
    j["stable_mixed_volume"] = r.stable_mixed_volume.empty() ? json(nullptr) : json(std::stoull(r.stable_mixed_volume));
    j["mixed_cells"] = r.mixed_cells;
    json codes = json::object();
    for (std::size_t k = 0; k < std::size(all_path_codes); ++k) codes[to_string(all_path_codes[k])] = r.path_codes[k];
    j["path_codes"] = codes;
  }
  j["certified"] = o.certify ? json(c.certified) : json(nullptr);
  j["undecided"] = o.certify ? json(c.undecided) : json(nullptr);
  j["certified_real"] = o.certify ? json(c.certified_real) : json(nullptr);
  j["certified_non_real"] = o.certify ? json(c.certified_non_real) : json(nullptr);
  j["bezout_bound"] = r.bezout_bound;
  j["seed"] = o.seed;
  json multiplicities = json::array();
  for (const auto& s : r.solutions)
    if (s.status == PathStatus::Singular) multiplicities.push_back(s.multiplicity);
  j["singular_multiplicities"] = multiplicities;
  j["ranks"] = process_count();
  if (o.net) {
    std::vector<ComplexVector> points;
    for (const auto& sol : r.solutions) points.push_back(sol.point);
    const auto sym = symmetry_orbits(*o.net, o.fixed, points);
    // Not enumerated (too large a group): the counts are unknown, so null, not a number.
    auto known = [&](std::size_t v) { return sym.decided ? json(v) : json(nullptr); };
    j["symmetry"] = {{"group_order", known(sym.group_order)}, {"preserving_fixed", known(sym.preserving)},
                     {"orbits", known(sym.orbits)}, {"closed", sym.closed}, {"decided", sym.decided},
                     {"description", sym.description}};
  }
  if (!o.solutions_file.empty() && is_root_process()) {
    write_solutions(o, r, c);
    result.files.push_back(o.solutions_file);
  }
  result.solutions = r.solutions.size();
  result.nonsingular = r.nonsingular;
  result.real = r.real;
  result.singular = r.singular;
  result.failed = r.failed;
  result.certified = c.certified;
  result.undecided = c.undecided;
  result.summary_line = o.method == "monodromy" ? std::to_string(r.solutions.size()) + " solutions by monodromy (" +
                                                      std::to_string(r.real) + " real), " + std::to_string(r.paths) +
                                                      " paths, trace test: " + j["trace_test"]["verdict"].get<std::string>()
                                                : r.summary();
  if (o.certify)
    result.summary_line += "; " + std::to_string(c.certified) + " certified (" + std::to_string(c.certified_real) +
                           " real), " + std::to_string(c.undecided) + " undecided";
  return result;
}

NetworkSystem network_system(const NetSpec& net, const RationalMatrix& inputs, const RationalMatrix& labels,
                             const std::optional<std::vector<Rational>>& teacher, const std::string& fix, std::uint64_t seed) {
  NetworkSystem r;
  r.command = "system";
  if (!fix.empty()) r.fixed = choose_fixed_parameters(net, teacher, fix, seed);
  r.system = algebra::zero_loss_system(net, inputs, labels, r.fixed);
  if (teacher) {
    r.teacher_point.emplace();
    for (std::size_t k = 0; k < teacher->size(); ++k)
      if (!r.fixed.count(k)) r.teacher_point->emplace_back((*teacher)[k]);
  }
  nlohmann::json fixed = nlohmann::json::object();
  const auto names = net.layout().variable_names();
  for (const auto& [k, v] : r.fixed) fixed[names[k]] = v.text();
  r.details["fixed"] = fixed;
  r.details["paper_bezout_bound"] =
      algebra::product_of_degrees(std::vector<long long>(inputs.size() * static_cast<std::size_t>(net.outputs()), net.input_degree()));
  return r;
}

ProtocolResult decide_system_consistency(const algebra::PolynomialSystem& system,
                                         const std::optional<std::vector<algebra::Fraction>>& teacher_point, std::ostream* log) {
  algebra::ConsistencyResult r;
  if (teacher_point && algebra::vanishes_at(system, *teacher_point)) {
    r.consistent = true;
    r.certificate = "the teacher point is an exact solution";
  } else {
    if (log) *log << "computing a Groebner basis...\n";
    r = algebra::decide_consistency(system);
  }
  ProtocolResult result;
  result.command = "consistent";
  auto& j = result.details;
  j["unknowns"] = system.ring->variables();
  j["equations"] = system.equations.size();
  j["consistent"] = r.consistent ? nlohmann::json(*r.consistent) : nlohmann::json(nullptr);
  j["certificate"] = r.certificate;
  j["basis_length"] = r.basis_length;
  result.summary_line = (!r.consistent ? "undecided" : *r.consistent ? "consistent" : "inconsistent") + std::string(": ") + r.certificate;
  return result;
}

}  // namespace landscape::experiments
