#include "landscape/experiments/zero_loss_points.hpp"

#include <cmath>
#include <ios>

#include "landscape/algebra/hessian.hpp"
#include "landscape/algebra/memorization.hpp"
#include "landscape/algebra/multiprecision.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/experiments/validation.hpp"

namespace landscape::experiments {

using json = nlohmann::json;
using namespace landscape::algebra;

namespace {

// A double for JSON: finite values as numbers, infinities and NaN as null.
json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// A short decimal (20 significant digits) of a Real, for JSON fields that people read.
std::string short_decimal(const Real& x) { return x.str(20, std::ios_base::scientific); }

std::size_t equations_of(const ZeroLossProblem& p) { return p.inputs.size() * static_cast<std::size_t>(p.net.outputs()); }

}  // namespace

ResolvedLabels resolve_labels(const NetSpec& net, const Dataset& data, const std::optional<std::string>& labels,
                              const std::optional<std::string>& teacher_file) {
  if ((data.has_labels() ? 1 : 0) + (labels ? 1 : 0) + (teacher_file ? 1 : 0) > 1)
    throw FieldError("labels", "given more than once: use one of CSV y columns, the labels option or a teacher");
  ResolvedLabels r;
  if (teacher_file) {
    net.activation.require_polynomial("a teacher network");
    r.teacher = read_parameter_file(*teacher_file, net.parameter_count());
    r.labels = teacher_labels(net, data.inputs, *r.teacher);
    r.source = "teacher:" + *teacher_file;
  } else if (data.has_labels()) {
    r.labels = data.labels;
    r.source = "csv";
  } else {
    const std::string spec = labels.value_or("random:seed=0");
    if (spec.rfind("random:", 0) != 0) throw FieldError("labels", "'" + spec + "': expected random:seed=S");
    auto kv = parse_key_values("labels", spec, "random:", {"seed"});
    const std::uint64_t seed = kv.count("seed") ? kv["seed"] : 0;
    r.labels = random_labels(data.size(), net.outputs(), seed);
    r.source = "random:seed=" + std::to_string(seed);
  }
  return r;
}

std::string memorize_arch(const MemorizeShape& s, std::string* note) {
  std::uint64_t d0 = 1;
  if (s.inputs) {
    d0 = *s.inputs;
  } else if (s.data != "random" && s.data.rfind("random:", 0) != 0) {
    const std::uint64_t columns = csv_column_count(s.data), label_columns = s.labels_in_file ? s.outputs : 0;
    if (columns <= label_columns)
      throw FieldError("inputs", "(not given) " + s.data + ": " + std::to_string(columns) + " column(s) cannot hold " +
                                     std::to_string(label_columns) + " label column(s) and at least one input; give the inputs or the arch");
    d0 = columns - label_columns;
    if (note)
      *note = s.data + " has " + std::to_string(columns) + " columns: " + std::to_string(d0) + " input(s)" +
              (s.labels_in_file ? " and " + std::to_string(label_columns) + " label column(s)" : "");
  }
  if (d0 == 0 || s.depth == 0 || s.outputs == 0) throw FieldError(d0 == 0 ? "inputs" : s.depth == 0 ? "depth" : "outputs", "must be positive");
  std::uint64_t width = 0;
  if (s.width) {
    width = *s.width;
  } else {  // N, read from the data
    try {
      width = load_dataset(s.data, static_cast<int>(d0), static_cast<int>(s.outputs)).size();
    } catch (const CsvLayoutError& e) {
      throw FieldError("inputs", std::string("(") + std::to_string(d0) + ") " + e.what() + "; the inputs (or the arch) set d0");
    }
  }
  std::string text = std::to_string(d0);
  for (std::uint64_t l = 0; l < s.depth; ++l) text += "," + std::to_string(width);
  return text + "," + std::to_string(s.outputs);
}

bool MemorizeOptions::is_valid(std::string* error) const {
  return check_range(std::string("digits"), digits, 20u, 10000u, error) && check_required("weights_file", weights_file, error);
}

ProtocolResult memorize_points(const MemorizeOptions& o) {
  throw_if_invalid(o);
  const auto& p = o.problem;
  const auto m = memorize(p.net, p.inputs, p.labels, o.digits, o.seed);
  PrecisionScope precision(m.working_digits);
  WeightsFile w;
  w.arch = p.net.arch_text();
  w.activation = p.net.activation.name;
  w.bias = p.net.bias;
  for (const auto& v : m.parameters) w.parameters.push_back(to_decimal_string(v));
  w.metadata = {{"created_by", "landscape memorize"},
                {"construction", p.net.widths.size() == 3 ? "Cooper Lemma 3.3" : "Cooper Cor. 3.4"},
                {"data", p.data_source},
                {"labels", p.labels_source},
                {"digits", m.working_digits},
                {"requested_digits", o.digits},
                {"seed", o.seed},
                {"projection", m.projection},
                {"max_abs_residual", short_decimal(m.max_abs_residual)},
                {"jacobian_rank", m.jacobian_rank}};
  write_weights_file(o.weights_file, w);
  ProtocolResult r;
  r.command = "memorize";
  r.files = {o.weights_file};
  json& j = r.details;
  j["width"] = p.net.widths[p.net.widths.size() - 2];
  j["max_abs_residual"] = short_decimal(m.max_abs_residual);
  j["log10_max_abs_residual"] = finite_or_null(log10_abs(m.max_abs_residual));
  j["digits"] = o.digits;
  j["working_digits"] = m.working_digits;
  j["seed"] = o.seed;
  j["jacobian_rank"] = m.jacobian_rank;
  j["equations"] = equations_of(p);
  j["projection"] = m.projection;
  j["weights"] = o.weights_file;
  r.summary_line = m.summary(p.net, p.inputs.size()) + "; weights written to " + o.weights_file;
  return r;
}

bool HessianOptions::is_valid(std::string* error) const {
  if (threshold && threshold->to_double() < 0) {
    if (error) *error = "threshold " + threshold->text() + ": must be >= 0";
    return false;
  }
  return check_range(std::string("digits"), digits, 20u, 10000u, error);
}

ProtocolResult hessian_at(const HessianOptions& o) {
  throw_if_invalid(o);
  const auto& p = o.problem;
  const auto h = hessian_report(p.net, p.inputs, p.labels, o.parameters, o.digits, o.exact, o.threshold);
  PrecisionScope precision(o.digits);
  ProtocolResult r;
  r.command = "hessian";
  json& j = r.details;
  j["weights"] = o.weights_path;
  j["equations"] = h.equations;
  j["positive"] = h.counts.positive;
  j["zero"] = h.counts.zero;
  j["negative"] = h.counts.negative;
  j["threshold"] = short_decimal(h.counts.split.threshold);
  const auto gap = h.counts.split.log10_gap_ratio();
  j["log10_gap_ratio"] = gap ? finite_or_null(*gap) : json(nullptr);
  j["gap_ratio"] = gap ? finite_or_null(std::pow(10.0, *gap)) : json(nullptr);
  j["largest_zero"] = h.counts.split.largest_zero ? json(short_decimal(*h.counts.split.largest_zero)) : json(nullptr);
  j["smallest_positive_or_negative"] =
      h.counts.split.smallest_nonzero ? json(short_decimal(*h.counts.split.smallest_nonzero)) : json(nullptr);
  j["jacobian_rank"] = h.jacobian_rank;
  j["loss"] = short_decimal(h.loss);
  j["max_abs_residual"] = short_decimal(h.max_abs_residual);
  j["gauss_newton_norm"] = short_decimal(h.gauss_newton_norm);
  j["residual_part_norm"] = short_decimal(h.residual_part_norm);
  j["hessian_minus_gauss_newton_norm"] = short_decimal(h.difference_norm);
  j["predicted"] = {{"positive", h.equations},
                    {"zero", static_cast<long>(h.parameters) - static_cast<long>(h.equations)},
                    {"negative", 0}};
  j["matches_prediction"] = h.matches_prediction();
  if (h.exact)
    j["exact"] = {{"positive", h.exact->positive}, {"zero", h.exact->zero}, {"negative", h.exact->negative},
                  {"jacobian_rank", *h.exact_jacobian_rank}};
  if (o.list_eigenvalues) {
    j["eigenvalues"] = json::array();
    for (const auto& v : h.counts.eigenvalues) j["eigenvalues"].push_back(short_decimal(v));
  }
  j["digits"] = o.digits;
  j["method"] = h.method;
  r.summary_line = h.summary();
  return r;
}

bool WalkOnManifoldOptions::is_valid(std::string* error) const {
  return check_range("steps", walk.steps, 1, 1000000, error) &&
         check_range(std::string("step_fraction"), walk.step_fraction, 1e-300, 10.0, error) &&
         check_range(std::string("digits"), walk.digits, 20u, 10000u, error);
}

ProtocolResult walk_on_manifold(const WalkOnManifoldOptions& o) {
  throw_if_invalid(o);
  const auto& p = o.problem;
  const auto w = walk_zero_loss_manifold(p.net, p.inputs, p.labels, o.parameters, o.walk);
  PrecisionScope precision(o.walk.digits);
  ProtocolResult r;
  r.command = "walk";
  if (o.save_as) {
    WeightsFile end = *o.save_as;
    end.parameters.clear();
    for (const auto& v : w.final_parameters) end.parameters.push_back(to_decimal_string(v));
    end.metadata["created_by"] = "landscape walk";
    end.metadata["walked_from"] = o.weights_path;
    end.metadata["digits"] = o.walk.digits;
    write_weights_file(o.save_path, end);
    r.files = {o.save_path};
  }
  json& j = r.details;
  j["weights"] = o.weights_path;
  j["steps"] = o.walk.steps;
  j["step_fraction"] = o.walk.step_fraction;
  j["seed"] = o.walk.seed;
  j["digits"] = o.walk.digits;
  j["start_norm"] = static_cast<double>(w.start_norm);
  j["distance"] = static_cast<double>(w.distance);
  j["relative_distance"] = w.relative_distance();
  j["path_length"] = static_cast<double>(w.path_length);
  j["max_loss"] = short_decimal(w.max_loss);
  j["log10_max_loss"] = finite_or_null(log10_abs(w.max_loss));
  j["min_jacobian_rank"] = w.min_jacobian_rank;
  j["equations"] = equations_of(p);
  j["trace"] = json::array();
  for (const auto& s : w.steps)
    j["trace"].push_back({{"distance", static_cast<double>(s.distance)},
                          {"log10_loss", finite_or_null(log10_abs(s.loss))},
                          {"jacobian_rank", s.jacobian_rank},
                          {"corrections", s.corrections}});
  r.summary_line = w.summary();
  return r;
}

}  // namespace landscape::experiments
