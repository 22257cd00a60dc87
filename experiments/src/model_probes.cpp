#include "landscape/experiments/model_probes.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

std::pair<bool, bool> parse_data_sets(const std::string& text) {
  if (text == "train") return {true, false};
  if (text == "test") return {false, true};
  if (text == "both") return {true, true};
  throw FieldError("data", "'" + text + "': expected train, test or both");
}

bool InterpolationOptions::is_valid(std::string* error) const {
  if (ts.empty() || (!train && !test)) {
    if (error) *error = ts.empty() ? "ts (empty): give at least one value of t" : "data (neither set): evaluate train, test or both";
    return false;
  }
  return check_required("run_dir", run_dir, error) && check_required("out_dir", out_dir, error);
}

std::unique_ptr<nn::Probe> open_second_model(const std::string& run_dir, const std::string& checkpoint,
                                             const std::string& device, int threads, std::int64_t samples,
                                             const std::string& field) {
  try {
    return std::make_unique<nn::Probe>(run_dir, checkpoint, device, threads, samples);
  } catch (const FieldError& e) {
    if (e.field() != "run_dir" && e.field() != "checkpoint") throw;
    throw FieldError(field, "(" + e.field() + " of the second model) " + e.rule());
  }
}

InterpolationResult interpolate_models(const InterpolationOptions& o) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  nn::Probe a(o.run_dir, o.checkpoint, o.device, o.threads, o.samples);
  const auto b = open_second_model(o.to_dir.empty() ? o.run_dir : o.to_dir, o.to_checkpoint, o.device, o.threads, o.samples,
                                   "to_dir");
  const auto wa = a.parameters(), wb = b->parameters(), ba = a.buffers(), bb = b->buffers();
  if (wa.size() != wb.size() || ba.size() != bb.size()) throw FieldError("to_dir", "'" + o.to_dir + "': the two models have different shapes");
  std::vector<double> values[4];
  std::ostringstream csv;
  csv << "t,train_loss,train_acc,test_loss,test_acc\n" << std::setprecision(10);
  for (double t : o.ts) {
    const auto buffers = analysis::lerp(ba, bb, t);
    const auto r = a.evaluate_at(analysis::lerp(wa, wb, t), &buffers, o.train, o.test);
    const double row[4] = {r.train_loss, r.train_acc, r.test_loss, r.test_acc};
    csv << t;
    for (int c = 0; c < 4; ++c) {
      values[c].push_back(row[c]);
      csv << ',' << row[c];
    }
    csv << '\n';
  }
  write_file_atomically(out.file("interpolation.csv"), csv.str());
  const std::vector<std::int64_t> dims = {static_cast<std::int64_t>(o.ts.size())};
  nn::write_h5_arrays(out.file("interpolation.h5"),
                      {{"xcoordinates", {dims, o.ts}}, {"train_loss", {dims, values[0]}}, {"train_acc", {dims, values[1]}},
                       {"test_loss", {dims, values[2]}}, {"test_acc", {dims, values[3]}}});
  out.add(out.file("interpolation.csv"));
  out.add(out.file("interpolation.h5"));
  InterpolationResult result;
  result.command = "interpolate";
  result.distance = analysis::distance(wa, wb);
  result.train_loss = values[0];
  result.test_loss = values[2];
  json& j = result.details;
  j["model"] = a.model_description();
  j["distance"] = result.distance;
  j["t"] = o.ts;
  j["train_loss"] = values[0];
  j["test_loss"] = values[2];
  plot::LineFigure f{o.title, "t", "loss", false, o.log_scale, {}};
  plot::LineFigure acc{"linear interpolation: accuracy", "t", "accuracy (%)", false, false, {}};
  if (o.train) f.series.push_back({"train", o.ts, values[0], "linespoints"}), acc.series.push_back({"train", o.ts, values[1], "linespoints"});
  if (o.test) f.series.push_back({"test", o.ts, values[2], "linespoints"}), acc.series.push_back({"test", o.ts, values[3], "linespoints"});
  out.add(plot::write_line_figure(f, out.file("interpolation-loss")));
  out.add(plot::write_line_figure(acc, out.file("interpolation-acc")));
  result.files = out.files();
  result.notes = out.notes();
  std::ostringstream summary;
  summary << "interpolation over " << o.ts.size() << " points, |w_B - w_A| = " << std::setprecision(4) << result.distance << "; "
          << o.out_dir;
  result.summary_line = summary.str();
  return result;
}

