#include "landscape/experiments/critical_points.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>

#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/critical_points.hpp"
#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/monodromy.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/plot/figure.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/random.hpp"
#include "landscape/experiments/solving.hpp"
#include "landscape/experiments/validation.hpp"

namespace landscape::experiments {

using json = nlohmann::json;
using namespace landscape::algebra;

bool CriticalPointsOptions::is_valid(std::string* error) const {
  const auto lambda = Rational::parse(weight_decay);
  if (weight_decay != "random" && (!lambda || lambda->to_double() < 0)) {
    if (error) *error = "weight_decay '" + weight_decay + "': random, or a rational number >= 0";
    return false;
  }
  if (method != "homotopy" && method != "monodromy") {
    if (error) *error = "method '" + method + "': homotopy or monodromy";
    return false;
  }
  if (out_dir.empty()) {
    if (error) *error = "out_dir (empty): an output directory is required";
    return false;
  }
  return check_range<unsigned>("threads", threads, 0, 4096, error);
}

namespace {

std::vector<Rational> weight_decay_values(const CriticalPointsOptions& o, std::size_t count) {
  if (o.weight_decay != "random") return std::vector<Rational>(count, *Rational::parse(o.weight_decay));
  SplitMix64 rng(o.seed ^ 0x5eedc0ffeeULL);
  std::vector<Rational> lambdas;
  for (std::size_t j = 0; j < count; ++j) lambdas.emplace_back(static_cast<std::int64_t>(100 + rng.next() % 900), 1000);
  return lambdas;
}

// Loss value at a real point: L (compiled once from its exact coefficients), in double precision.
double loss_at(const NumericSystem& L, const std::vector<double>& w) {
  ComplexVector x(w.begin(), w.end());
  Complex value;
  L.evaluate(x.data(), &value, nullptr);
  return value.real();
}

std::string kind_of(const Inertia& inertia, int parameters) {
  if (!inertia.proved()) return "degenerate";
  if (inertia.negative == 0) return "local minimum";
  return inertia.negative == parameters ? "local maximum" : "saddle";
}

// The critical points by monodromy in the weight decays (solve_monodromy_by_patterns): dL/dw_j
// carries lambda_j w_j, and the loops run once per coordinate pattern the family never leaves (in
// a network without biases whose activation has sigma(0) = 0: the sets of dead hidden units, each
// giving the smaller network's points), the origin added when it is critical. The union goes to
// the trace test, which does not care how the points were found.
SolveResult by_monodromy(const CriticalPointsOptions& o, const PolynomialSystem& gradient,
                         const std::vector<Rational>& lambdas, json& details) {
  for (const auto& l : lambdas)
    if (!(l.to_double() > 0)) throw InputError("critical: method 'monodromy' needs every weight decay lambda_j > 0");
  std::vector<std::size_t> own(gradient.equations.size());
  for (std::size_t j = 0; j < own.size(); ++j) own[j] = j;  // dL/dw_j carries lambda_j w_j
  MonodromyOptions mo;
  mo.seed = o.seed, mo.threads = o.threads;
  const auto c = solve_monodromy_by_patterns_certified(gradient, own, mo);
  details["patterns"] = c.monodromy.patterns;
  details["monodromy_rounds"] = c.rounds;
  details["trace_test"] = trace_test_json(c.trace);
  SolveResult r = as_solve_result(gradient, c.monodromy.solutions);
  r.paths = c.monodromy.paths_tracked, r.failed = c.monodromy.lost;
  return r;
}

}  // namespace

CriticalPointsResult find_critical_points(const CriticalPointsOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  o.problem.net.activation.require_polynomial("critical");
  OutputDirectory out(o.out_dir);
  const auto zero_loss = zero_loss_system(o.problem.net, o.problem.inputs, o.problem.labels);
  const auto lambdas = weight_decay_values(o, zero_loss.ring->variables());
  const Poly loss = regularized_squared_loss(zero_loss, lambdas);
  const PolynomialSystem gradient = gradient_system(loss);
  const NumericSystem loss_value(PolynomialSystem{loss.ring(), {loss}});
  if (log) *log << "critical points: " << gradient.equations.size() << " equations in as many parameters, tracking paths...\n";
  SolveOptions options;
  options.seed = o.seed, options.threads = o.threads, options.max_paths = o.max_paths;
  json monodromy = json::object();
  const SolveResult solved = o.method == "monodromy" ? by_monodromy(o, gradient, lambdas, monodromy)
                                                     : solve(gradient, options);  // polyhedral when its mixed volume is below Bezout
  if (log) *log << "certifying " << solved.nonsingular << " non-singular critical points...\n";
  const CertificationResult certified = certify_solutions(gradient, solved.solutions);

  CriticalPointsResult result;
  result.command = "critical";
  const int K = static_cast<int>(gradient.equations.size());
  for (std::size_t s = 0; s < solved.solutions.size(); ++s) {
    const auto& sol = solved.solutions[s];
    const auto& c = certified.certificates[s];
    const bool proved_real = c.certified && c.real;
    // Non-real: proved so, or not real even to 1e-8. Kept unproved: real to 1e-8 but not proved.
    if ((c.certified && c.non_real) || (!proved_real && !sol.real)) continue;
    CriticalPoint p;
    for (const auto& z : sol.point) p.w.push_back(z.real());
    // Over the Krawczyk box when realness is proved (it holds the critical point), else at the point.
    const Inertia inertia = hessian_inertia(gradient, p.w, proved_real ? c.radius : 0.0);
    p.loss = loss_at(loss_value, p.w);
    p.index = inertia.negative;
    p.nullity = inertia.unproved;
    p.proved = proved_real && inertia.proved();
    p.kind = kind_of(inertia, K);
    result.real_points.push_back(p);
  }
  std::sort(result.real_points.begin(), result.real_points.end(), [](const auto& a, const auto& b) { return a.loss < b.loss; });
  // Every critical point found (no failed path, none singular, all certified and proved real or
  // non-real, every real one's Hessian signs proved), and L coercive (every lambda_j > 0): the
  // global minimum is among them, the lowest local minima (those within 1e-9 of the lowest loss:
  // a symmetry of the network gives several). A degenerate finite critical point whose paths
  // looked like paths to infinity (|x_h| still falling where tracking stopped) is not counted
  // as singular: `complete` cannot see it.
  bool coercive = true;
  for (const auto& l : lambdas) coercive = coercive && l.to_double() > 0;
  // By monodromy, only the trace test says that nothing is missing (paths failed in a round that
  // the next one made up for do not matter then).
  const bool complete = certified.undecided == 0 && solved.singular == 0 &&
                        certified.certified_real + certified.certified_non_real == certified.certified &&
                        (o.method != "monodromy" ? solved.failed == 0 : monodromy["trace_test"]["verdict"] == "complete");
  bool all_proved = true;
  for (const auto& p : result.real_points) all_proved = all_proved && p.proved;
  if (complete && coercive && all_proved && !result.real_points.empty())
    for (auto& p : result.real_points)
      if (p.kind == "local minimum" && p.loss <= result.real_points.front().loss + 1e-9 * (1 + std::abs(p.loss)))
        p.kind = "global minimum";

  json& j = result.details;
  const auto names = zero_loss.ring->names();
  j["parameters"] = K;
  j["weight_decay"] = o.weight_decay;
  for (const auto& l : lambdas) j["lambdas"].push_back(l.text());
  j["bezout_bound"] = solved.bezout_bound;
  j["paths"] = solved.paths;
  j["method"] = o.method;
  j["start_system"] = o.method == "monodromy" ? json(nullptr) : json(to_string(solved.start_system));
  j.update(monodromy);
  j["mixed_volume"] = solved.mixed_volume.empty() ? json(nullptr) : json(std::stoull(solved.mixed_volume));
  j["stable_mixed_volume"] =
      solved.stable_mixed_volume.empty() ? json(nullptr) : json(std::stoull(solved.stable_mixed_volume));
  j["solutions"] = solved.solutions.size();
  j["nonsingular"] = solved.nonsingular;
  j["singular"] = solved.singular;
  j["failed"] = solved.failed;
  j["certified"] = certified.certified;
  j["certified_real"] = certified.certified_real;
  j["undecided"] = certified.undecided;
  j["real"] = result.real_points.size();
  j["complete"] = complete;
  j["coercive"] = coercive;
  j["seed"] = o.seed;
  std::map<int, int> by_index;
  std::map<std::string, int> by_kind;
  std::ostringstream csv;
  csv << std::setprecision(17) << "loss,index,nullity,kind,proved";
  for (const auto& name : names) csv << ',' << name;
  csv << '\n';
  plot::Series minima{"minima", {}, {}, "points pt 7"}, saddles{"saddles and maxima", {}, {}, "points pt 6"},
      degenerate{"degenerate (signs not proved)", {}, {}, "points pt 2"};
  for (const auto& p : result.real_points) {
    ++by_index[p.index];
    ++by_kind[p.kind];
    j["real_points"].push_back({{"loss", p.loss}, {"index", p.index}, {"nullity", p.nullity}, {"kind", p.kind},
                                {"proved", p.proved}, {"w", p.w}});
    csv << p.loss << ',' << p.index << ',' << p.nullity << ',' << p.kind << ',' << (p.proved ? 1 : 0);
    for (double w : p.w) csv << ',' << w;
    csv << '\n';
    auto& series = p.kind == "degenerate" ? degenerate : p.index == 0 ? minima : saddles;
    series.x.push_back(p.index), series.y.push_back(p.loss);
  }
  for (const auto& [index, count] : by_index) j["by_index"][std::to_string(index)] = count;
  for (const auto& [kind, count] : by_kind) j["by_kind"][kind] = count;
  if (!result.real_points.empty()) j["lowest_loss"] = result.real_points.front().loss;
  write_file_atomically(out.file("critical-points.csv"), csv.str());
  out.add(out.file("critical-points.csv"));
  plot::LineFigure f{"Critical points of the regularized loss (Liao and Poggio 2017, Prop. 1): loss against Hessian index",
                     "index (negative Hessian eigenvalues)", "loss", false, false, {}, true};
  for (auto* s : {&minima, &saddles, &degenerate})
    if (!s->x.empty()) f.series.push_back(*s);
  out.add(plot::write_line_figure(f, out.file("loss-index")));
  std::ostringstream summary;
  summary << "critical: " << solved.solutions.size() << " complex critical points (" << solved.nonsingular << " non-singular, "
          << certified.certified << " certified), " << result.real_points.size() << " real: " << by_kind["global minimum"]
          << " global minima, " << by_kind["local minimum"] << " other local minima, " << by_kind["saddle"] << " saddles, "
          << by_kind["degenerate"] << " degenerate; " << solved.failed << " failed paths of " << solved.paths;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
