#include "landscape/experiments/architectures.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

bool ArchitecturesOptions::is_valid(std::string* error) const {
  if (models.empty()) {
    if (error) *error = "models: at least one";
    return false;
  }
  for (const auto& m : models) {
    const bool known = nn::parse_model_name(m).has_value();
    if (!known || std::count(models.begin(), models.end(), m) > 1) {
      if (error)
        *error = "models '" + m + "': " + (known ? "listed twice" : "unknown model (expected " + std::string(nn::kModelNames) + ")");
      return false;
    }
  }
  if (surface_points != 0 && !check_range("surface_points", surface_points, 3, 201, error)) return false;
  return check_range<std::int64_t>("surface_samples", surface_samples, 0, 1LL << 40, error) &&
         check_required("out_dir", out_dir, error);
}

ArchitecturesResult run_architectures(const ArchitecturesOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  ArchitecturesResult result;
  result.command = "experiment architectures";
  auto& j = result.details;
  j["config"] = o.base.to_json();
  j["rows"] = nlohmann::json::array();
  std::ostringstream table;
  table << "model,parameters,epochs,train_loss,train_error,test_loss,test_error,diverged\n" << std::setprecision(9);
  std::vector<std::pair<std::string, nn::TrainResult>> curves;
  for (const auto& model : o.models) {
    nn::TrainConfig c = o.base;
    c.model = model;
    if (model != "mlp") c.arch.clear();
    const std::string dir = out.file(model);
    const nn::TrainResult r = train_or_finish(c, dir, model, log);
    ArchitectureRow row{model, r.model_description, r.parameters, r.epochs, r.final_train_loss, r.final_train_error,
                        r.final_test_loss, r.final_test_error, r.diverged};
    table << model << ',' << row.parameters << ',' << row.epochs << ',' << row.train_loss << ',' << row.train_error << ','
          << row.test_loss << ',' << row.test_error << ',' << (row.diverged ? "true" : "false") << '\n';
    nlohmann::json entry = run_record(r, dir);
    entry.update({{"model", model}, {"description", row.description}, {"parameters", row.parameters},
                  {"final_test_loss", row.test_loss}});
    if (o.surface_points > 0 && !r.diverged) {
      if (log) *log << "contours around " << model << " (" << o.surface_points << " x " << o.surface_points << ")\n";
      nn::Probe probe(dir, "final", c.device, c.threads, o.surface_samples);
      out.add(contour_figure(probe, o.base.seed, o.surface_points,
                             model + ", test error " + std::to_string(row.test_error).substr(0, 5), out.file("2d-" + model)));
    }
    j["rows"].push_back(entry);
    result.rows.push_back(row);
    curves.emplace_back(model, r);
  }
  write_file_atomically(out.file("table.csv"), table.str());
  out.add(out.file("table.csv"));
  for (const auto& f : curve_figures(curves, o.out_dir, "curves", "architectures")) out.add(f);
  std::ostringstream summary;
  summary << std::setprecision(3) << "architectures: " << o.models.size() << " models, test error";
  for (const auto& row : result.rows) summary << " " << row.model << " " << row.test_error;
  summary << "; " << o.out_dir;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
