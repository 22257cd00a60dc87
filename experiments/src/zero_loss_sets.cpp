#include "landscape/experiments/zero_loss_sets.hpp"

#include <cmath>
#include <sstream>

#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::experiments {

using json = nlohmann::json;
using namespace landscape::algebra;

namespace {
json summary_json(const SystemSummary& s) {
  return {{"equations", s.equations},       {"degrees", s.degrees},
          {"terms", s.terms},               {"total_terms", s.total_terms},
          {"zero_equations", s.zero_equations}, {"bezout_bound", s.bezout_bound},
          {"log10_bezout", s.log10_bezout}, {"log10_shub_smale_real", s.log10_shub_smale},
          {"expected_dimension", s.expected_dimension}};
}
}  // namespace

SystemReport zero_loss_system_report(const ZeroLossProblem& p, bool critical) {
  SystemReport r;
  r.command = "system";
  r.system = zero_loss_system(p.net, p.inputs, p.labels);
  if (critical) r.critical = critical_point_system(r.system);
  const auto s = summarize(r.system);
  json& j = r.details;
  j.update(summary_json(s));
  j["activation_degree"] = p.net.activation.degree();
  j["activation_layers"] = p.net.activation_layers();
  j["closed_form_degree"] = p.net.weight_degree();
  j["paper_degree"] = p.net.input_degree();
  j["paper_bezout_bound"] = product_of_degrees(std::vector<long long>(s.equations, p.net.input_degree()));
  j["log10_paper_bezout"] = static_cast<double>(s.equations) * std::log10(static_cast<double>(p.net.input_degree()));
  if (r.critical) j["critical"] = summary_json(summarize(*r.critical));
  r.summary_line = s.summary();
  std::ostringstream text;
  text << "network     " << p.net.arch_text() << ", activation " << p.net.activation.name << (p.net.bias ? "" : ", no bias")
       << ": K = " << p.net.parameter_count() << " parameters\n"
       << "data        " << p.data_source << ", labels " << p.labels_source << "\n"
       << "system      " << s.summary() << "\n"
       << "degrees     closed form " << p.net.weight_degree() << " in the weights; Liao & Poggio's l^d = " << p.net.input_degree()
       << " (in the inputs), bound l^(N d) = 10^" << j["log10_paper_bezout"].get<double>() << "\n"
       << "real roots  Shub-Smale estimate 10^" << s.log10_shub_smale << "\n";
  if (r.critical) text << "critical    " << summarize(*r.critical).summary() << "\n";
  r.text = text.str();
  return r;
}

ProtocolResult zero_loss_dimension(const DimensionOptions& o) {
  const auto& p = o.problem;
  auto d = dimension_report(p.net, p.inputs, o.teacher, o.seed);
  std::string functional_how = "modulo p = " + std::to_string(d.prime) + ", Jacobian of K + 2 random evaluations (seed " +
                               std::to_string(o.seed) + ")";
  if (o.functional_by_coefficients) {
    d.functional_dimension = functional_dimension_by_coefficients(p.net, o.seed);
    functional_how = "exact over Q, coefficient map at a random integer point (seed " + std::to_string(o.seed) + ")";
  }
  ProtocolResult r;
  r.command = "dim";
  json& j = r.details;
  j["equations"] = d.equations;
  j["jacobian_rank"] = d.jacobian_rank;
  j["method"] = d.method;
  j["dimension"] = d.dimension ? json(*d.dimension) : json(nullptr);
  j["tangent_dimension"] = d.tangent_dimension ? json(*d.tangent_dimension) : json(nullptr);
  j["dimension_bounds"] = d.dimension_bounds ? json::array({d.dimension_bounds->first, d.dimension_bounds->second}) : json(nullptr);
  j["smooth_of_expected_dimension"] = d.smooth_of_expected_dimension ? json(*d.smooth_of_expected_dimension) : json(nullptr);
  j["expected_dimension"] = d.expected_dimension;
  j["generic_rank"] = d.generic_rank;
  j["functional_dimension"] = d.functional_dimension;
  j["functional_method"] = functional_how;
  j["inconsistent_for_generic_labels"] = d.inconsistent_for_generic_labels();
  j["seed"] = o.seed;
  j["prime"] = std::to_string(d.prime);
  r.summary_line = d.summary();
  return r;
}

}  // namespace landscape::experiments
