#include "landscape/experiments/batch_outliers.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "landscape/analysis/spectral.hpp"
#include "landscape/experiments/sharp_flat.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/curvature.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool BatchOutliersOptions::is_valid(std::string* error) const {
  if (batches.size() < 2) {
    if (error) *error = "batches (" + std::to_string(batches.size()) + "): give at least two batch sizes";
    return false;
  }
  for (auto b : batches)
    if (!check_range<std::int64_t>("batches", b, 1, 1LL << 30, error)) return false;
  return check_range("top", top, 0, 10000, error) && check_range<std::int64_t>("samples", samples, 0, 1LL << 40, error) &&
         check_positive("tolerance", tolerance, error) && check_required("out_dir", out_dir, error);
}

ProtocolResult run_batch_outliers(const BatchOutliersOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  ProtocolResult result;
  result.command = "experiment batch-outliers";
  json& j = result.details;
  j["rows"] = json::array();
  std::vector<double> batches, largest;
  std::vector<int> outliers;
  int classes = 0;
  plot::LineFigure f{"largest Hessian eigenvalues at minima found with different batch sizes (the 2018 slides)",
                     "index (largest first)", "eigenvalue", false, true, {}};
  for (const auto b : o.batches) {
    nn::TrainConfig c = o.base;
    c.batch_size = b;
    const std::string dir = out.file("run-b" + std::to_string(b));
    const auto run = train_or_finish(c, dir, "batch " + std::to_string(b), log);
    json row = run_record(run, dir);
    row["batch"] = b;
    if (run.diverged) {
      j["rows"].push_back(row);
      continue;
    }
    nn::CurvatureOptions co;
    co.samples = o.samples;
    co.threads = o.base.threads;
    nn::Curvature h(dir, co);
    if (!h.classification()) throw FieldError("dataset", "'" + c.dataset + "': the outliers are counted against classes: use classification data");
    classes = static_cast<int>(h.layers().back().shape[0]);  // the output layer: one row (or bias) per class
    analysis::ExtremeOptions eo;
    eo.top = o.top > 0 ? o.top : 2 * classes;
    eo.tolerance = o.tolerance;
    eo.progress = [log, b](const std::string& m) {
      if (log) *log << "batch " << b << ": " << m << "\n";
    };
    const auto e = analysis::extreme_eigenvalues(
        [&h](const std::vector<double>& x, std::vector<double>& y) { h.apply(nn::CurvatureKind::Hessian, x, y); }, h.parameters(), eo);
    // The outliers: the eigenvalues above the largest ratio between consecutive positive ones.
    int count = 0;
    double gap = 0;
    for (std::size_t i = 0; i + 1 < e.top.size() && e.top[i + 1] > 0; ++i)
      if (e.top[i] / e.top[i + 1] > gap) gap = e.top[i] / e.top[i + 1], count = static_cast<int>(i + 1);
    row["top"] = e.top;
    row["residuals"] = e.top_residuals;
    row["converged"] = e.converged;
    row["hvps"] = e.matvecs;
    row["outliers"] = count;
    row["gap"] = gap;
    j["rows"].push_back(row);
    batches.push_back(static_cast<double>(b));
    largest.push_back(e.top.front());
    outliers.push_back(count);
    std::vector<double> index;
    for (std::size_t i = 0; i < e.top.size(); ++i) index.push_back(static_cast<double>(i + 1));
    std::vector<double> shown;
    for (double v : e.top) shown.push_back(std::max(v, 1e-12 * e.top.front()));
    f.series.push_back({"batch " + std::to_string(b), index, shown, "linespoints"});
  }
  if (batches.size() < 2) throw InputError(o.out_dir + ": fewer than two runs reached a minimum (the others diverged)");
  out.add(plot::write_line_figure(f, out.file("top-eigenvalues")));
  j["classes"] = classes;
  j["outliers"] = outliers;
  j["largest_vs_batch"] = spearman(batches, largest);
  std::ostringstream summary;
  summary << std::setprecision(3) << "largest eigenvalue " << largest.front() << " (batch "
          << static_cast<std::int64_t>(batches.front()) << ") to " << largest.back() << " (batch "
          << static_cast<std::int64_t>(batches.back()) << "), rank correlation with the batch size "
          << j["largest_vs_batch"].get<double>() << "; outliers per run";
  for (int c : outliers) summary << " " << c;
  summary << " against " << classes << " classes (" << o.out_dir << ")";
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
