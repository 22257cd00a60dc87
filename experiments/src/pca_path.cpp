#include "landscape/experiments/pca_path.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <random>
#include <numeric>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/nn/schedule.hpp"
#include "landscape/nn/train_config.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool PcaPathOptions::is_valid(std::string* error) const {
  if (directions != "pca" && directions != "random") {
    if (error) *error = "directions ('" + directions + "'): expected random or pca";
    return false;
  }
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

// A plane through the final point, how to label it, and the files it is drawn to.
struct Plane {
  const std::vector<double>&u, &v;
  std::string xlabel, ylabel, title, stem, columns;
};

// The path over the loss contours of the plane.
void path_figure(const PcaPathOptions& o, nn::Probe& probe, const nn::Trajectory& t, const Plane& plane, PcaPathResult& r,
                 OutputDirectory& out) {
  const auto [x0, x1] = padded_extent(r.path_x);
  const auto [y0, y1] = padded_extent(r.path_y);
  plot::GridFigure g;
  g.title = plane.title, g.xlabel = plane.xlabel, g.ylabel = plane.ylabel, g.zlabel = "train loss";
  std::vector<std::array<double, 2>> ab;
  for (int i = 0; i < o.grid; ++i) g.x.push_back(x0 + (x1 - x0) * i / (o.grid - 1));
  for (int k = 0; k < o.grid; ++k) g.y.push_back(y0 + (y1 - y0) * k / (o.grid - 1));
  for (double x : g.x)
    for (double y : g.y) ab.push_back({x, y});
  const auto values = probe.evaluate(t.parameters.back(), plane.u, &plane.v, ab, true, false);
  for (const auto& v : values) g.z.push_back(v.train_loss);
  g.contour_quantiles = true;  // lines over the whole plane, not only where the loss is high
  const auto& px = r.path_x;
  const auto& py = r.path_y;
  g.overlay.push_back({"path (" + std::to_string(px.size()) + " records)", px, py, "lines lw 2 lc rgb 'black'"});
  g.overlay.push_back({"start (epoch 0)", {px.front()}, {py.front()}, "points pt 9 ps 2.2 lc rgb 'dark-green'"});
  g.overlay.push_back({"end (final)", {px.back()}, {py.back()}, "points pt 7 ps 2.2 lc rgb 'red'"});
  // Li et al. 2018 Fig. 9: where the learning rate drops (the records after which the rate is lower).
  const nn::TrainConfig c = nn::read_run_config(o.run_dir);
  const auto schedule = nn::LearningRateSchedule::parse(c.schedule);
  plot::Series drops{"learning-rate drops", {}, {}, "points pt 5 ps 1.6 lc rgb 'blue'"};
  r.details["lr_drops"] = nlohmann::json::array();
  for (std::size_t k = 0; k < px.size(); ++k) {
    const int e = static_cast<int>(t.epoch[k]);
    if (t.epoch[k] != e || e < 1 || !(schedule.lr(c.lr, e, c.epochs) < schedule.lr(c.lr, e - 1, c.epochs))) continue;
    if (schedule.kind == nn::LearningRateSchedule::Kind::Cosine) continue;  // no drops, a slope
    drops.x.push_back(px[k]), drops.y.push_back(py[k]);
    r.details["lr_drops"].push_back(e);
  }
  if (!drops.x.empty()) g.overlay.push_back(drops);
  out.add(plot::write_grid_figure(g, plot::GridStyle::Contour, out.file(plane.stem)));
  std::ostringstream csv;
  csv << plane.columns << "\n" << std::setprecision(12);
  for (std::size_t k = 0; k < px.size(); ++k) csv << t.epoch[k] << ',' << px[k] << ',' << py[k] << '\n';
  write_file_atomically(out.file(plane.stem + ".csv"), csv.str());
  out.add(out.file(plane.stem + ".csv"));
}

std::string percent(double ratio) { return std::to_string(static_cast<int>(std::round(100 * ratio))) + "%"; }

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
    nn::Probe probe(o.run_dir, "final", o.device, o.threads, o.samples);
    path_figure(o, probe, t,
                {p.components[0], p.components[1], "PC1 (" + percent(p.explained_variance_ratio[0]) + ")",
                 "PC2 (" + percent(p.explained_variance_ratio[1]) + ")", "training path in the plane of the top two PCA directions",
                 "pca-path", "epoch,pc1,pc2"},
                r, out);
    r.files = out.files();
    r.notes = out.notes();
  }
  std::ostringstream summary;
  summary << "PCA of " << t.parameters.size() << " records: the top two components explain " << std::setprecision(3)
          << 100 * r.top2_ratio << "% of the variance";
  r.summary_line = summary.str();
  return r;
}