bool MdsOptions::is_valid(std::string* error) const {
  if (run_dirs.empty()) {
    if (error) *error = "run_dirs (none): give at least one run directory";
    return false;
  }
  return check_range("every", every, 1, 1 << 30, error) && check_required("out_dir", out_dir, error);
}

MdsResult mds_of_runs(const MdsOptions& o) {
  throw_if_invalid(o);
  const auto kind = analysis::parse_dissimilarity(o.dissimilarity);
  RowMatrix<double> rows, finals;
  std::vector<double> epochs;
  std::vector<int> run_of;
  for (std::size_t r = 0; r < o.run_dirs.size(); ++r) {
    const auto t = nn::run_trajectory(o.run_dirs[r]);
    const auto [offset, size] = layer_range(t, o.layer, o.run_dirs[r]);
    for (std::size_t k = 0; k < t.parameters.size(); ++k) {
      std::vector<double> row(t.parameters[k].begin() + offset, t.parameters[k].begin() + offset + size);
      if (k % static_cast<std::size_t>(o.every) == 0 || k + 1 == t.parameters.size()) {
        rows.push_back(row);
        epochs.push_back(t.epoch[k]);
        run_of.push_back(static_cast<int>(r));
      }
      if (k + 1 == t.parameters.size()) finals.push_back(row);
    }
  }
  if (rows.size() < 3) throw FieldError("run_dirs", "hold " + std::to_string(rows.size()) + " models: MDS needs at least three");
  if (rows.front().size() != rows.back().size()) throw FieldError("run_dirs", "the runs' models differ in size");
  const auto m = analysis::classical_mds(analysis::dissimilarities(rows, kind), 2);
  OutputDirectory out(o.out_dir);
  plot::ScatterFigure f;
  f.title = "MDS of " + (o.layer == "all" ? std::string("all weights") : o.layer) + " (" + o.dissimilarity + ")";
  f.xlabel = "MDS 1";
  f.ylabel = "MDS 2";
  f.connect = true;
  std::ostringstream csv;
  csv << "run,epoch,mds1,mds2\n" << std::setprecision(12);
  for (std::size_t r = 0; r < o.run_dirs.size(); ++r) f.group_titles.push_back("run " + std::to_string(r + 1));
  json coordinates = json::array();
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::ostringstream label;
    label << epochs[k];
    f.points.push_back({m.coordinates[k][0], m.coordinates[k][1], label.str(), run_of[k]});
    csv << o.run_dirs[static_cast<std::size_t>(run_of[k])] << ',' << epochs[k] << ',' << m.coordinates[k][0] << ','
        << m.coordinates[k][1] << '\n';
    coordinates.push_back({{"run", run_of[k]}, {"epoch", epochs[k]}, {"x", m.coordinates[k][0]}, {"y", m.coordinates[k][1]}});
  }
  write_file_atomically(out.file("mds.csv"), csv.str());
  out.add(out.file("mds.csv"));
  out.add(plot::write_scatter_figure(f, out.file("mds")));
  const auto d = analysis::distances(finals);
  MdsResult result;
  result.command = "mds";
  result.models = rows.size();
  result.stress = m.stress;
  json& j = result.details;
  j["models"] = rows.size();
  j["coordinates"] = coordinates;
  j["eigenvalues"] = std::vector<double>(m.eigenvalues.begin(), m.eigenvalues.begin() + std::min<std::size_t>(10, m.eigenvalues.size()));
  j["stress"] = m.stress;
  j["final_distances"] = d.pairwise;
  j["final_norms"] = d.norms;
  result.files = out.files();
  result.notes = out.notes();
  std::ostringstream summary;
  summary << "MDS of " << rows.size() << " models from " << o.run_dirs.size() << " run(s): stress " << std::setprecision(3)
          << m.stress << "; " << o.out_dir;
  result.summary_line = summary.str();
  return result;
}

}  // namespace landscape::experiments
