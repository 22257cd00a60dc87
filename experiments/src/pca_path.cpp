#include "landscape/experiments/pca_path.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool PcaPathOptions::is_valid(std::string* error) const {
  return check_required("run_dir", run_dir, error) && check_range("components", components, 0, 1000000, error) &&
         check_range("grid", grid, 2, 1001, error);
}

namespace {

// [lo - 20%, hi + 20%] of the values (and 0, the final point).
std::pair<double, double> padded_extent(const std::vector<double>& v) {
  double lo = 0, hi = 0;
  for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
  const double pad = 0.2 * std::max(hi - lo, 1e-12);
  return {lo - pad, hi + pad};
}

// The path over the loss contours of the plane of the top two components.
void path_figure(const PcaPathOptions& o, const nn::Trajectory& t, const analysis::Pca& p, PcaPathResult& r,
                 OutputDirectory& out) {
  nn::Probe probe(o.run_dir, "final", o.device, o.threads, o.samples);
  const auto [x0, x1] = padded_extent(r.path_x);
  const auto [y0, y1] = padded_extent(r.path_y);
  plot::GridFigure g;
  g.title = "training path in the plane of the top two PCA directions";
  g.xlabel = "PC1 (" + std::to_string(static_cast<int>(std::round(100 * p.explained_variance_ratio[0]))) + "%)";
  g.ylabel = "PC2 (" + std::to_string(static_cast<int>(std::round(100 * p.explained_variance_ratio[1]))) + "%)";
  g.zlabel = "train loss";
  std::vector<std::array<double, 2>> ab;
  for (int i = 0; i < o.grid; ++i) g.x.push_back(x0 + (x1 - x0) * i / (o.grid - 1));
  for (int k = 0; k < o.grid; ++k) g.y.push_back(y0 + (y1 - y0) * k / (o.grid - 1));
  for (double x : g.x)
    for (double y : g.y) ab.push_back({x, y});
  const auto values = probe.evaluate(t.parameters.back(), p.components[0], &p.components[1], ab, true, false);
  for (const auto& v : values) g.z.push_back(v.train_loss);
  g.contour_quantiles = true;  // lines over the whole plane, not only where the loss is high
  const auto& px = r.path_x;
  const auto& py = r.path_y;
  g.overlay.push_back({"path (" + std::to_string(px.size()) + " records)", px, py, "lines lw 2 lc rgb 'black'"});
  g.overlay.push_back({"start (epoch 0)", {px.front()}, {py.front()}, "points pt 9 ps 2.2 lc rgb 'dark-green'"});
  g.overlay.push_back({"end (final)", {px.back()}, {py.back()}, "points pt 7 ps 2.2 lc rgb 'red'"});
  out.add(plot::write_grid_figure(g, plot::GridStyle::Contour, out.file("pca-path")));
  std::ostringstream csv;
  csv << "epoch,pc1,pc2\n" << std::setprecision(12);
  for (std::size_t k = 0; k < px.size(); ++k) csv << t.epoch[k] << ',' << px[k] << ',' << py[k] << '\n';
  write_file_atomically(out.file("pca-path.csv"), csv.str());
  out.add(out.file("pca-path.csv"));
}

}  // namespace

PcaPathResult pca_path(const PcaPathOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  (void)log;
  const auto t = nn::run_trajectory(o.run_dir);
  if (t.parameters.size() < 3) throw FieldError("run_dir", "'" + o.run_dir + "': PCA needs at least three trajectory records");
  const auto p = analysis::pca(analysis::relative_to_last(t.parameters), o.components);
  PcaPathResult r;
  r.command = "pca";
  r.explained_variance_ratio = p.explained_variance_ratio;
  for (std::size_t k = 0; k < std::min<std::size_t>(2, p.explained_variance_ratio.size()); ++k)
    r.top2_ratio += p.explained_variance_ratio[k];
  // Coordinates of the path relative to the final point (which sits at the origin).
  for (const auto& row : t.parameters) {
    double cx = 0, cy = 0;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const double d = row[k] - t.parameters.back()[k];
      cx += d * p.components[0][k];
      if (p.components.size() > 1) cy += d * p.components[1][k];
    }
    r.path_x.push_back(cx);
    r.path_y.push_back(cy);
  }
  json& j = r.details;
  j["records"] = t.parameters.size();
  j["parameters"] = t.parameters.front().size();
  j["explained_variance_ratio"] = p.explained_variance_ratio;
  j["explained_variance"] = p.explained_variance;
  j["top2_ratio"] = r.top2_ratio;
  j["path_x"] = r.path_x;
  j["path_y"] = r.path_y;
  j["epochs"] = t.epoch;
  if (!o.out_dir.empty()) {
    if (p.components.size() < 2) throw FieldError("out_dir", "'" + o.out_dir + "': the trajectory spans fewer than two directions");
    OutputDirectory out(o.out_dir);
    path_figure(o, t, p, r, out);
    r.files = out.files();
    r.notes = out.notes();
  }
  std::ostringstream summary;
  summary << "PCA of " << t.parameters.size() << " records: the top two components explain " << std::setprecision(3)
          << 100 * r.top2_ratio << "% of the variance";
  r.summary_line = summary.str();
  return r;
}

}  // namespace landscape::experiments
