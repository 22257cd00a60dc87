#include "landscape/experiments/training_runs.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <regex>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/error.hpp"
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

std::string with_data_option(const std::string& dataset, const std::string& key, const std::string& value, bool keep) {
  if (dataset.rfind("csv:", 0) == 0) {  // a fixed file: no subsets, no seed
    if (keep) return dataset;
    throw FieldError("dataset", "'" + dataset + "': CSV data take no " + key + "= option");
  }
  const std::regex option("([:,])" + key + "=[^,:]*");
  if (std::regex_search(dataset, option)) return keep ? dataset : std::regex_replace(dataset, option, "$1" + key + "=" + value);
  const auto colon = dataset.find(':');
  const bool options_first =
      dataset.rfind("fashion-mnist", 0) == 0 || dataset.rfind("synthetic", 0) == 0 || dataset.rfind("exact", 0) == 0;
  const std::string item = key + "=" + value;
  if (colon == std::string::npos) return dataset + ":" + item;
  if (options_first || dataset.find(':', colon + 1) != std::string::npos) return dataset + "," + item;
  return dataset + ":" + item;
}

std::pair<std::int64_t, std::int64_t> layer_range(const nn::Trajectory& t, const std::string& layer, const std::string& where) {
  if (layer == "all") return {0, t.parameters.empty() ? 0 : static_cast<std::int64_t>(t.parameters.front().size())};
  std::string names;
  for (const auto& l : t.layers) {
    if (l.name == layer) return {l.offset, l.size()};
    names += (names.empty() ? "" : ", ") + l.name;
  }
  throw FieldError("layer", "'" + layer + "': no such parameter tensor in " + where + " (it has " + names + ")");
}

MdsFigure mds_figure(const std::vector<MdsRun>& runs, const std::vector<std::string>& group_titles, const std::string& layer,
                     const std::string& labels, const std::string& stem, const std::string& title) {
  if (labels != "error" && labels != "epoch") throw FieldError("labels", "'" + labels + "': expected error or epoch");
  RowMatrix<double> rows;
  struct Meta {
    int group, run;
    double epoch, error;
  };
  std::vector<Meta> meta;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto t = nn::run_trajectory(runs[r].dir);
    const auto [offset, size] = layer_range(t, layer, runs[r].dir);
    for (std::size_t k = 0; k < t.parameters.size(); ++k) {
      rows.emplace_back(t.parameters[k].begin() + offset, t.parameters[k].begin() + offset + size);
      double error = std::nan("");
      for (const auto& h : runs[r].history)
        if (static_cast<double>(h.epoch) == t.epoch[k]) error = h.train_error;
      meta.push_back({runs[r].group, static_cast<int>(r), runs[r].epoch_offset + t.epoch[k], error});
    }
  }
  if (rows.size() < 3) throw InputError("MDS needs at least three recorded models (the runs hold " + std::to_string(rows.size()) + ")");
  const auto m = analysis::classical_mds(analysis::dissimilarities(rows, analysis::Dissimilarity::Cosine), 2);
  plot::ScatterFigure f;
  f.title = title;
  f.xlabel = "MDS 1";
  f.ylabel = "MDS 2";
  f.connect = true;
  f.group_titles = group_titles;
  MdsFigure result;
  result.stress = m.stress;
  result.points = nlohmann::json::array();
  std::ostringstream csv;
  csv << "group,run,epoch,train_error,mds1,mds2\n" << std::setprecision(12);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& p = meta[k];
    std::ostringstream label;
    if (labels == "epoch") label << p.epoch;
    else if (!std::isnan(p.error)) label << std::setprecision(2) << p.error;
    f.points.push_back({m.coordinates[k][0], m.coordinates[k][1], label.str(), p.group});
    const std::string& group = group_titles[static_cast<std::size_t>(p.group)];
    result.points.push_back({{"group", group}, {"run", runs[static_cast<std::size_t>(p.run)].dir}, {"epoch", p.epoch},
                             {"train_error", std::isnan(p.error) ? nlohmann::json() : nlohmann::json(p.error)},
                             {"x", m.coordinates[k][0]}, {"y", m.coordinates[k][1]}});
    csv << group << ',' << runs[static_cast<std::size_t>(p.run)].dir << ',' << p.epoch << ',' << p.error << ','
        << m.coordinates[k][0] << ',' << m.coordinates[k][1] << '\n';
  }
  result.csv = csv.str();
  result.figure = plot::write_scatter_figure(f, stem);
  return result;
}

}  // namespace landscape::experiments
