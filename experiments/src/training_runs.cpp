#include "landscape/experiments/training_runs.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;

nn::TrainResult train_or_finish(nn::TrainConfig config, const std::string& dir, const std::string& label,
                                std::ostream* log) {
  config.out_dir = dir;
  config.resume = fs::exists(fs::path(dir) / "checkpoint.pt");
  if (log) *log << "== " << label << (config.resume ? " (continuing)" : "") << "\n";
  auto result = nn::train(config, nullptr);
  if (result.diverged && log) *log << "note: " << label << ": " << result.divergence << "\n";
  return result;
}

plot::FigureFiles contour_figure(nn::Probe& probe, std::uint64_t seed, int points, const std::string& title,
                                 const std::string& stem) {
  const auto w0 = probe.parameters();
  const auto u = probe.random_direction(seed + 1, nn::DirectionNorm::Filter, true);
  const auto v = probe.random_direction(seed + 2, nn::DirectionNorm::Filter, true);
  plot::GridFigure g{title, "alpha", "beta", "train loss", {}, {}, {}, false, 20, /*contour_quantiles=*/true, {}};
  for (int k = 0; k < points; ++k) g.x.push_back(-1 + 2.0 * k / (points - 1));
  g.y = g.x;
  std::vector<std::array<double, 2>> ab;
  for (double a : g.x)
    for (double b : g.y) ab.push_back({a, b});
  for (const auto& value : probe.evaluate(w0, u, &v, ab, true, false)) g.z.push_back(value.train_loss);
  return plot::write_grid_figure(g, plot::GridStyle::Contour, stem);
}

nlohmann::json run_record(const nn::TrainResult& r, const std::string& dir) {
  return {{"run_dir", dir}, {"final_train_error", r.final_train_error}, {"final_test_error", r.final_test_error},
          {"final_train_loss", r.final_train_loss}, {"epochs", r.epochs}, {"diverged", r.diverged}};
}

ProtocolResult training_run_record(const nn::TrainConfig& c, const nn::TrainResult& r, const nlohmann::json& activation_info,
                                   std::ostream* log) {
  ProtocolResult result;
  result.command = "train";
  result.details = r.to_json();
  result.details["config"] = c.to_json();
  if (activation_info.contains("sup_error")) result.details["relu_approximation"] = activation_info;
  else if (!activation_info.is_null()) result.details["polynomial_evaluation"] = activation_info;
  if (r.history.size() > 1 || r.diverged) {
    OutputDirectory figures(c.out_dir);
    for (const auto& f : curve_figures({{c.activation == "relu" ? "relu" : c.model, r}}, c.out_dir, "curves", r.model_description))
      figures.add(f);
    result.files = figures.files();
    result.notes = figures.notes();
    if (log)
      for (const auto& note : figures.notes()) *log << "note: " << note << "\n";
  }
  std::ostringstream summary;
  summary << r.model_description << ": " << r.parameters << " parameters, " << r.epochs << " epochs, train error "
          << r.final_train_error << ", test error "
          << (std::isnan(r.final_test_error) ? std::string("n/a (no test set)") : std::to_string(r.final_test_error)) << " ("
          << c.out_dir << ")";
  result.summary_line = summary.str();
  write_file_atomically((fs::path(c.out_dir) / "result.json").string(), result.to_json().dump(2) + "\n");
  return result;
}

std::vector<plot::FigureFiles> curve_figures(const std::vector<std::pair<std::string, nn::TrainResult>>& runs,
                                             const std::string& dir, const std::string& stem, const std::string& title) {
  plot::LineFigure errors{title + ": classification error", "epoch", "error", false, false, {}};
  plot::LineFigure losses{title + ": loss", "epoch", "loss", false, true, {}};
  for (const auto& [name, r] : runs) {
    plot::Series train_error{name + " train", {}, {}}, test_error{name + " test", {}, {}};
    plot::Series train_loss{name + " train", {}, {}}, test_loss{name + " test", {}, {}};
    for (const auto& h : r.history) {
      for (auto* s : {&train_error, &test_error, &train_loss, &test_loss}) s->x.push_back(h.epoch);
      train_error.y.push_back(h.train_error);
      test_error.y.push_back(h.test_error);
      train_loss.y.push_back(h.train_loss);
      test_loss.y.push_back(h.test_loss);
    }
    errors.series.push_back(train_error);
    errors.series.push_back(test_error);
    losses.series.push_back(train_loss);
    losses.series.push_back(test_loss);
  }
  return {plot::write_line_figure(errors, (fs::path(dir) / (stem + "-error")).string()),
          plot::write_line_figure(losses, (fs::path(dir) / (stem + "-loss")).string())};
}

plot::FigureFiles mds_figure(const std::vector<std::string>& dirs, const std::vector<std::string>& group_titles,
                             const std::vector<int>& groups, const std::vector<double>& epoch_offset,
                             const std::string& stem, const std::string& title, double* stress) {
  RowMatrix<double> rows;
  plot::ScatterFigure f;
  f.title = title;
  f.xlabel = "MDS 1";
  f.ylabel = "MDS 2";
  f.connect = true;
  f.group_titles = group_titles;
  std::vector<std::pair<int, double>> meta;
  for (std::size_t r = 0; r < dirs.size(); ++r) {
    const auto t = nn::run_trajectory(dirs[r]);
    for (std::size_t k = 0; k < t.parameters.size(); ++k) {
      rows.push_back(t.parameters[k]);
      meta.push_back({groups[r], epoch_offset[r] + t.epoch[k]});
    }
  }
  const auto m = analysis::classical_mds(analysis::dissimilarities(rows, analysis::Dissimilarity::Cosine), 2);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::ostringstream label;
    label << meta[k].second;
    f.points.push_back({m.coordinates[k][0], m.coordinates[k][1], label.str(), meta[k].first});
  }
  if (stress) *stress = m.stress;
  return plot::write_scatter_figure(f, stem);
}

}  // namespace landscape::experiments
