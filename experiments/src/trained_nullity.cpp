#include "landscape/experiments/trained_nullity.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/experiments/zero_loss_points.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/zero_loss_fit.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/weights_file.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool TrainedNullityOptions::is_valid(std::string* error) const {
  if (widths.empty() || activations.empty()) {
    if (error) *error = widths.empty() ? "widths (none): give at least one width" : "activations (none): give at least one";
    return false;
  }
  for (int w : widths)
    if (!check_range("widths", w, 1, 2000, error)) return false;
  for (const auto& a : activations) {
    try {
      Activation::parse(a);
    } catch (const FieldError& e) {
      if (error) *error = "activations " + e.rule();
      return false;
    }
  }
  return check_range("points", points, 1, 1000, error) && check_range("inputs", inputs, 1, 1000, error) &&
         check_range("outputs", outputs, 1, 100, error) && check_range("epochs", epochs, 0, 1000000, error) &&
         check_positive("lr", lr, error) && check_range("lm_steps", lm_steps, 1, 100000, error) &&
         check_range(std::string("cooper_digits"), cooper_digits, 20u, 10000u, error) && check_required("out_dir", out_dir, error);
}

namespace {

struct Row {
  json record;
  std::vector<double> magnitudes;  // |eigenvalues|, largest first (trained rows)
};

std::string arch_of(const TrainedNullityOptions& o, int width) {
  return std::to_string(o.inputs) + "," + std::to_string(width) + "," + std::to_string(o.outputs);
}

// One net trained (full-batch Adam, then Levenberg-Marquardt) to zero loss, and its Hessian.
Row trained_row(const TrainedNullityOptions& o, const std::string& act, int width, OutputDirectory& out, std::ostream* log) {
  nn::TrainConfig c;
  c.model = "mlp";
  c.arch = arch_of(o, width);
  c.activation = act;
  c.dataset = "exact:d=" + std::to_string(o.inputs) + ",n=" + std::to_string(o.points) + ",outputs=" +
              std::to_string(o.outputs) + ",seed=" + std::to_string(o.seed) + ",labels=" + std::to_string(o.label_seed);
  c.dtype = "float64";
  c.batch_size = 0;
  c.optimizer = "adam";
  c.lr = o.lr;
  c.epochs = o.epochs;
  c.loss = "mse";
  c.seed = static_cast<std::uint64_t>(width);
  c.threads = 1;
  c.record_every = 0;
  const std::string dir = out.file(act + "-w" + std::to_string(width));
  const auto trained = train_or_finish(c, dir, act + " width " + std::to_string(width), log);
  Row row;
  json& j = row.record;
  j = {{"kind", "trained"}, {"activation", act}, {"width", width}, {"run_dir", dir}, {"points", o.points},
       {"outputs", o.outputs}, {"training_loss", trained.final_train_loss}};
  if (trained.diverged) {
    j["diverged"] = true;
    return row;
  }
  nn::ZeroLossFitOptions fo;
  fo.max_steps = o.lm_steps;
  const auto fit = nn::fit_to_zero_loss(dir, fo);
  nn::CurvatureOptions co;
  co.dtype = "float64";
  co.threads = 1;
  nn::Curvature curvature(dir, co);
  const auto h = curvature.dense(nn::CurvatureKind::Hessian);
  const auto k = static_cast<Eigen::Index>(h.size());
  Eigen::MatrixXd m(k, k);
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b) m(a, b) = h[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)];
  const Eigen::VectorXd l = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m, Eigen::EigenvaluesOnly).eigenvalues();
  std::vector<std::pair<double, double>> by_size;  // (|lambda|, lambda), largest first
  for (Eigen::Index a = 0; a < k; ++a) by_size.emplace_back(std::abs(l[a]), l[a]);
  std::sort(by_size.begin(), by_size.end(), std::greater<>());
  for (const auto& p : by_size) row.magnitudes.push_back(p.first);
  double gap = 0;
  const long nonzero = nn::rank_by_gap(row.magnitudes, 1e4, &gap);
  long negative = 0;
  for (long a = 0; a < nonzero; ++a) negative += by_size[static_cast<std::size_t>(a)].second < 0;
  const long expected = static_cast<long>(k) - static_cast<long>(o.points) * o.outputs;
  j["parameters"] = k;
  j["final_loss"] = fit.final_loss;
  j["levenberg_marquardt_steps"] = fit.steps;
  j["jacobian_rank"] = fit.jacobian_rank;
  j["nullity"] = static_cast<long>(k) - nonzero;
  j["expected_nullity"] = expected;
  j["gap"] = gap;
  j["negative"] = negative;
  j["largest_zero"] = nonzero < k ? row.magnitudes[static_cast<std::size_t>(nonzero)] : 0.0;
  j["smallest_nonzero"] = nonzero > 0 ? row.magnitudes[static_cast<std::size_t>(nonzero - 1)] : 0.0;
  j["zero_loss"] = fit.final_loss < 1e-12;
  // Prop. 2.3 speaks of zero-loss points of overparametrized nets: a row that is not one (K <= N dL,
  // or the fit did not reach zero loss) is outside the claim, reported, and left undecided.
  j["decided"] = expected > 0 && fit.final_loss < 1e-12;
  j["matches"] = j["decided"].get<bool>() && static_cast<long>(k) - nonzero == expected;
  if (act != "relu") {  // the same point in the algebra: the MPFR Hessian on the exact rationals
    HessianOptions ho;
    ho.problem.net = NetSpec::parse(c.arch, Activation::parse(act), true);
    ho.problem.inputs = random_points(static_cast<std::size_t>(o.points), o.inputs, o.seed);
    ho.problem.labels = random_labels(static_cast<std::size_t>(o.points), o.outputs, o.label_seed);
    ho.weights_path = dir + "/weights.json";
    ho.parameters = read_weights_file(ho.weights_path).rationals(ho.weights_path);
    ho.digits = 30;
    ho.threshold = Rational::parse("1/100000000");  // the point is a double: its residual part is ~1e-14
    const auto a = hessian_at(ho).details;
    j["algebra"] = {{"positive", a["positive"]}, {"zero", a["zero"]}, {"negative", a["negative"]}, {"gap_ratio", a["gap_ratio"]},
                    {"residual_part_norm", a["residual_part_norm"]}, {"loss", a["loss"]}};
    j["matches"] = j["matches"].get<bool>() && a["zero"].get<long>() == expected;
  }
  return row;
}