PcaPathResult project_path(const PcaPathOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  (void)log;
  const auto t = nn::run_trajectory(o.run_dir);
  const bool random = o.directions == "random";
  if (t.parameters.size() < (random ? 2u : 3u))
    throw FieldError("run_dir", "'" + o.run_dir + "': the projection needs at least " + (random ? "two" : "three") +
                                    " trajectory records");
  const std::size_t n = t.parameters.front().size();
  std::vector<double> u(n), v(n);
  std::string xlabel, ylabel;
  if (random) {  // isotropic Gaussian directions over every parameter, u then v from one seeded stream
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> gauss;
    for (auto* d : {&u, &v})
      for (auto& x : *d) x = gauss(rng);
    xlabel = "random direction 1", ylabel = "random direction 2";
  } else {
    const auto p = analysis::pca(analysis::relative_to_last(t.parameters), 2);
    if (p.components.size() < 2) throw FieldError("run_dir", "'" + o.run_dir + "': the trajectory spans fewer than two directions");
    u = p.components[0], v = p.components[1];
    xlabel = "PC1 (" + percent(p.explained_variance_ratio[0]) + ")", ylabel = "PC2 (" + percent(p.explained_variance_ratio[1]) + ")";
  }
  // w_k - w_final projected on span(u, v) by least squares: the plane's point nearest to w_k.
  const double uu = std::inner_product(u.begin(), u.end(), u.begin(), 0.0), vv = std::inner_product(v.begin(), v.end(), v.begin(), 0.0);
  const double uv = std::inner_product(u.begin(), u.end(), v.begin(), 0.0), det = uu * vv - uv * uv;
  if (!(det > 1e-12 * uu * vv)) throw InputError("project: the two directions are parallel");
  PcaPathResult r;
  r.command = "project";
  double moved = 0, captured = 0;
  for (const auto& row : t.parameters) {
    double du = 0, dv = 0, dd = 0;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const double d = row[k] - t.parameters.back()[k];
      du += d * u[k], dv += d * v[k], dd += d * d;
    }
    const double x = (vv * du - uv * dv) / det, y = (uu * dv - uv * du) / det;
    r.path_x.push_back(x), r.path_y.push_back(y);
    moved += dd, captured += x * du + y * dv;  // |P d|^2 = (x, y) . (u.d, v.d)
  }
  json& j = r.details;
  j["directions"] = o.directions;
  j["records"] = t.parameters.size();
  j["parameters"] = n;
  j["direction_cosine"] = uv / std::sqrt(uu * vv);
  j["expected_cosine"] = std::sqrt(2.0 / (M_PI * static_cast<double>(n)));  // E|cos| of two Gaussian vectors, large n
  j["captured_fraction"] = moved > 0 ? captured / moved : 0.0;
  j["path_x"] = r.path_x;
  j["path_y"] = r.path_y;
  j["epochs"] = t.epoch;
  if (!o.out_dir.empty()) {
    OutputDirectory out(o.out_dir);
    nn::Probe probe(o.run_dir, "final", o.device, o.threads, o.samples);
    path_figure(o, probe, t,
                {u, v, xlabel, ylabel,
                 random ? "training path projected on two random directions (Li et al. 2018, Fig. 8)"
                        : "training path in the plane of the top two PCA directions",
                 "project-path", "epoch,x,y"},
                r, out);
    r.files = out.files();
    r.notes = out.notes();
  }
  std::ostringstream summary;
  summary << std::setprecision(3) << "the path projected on two " << (random ? "random" : "PCA") << " directions keeps "
          << 100 * j["captured_fraction"].get<double>() << "% of its squared distance to the end; cos(u, v) = "
          << j["direction_cosine"].get<double>() << " (random Gaussian directions: |cos| about " << j["expected_cosine"].get<double>()
          << ")";
  r.summary_line = summary.str();
  return r;
}

}  // namespace landscape::experiments