// Cooper's construction (smoolu) of the same exact data, and its Hessian in MPFR.
Row cooper_row(const TrainedNullityOptions& o, int width, OutputDirectory& out) {
  ZeroLossProblem p;
  p.net = NetSpec::parse(arch_of(o, width), Activation::parse("smoolu"), true);
  p.inputs = random_points(static_cast<std::size_t>(o.points), o.inputs, o.seed);
  p.labels = random_labels(static_cast<std::size_t>(o.points), o.outputs, o.label_seed);
  p.data_source = "random:n=" + std::to_string(o.points) + ",seed=" + std::to_string(o.seed);
  p.labels_source = "random:seed=" + std::to_string(o.label_seed);
  MemorizeOptions mo;
  mo.problem = p;
  mo.digits = o.cooper_digits;
  mo.weights_file = out.file("cooper-w" + std::to_string(width) + ".json");
  memorize_points(mo);
  out.add(mo.weights_file);
  HessianOptions ho;
  ho.problem = p;
  ho.parameters = read_weights_file(mo.weights_file).rationals(mo.weights_file);
  ho.weights_path = mo.weights_file;
  ho.digits = o.cooper_digits;
  const auto h = hessian_at(ho).details;
  const long k = static_cast<long>(p.net.parameter_count());
  Row row;
  row.record = {{"kind", "cooper"}, {"activation", "smoolu"}, {"width", width}, {"parameters", k}, {"points", o.points},
                {"outputs", o.outputs}, {"final_loss", h["loss"]}, {"jacobian_rank", h["jacobian_rank"]},
                {"nullity", h["zero"]}, {"expected_nullity", k - static_cast<long>(o.points) * o.outputs},
                {"gap", h["gap_ratio"]}, {"negative", h["negative"]}, {"weights", mo.weights_file}};
  row.record["matches"] = h["zero"].get<long>() == k - static_cast<long>(o.points) * o.outputs;
  return row;
}

}  // namespace

ProtocolResult run_trained_nullity(const TrainedNullityOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  std::vector<Row> rows;
  std::vector<std::string> acts = o.activations;
  if (o.relu && std::find(acts.begin(), acts.end(), "relu") == acts.end()) acts.push_back("relu");
  for (int w : o.widths) {
    for (const auto& act : acts) rows.push_back(trained_row(o, act, w, out, log));
    if (o.cooper && w >= o.points) {
      if (log) *log << "== Cooper's construction, width " << w << "\n";
      rows.push_back(cooper_row(o, w, out));
    }
  }
  ProtocolResult result;
  result.command = "experiment trained-nullity";
  json& j = result.details;
  j["rows"] = json::array();
  bool agrees = true;
  int checked = 0, undecided = 0;
  std::ostringstream csv;
  csv << std::setprecision(10) << "kind,activation,width,parameters,points,outputs,final_loss,jacobian_rank,nullity,expected_nullity,gap\n";
  plot::LineFigure f{"Hessian eigenvalue magnitudes at trained zero-loss points (Cooper 2018, Prop. 2.3)", "index (largest first)",
                     "|eigenvalue|", false, true, {}};
  for (const auto& r : rows) {
    const json& x = r.record;
    j["rows"].push_back(x);
    const bool smooth = x["kind"] == "cooper" || x["activation"] != "relu";
    const bool decided = x.contains("matches") && x.value("decided", true);  // diverged or outside the claim: not
    if (smooth && decided) agrees = agrees && x["matches"].get<bool>(), ++checked;
    if (smooth && !decided) ++undecided;
    auto field = [&x](const char* key) { return x.contains(key) ? x[key].dump() : std::string(); };
    csv << x["kind"].get<std::string>() << ',' << x["activation"].get<std::string>() << ',' << x["width"] << ','
        << field("parameters") << ',' << x["points"] << ',' << x["outputs"] << ',' << field("final_loss") << ','
        << field("jacobian_rank") << ',' << field("nullity") << ',' << field("expected_nullity") << ',' << field("gap") << '\n';
    if (r.magnitudes.empty()) continue;
    std::vector<double> index, shown;
    for (std::size_t i = 0; i < r.magnitudes.size(); ++i)
      index.push_back(static_cast<double>(i + 1)), shown.push_back(std::max(r.magnitudes[i], 1e-30));
    f.series.push_back({x["activation"].get<std::string>() + " w=" + std::to_string(x["width"].get<int>()), index, shown, "linespoints"});
  }
  write_file_atomically(out.file("nullity.csv"), csv.str());
  out.add(out.file("nullity.csv"));
  out.add(plot::write_line_figure(f, out.file("spectra")));
  j["agrees"] = agrees && checked > 0;
  j["undecided"] = undecided;  // smooth rows that diverged, did not reach zero loss, or have K <= N dL
  j["claim"] = "Cooper 2018, Prop. 2.3: at a zero-loss point of a smooth overparametrized net the Hessian has nullity K - N*dL";
  std::ostringstream summary;
  summary << (checked == 0 ? "UNDECIDED" : j["agrees"].get<bool>() ? "AGREES" : "DISAGREES") << ": " << checked
          << " smooth rows (trained and Cooper) of " << rows.size() << "; nullity = K - N*dL "
          << (j["agrees"].get<bool>() ? "in every one" : "not in every one") << (undecided ? " (" + std::to_string(undecided) + " undecided)" : "")
          << " (" << o.out_dir << ")";
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
