#include "landscape/experiments/surface_scan.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <memory>
#include <ostream>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/model_probes.hpp"
#include "landscape/experiments/ranks.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::experiments {

bool parse_ignore(const std::string& text) {
  if (text != "biasbn" && text != "none") throw FieldError("ignore", "'" + text + "': expected biasbn or none");
  return text == "biasbn";
}

bool parse_method(const std::string& text) {
  if (text != "structured" && text != "direct") throw FieldError("method", "'" + text + "': expected structured or direct");
  return text == "structured";
}

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<std::string> kKeys = {"train_loss", "train_acc", "test_loss", "test_acc"};

std::vector<std::int64_t> dims_of(std::size_t nx, std::size_t ny, bool two_d) {
  return two_d ? std::vector<std::int64_t>{static_cast<std::int64_t>(nx), static_cast<std::int64_t>(ny)}
               : std::vector<std::int64_t>{static_cast<std::int64_t>(nx)};
}

// The scan's x (and y) directions: read from a directions file, or made and saved to it.
std::pair<std::vector<double>, std::vector<double>> directions(const SurfaceOptions& o, const nn::Probe& probe,
                                                               const std::vector<double>& w0, const std::string& file) {
  const bool two_d = !o.ys.empty();
  std::vector<double> u, v;
  if (!o.direction_file.empty() || (o.resume && fs::exists(file))) {
    const auto arrays = nn::read_h5_arrays(file, two_d ? std::vector<std::string>{"xdirection", "ydirection"}
                                                       : std::vector<std::string>{"xdirection"});
    u = arrays[0].second.values;
    if (two_d) v = arrays[1].second.values;
  } else if (o.pca) {
    const auto t = nn::run_trajectory(o.run_dir);
    if (t.parameters.size() < 3) throw FieldError("pca", "needs a run with at least three trajectory records");
    const auto p = analysis::pca(analysis::relative_to_last(t.parameters), 2);
    if (p.components.size() < (two_d ? 2u : 1u)) throw FieldError("pca", "the trajectory spans too few directions");
    u = p.components[0];
    if (two_d) v = p.components[1];
  } else {
    const auto norm = nn::parse_direction_norm(o.directions);
    if (!o.to.empty()) {
      const auto at = o.to.rfind('@');
      const auto other = open_second_model(at == std::string::npos ? o.to : o.to.substr(0, at),
                                           at == std::string::npos ? "final" : o.to.substr(at + 1), o.device, o.threads, 1, "to");
      const auto wb = other->parameters();
      if (wb.size() != w0.size()) throw FieldError("to", "'" + o.to + "': the two models have different numbers of parameters");
      u.resize(w0.size());
      for (std::size_t k = 0; k < w0.size(); ++k) u[k] = wb[k] - w0[k];
    } else {
      u = probe.random_direction(o.seed * 2 + 1, norm, o.ignore_biasbn);
    }
    if (two_d) v = probe.random_direction(o.seed * 2 + 2, norm, o.ignore_biasbn);
  }
  if (o.direction_file.empty() && !(o.resume && fs::exists(file)) && is_root_process()) {
    std::vector<std::pair<std::string, nn::H5Array>> d = {{"xdirection", {{static_cast<std::int64_t>(u.size())}, u}}};
    if (two_d) d.push_back({"ydirection", {{static_cast<std::int64_t>(v.size())}, v}});
    nn::write_h5_arrays(file, d);
  }
  if (u.size() != w0.size() || (two_d && v.size() != w0.size()))
    throw InputError(file + ": directions of " + std::to_string(u.size()) + " values for a model of " +
                     std::to_string(w0.size()) + " parameters");
  return {u, v};
}

// The grid's four value arrays (NaN where not yet evaluated), from the partial file when resuming.
std::vector<std::vector<double>> start_values(const SurfaceOptions& o, std::size_t total) {
  std::vector<std::vector<double>> values(4, std::vector<double>(total, kNaN));
  if (!o.resume || !fs::exists(o.out)) return values;
  const bool two_d = !o.ys.empty();
  std::vector<std::string> names = {"xcoordinates"};
  if (two_d) names.push_back("ycoordinates");
  names.insert(names.end(), kKeys.begin(), kKeys.end());
  const auto arrays = nn::read_h5_arrays(o.out, names);
  if (arrays[0].second.values != o.xs || (two_d && arrays[1].second.values != o.ys))
    throw FieldError("xs", "(and ys): '" + o.out + "', the scan being resumed, has other coordinates");
  const std::size_t first = two_d ? 2 : 1;
  for (std::size_t k = 0; k < 4; ++k) {
    values[k] = arrays[first + k].second.values;
    if (values[k].size() != total)  // a damaged file: its length, not the grid's, was read
      throw InputError(o.out + ": '" + kKeys[k] + "' has " + std::to_string(values[k].size()) + " values, the grid has " +
                       std::to_string(total));
  }
  return values;
}

void save_grid(const SurfaceOptions& o, const std::vector<std::vector<double>>& values) {
  if (!is_root_process()) return;
  const bool two_d = !o.ys.empty();
  std::vector<std::pair<std::string, nn::H5Array>> arrays = {{"xcoordinates", {{static_cast<std::int64_t>(o.xs.size())}, o.xs}}};
  if (two_d) arrays.push_back({"ycoordinates", {{static_cast<std::int64_t>(o.ys.size())}, o.ys}});
  for (std::size_t k = 0; k < 4; ++k) arrays.push_back({kKeys[k], {dims_of(o.xs.size(), o.ys.size(), two_d), values[k]}});
  nn::write_h5_arrays(o.out, arrays);
}

// Evaluates the grid points in `todo` block by block (each rank its share), saving after each.
void evaluate_grid(const SurfaceOptions& o, nn::Probe& probe, const std::vector<double>& w0,
                   const std::vector<double>& u, const std::vector<double>& v, const std::vector<std::size_t>& todo,
                   std::vector<std::vector<double>>& values, std::ostream* log) {
  const bool two_d = !o.ys.empty();
  const std::size_t ny = two_d ? o.ys.size() : 1;
  const int rank = process_rank(), ranks = process_count();
  const std::size_t step = static_cast<std::size_t>(o.block) * static_cast<std::size_t>(ranks);
  for (std::size_t at = 0; at < todo.size(); at += step) {
    const std::size_t end = std::min(todo.size(), at + step);
    std::vector<std::size_t> slots;  // positions in this block that this rank computes
    std::vector<std::array<double, 2>> ab;
    for (std::size_t q = at; q < end; ++q)
      if (static_cast<int>((q - at) % static_cast<std::size_t>(ranks)) == rank) {
        slots.push_back(q - at);
        ab.push_back({o.xs[todo[q] / ny], two_d ? o.ys[todo[q] % ny] : 0.0});
      }
    const auto results = probe.evaluate(w0, u, two_d ? &v : nullptr, ab, o.train, o.test, o.structured);
    // Each point is computed by one rank; the others contribute zeros to the sum.
    std::vector<double> block_values(4 * (end - at), 0.0);
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const double r[4] = {results[k].train_loss, results[k].train_acc, results[k].test_loss, results[k].test_acc};
      for (int c = 0; c < 4; ++c) block_values[4 * slots[k] + static_cast<std::size_t>(c)] = std::isnan(r[c]) ? 0.0 : r[c];
    }
    sum_across_ranks(block_values);
    for (std::size_t q = at; q < end; ++q)
      for (int c = 0; c < 4; ++c) {
        const bool used = ((c < 2 && o.train) || (c >= 2 && o.test)) && (c % 2 == 0 || probe.classification());
        values[static_cast<std::size_t>(c)][todo[q]] = used ? block_values[4 * (q - at) + static_cast<std::size_t>(c)] : kNaN;
      }
    save_grid(o, values);
    if (log) *log << "  " << end << "/" << todo.size() << " points\r" << std::flush;
  }
  if (log) *log << "\n";
}

void surface_figures(const SurfaceOptions& o, const std::vector<std::vector<double>>& values, OutputDirectory& out) {
  const std::string stem = surface_stem(o.out), set = o.train ? "train" : "test";
  if (o.ys.empty()) {
    plot::LineFigure f{"loss along a " + o.directions + "-normalized direction", "alpha", set + " loss", false, o.log_scale, {}};
    for (std::size_t k : {0u, 2u})
      if ((k == 0 && o.train) || (k == 2 && o.test)) f.series.push_back({kKeys[k], o.xs, values[k], "lines"});
    out.add(plot::write_line_figure(f, stem + "-1d-loss"));
    plot::LineFigure a{"accuracy along the direction", "alpha", "accuracy (%)", false, false, {}};
    for (std::size_t k : {1u, 3u})
      if ((k == 1 && o.train) || (k == 3 && o.test)) a.series.push_back({kKeys[k], o.xs, values[k], "lines"});
    out.add(plot::write_line_figure(a, stem + "-1d-acc"));
    return;
  }
  plot::GridFigure g;
  g.title = set + " loss, " + o.directions + "-normalized directions";
  g.xlabel = "x";
  g.ylabel = "y";
  g.zlabel = set + " loss";
  g.x = o.xs;
  g.y = o.ys;
  g.z = values[o.train ? 0 : 2];
  g.log_z = o.log_scale;
  out.add(plot::write_grid_figure(g, plot::GridStyle::Contour, stem + "-2d-contour"));
  out.add(plot::write_grid_figure(g, plot::GridStyle::Heatmap, stem + "-2d-heatmap"));
  out.add(plot::write_grid_figure(g, plot::GridStyle::Surface, stem + "-3d-surface"));
}

}  // namespace

std::string surface_stem(const std::string& out) {
  const auto dot = out.rfind(".h5");
  return dot != std::string::npos && dot + 3 == out.size() ? out.substr(0, dot) : out;
}

bool SurfaceOptions::is_valid(std::string* error) const {
  if (xs.empty()) {
    if (error) *error = "xs (empty): give at least one coordinate";
    return false;
  }
  if (directions != "filter" && directions != "layer" && directions != "none") {
    if (error) *error = "directions '" + directions + "': expected filter, layer or none";
    return false;
  }
  if (!train && !test) {
    if (error) *error = "data (neither set): evaluate the train or the test set, or both";
    return false;
  }
  return check_range<std::int64_t>("block", block, 1, 1LL << 30, error) && check_required("run_dir", run_dir, error) &&
         check_required("out", out, error);
}

SurfaceResult scan_surface(const SurfaceOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  if (fs::exists(o.out) && !o.resume)
    throw FieldError("out", "'" + o.out + "' exists: resume it (fill in its missing points) or choose another file");
  nn::Probe probe(o.run_dir, o.checkpoint, o.device, o.threads, o.samples);
  const auto w0 = probe.parameters();
  const std::string dir_file = o.direction_file.empty() ? surface_stem(o.out) + ".directions.h5" : o.direction_file;
  const auto [u, v] = directions(o, probe, w0, dir_file);
  // The grid: x major, y minor (train_loss[i, j] = point i * ny + j).
  const bool two_d = !o.ys.empty();
  const std::size_t nx = o.xs.size(), ny = two_d ? o.ys.size() : 1, total = nx * ny;
  auto values = start_values(o, total);
  std::vector<std::size_t> todo;
  for (std::size_t p = 0; p < total; ++p)
    if (std::isnan(values[o.train ? 0 : 2][p])) todo.push_back(p);
  if (log)
    *log << probe.model_description() << ": " << total << " grid points (" << todo.size() << " to evaluate) on "
         << (o.train ? std::to_string(probe.train_samples()) + " training" : std::string()) << (o.train && o.test ? " and " : "")
         << (o.test ? std::to_string(probe.test_samples()) + " test" : std::string()) << " samples, " << process_count()
         << " rank(s)\n";
  const auto started = Clock::now();  // the grid alone: points_per_second as before the move
  evaluate_grid(o, probe, w0, u, v, todo, values, log);
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  save_grid(o, values);

  OutputDirectory out(fs::path(o.out).parent_path().string());
  out.add(o.out);
  out.add(dir_file);
  SurfaceResult result;
  result.command = "surface";
  result.points = static_cast<std::int64_t>(total);
  result.points_evaluated = static_cast<std::int64_t>(todo.size());
  json& j = result.details;
  j["model"] = probe.model_description();
  j["parameters"] = w0.size();
  j["grid"] = two_d ? json{nx, ny} : json{nx};
  j["points_evaluated"] = todo.size();
  j["points_per_second"] = seconds > 0 ? static_cast<double>(todo.size()) / seconds : 0;
  j["directions"] = o.directions;
  j["ignore"] = o.ignore_biasbn ? "biasbn" : "none";
  j["direction_file"] = dir_file;
  j["method"] = o.structured ? "structured" : "direct";
  j["ranks"] = process_count();
  // The centre: the grid point at (0, 0) if there is one, and the model's own loss.
  const auto own = probe.evaluate_at(w0, nullptr, o.train, o.test);
  result.model_train_loss = o.train ? own.train_loss : kNaN;
  result.centre_train_loss = kNaN;
  j["model_train_loss"] = o.train ? json(own.train_loss) : json(nullptr);
  j["model_test_loss"] = o.test ? json(own.test_loss) : json(nullptr);
  for (std::size_t p = 0; p < total; ++p)
    if (o.xs[p / ny] == 0 && (!two_d || o.ys[p % ny] == 0)) {
      result.centre_train_loss = o.train ? values[0][p] : kNaN;
      j["centre_train_loss"] = o.train ? json(values[0][p]) : json(nullptr);
      j["centre_test_loss"] = o.test ? json(values[2][p]) : json(nullptr);
    }
  if (is_root_process()) surface_figures(o, values, out);
  if (o.train) result.train_loss = values[0];
  result.files = out.files();
  result.notes = out.notes();
  std::ostringstream summary;
  summary << "surface of " << probe.model_description() << ": " << total << " points, " << std::setprecision(3)
          << j["points_per_second"].get<double>() << " points/s; " << o.out;
  result.summary_line = summary.str();
  return result;
}

ProtocolResult repeat_surface(const SurfaceOptions& o, int count, std::ostream* log) {
  throw_if_invalid(o);
  if (count < 1 || count > 100) throw FieldError("repeat", std::to_string(count) + ": must be in 1..100");
  if (!o.to.empty() || o.pca || !o.direction_file.empty())
    throw FieldError("repeat", std::to_string(count) + ": repeats draw random directions (not to, pca or a direction file)");
  const std::string stem = surface_stem(o.out);
  OutputDirectory out(fs::path(o.out).parent_path().string());
  ProtocolResult result;
  result.command = "surface";
  json& j = result.details;
  plot::LineFigure overlay{std::to_string(count) + " random " + o.directions + "-normalized directions (Li et al. 2018, Fig. 16)",
                           "alpha", "train loss", false, o.log_scale, {}};
  std::vector<std::vector<double>> curves;
  for (int k = 0; k < count; ++k) {
    SurfaceOptions one = o;
    one.seed = o.seed + static_cast<std::uint64_t>(k);
    one.out = stem + "-seed" + std::to_string(one.seed) + ".h5";
    const auto r = scan_surface(one, log);
    for (const auto& f : r.files) out.add(f);
    j["surfaces"].push_back({{"seed", one.seed}, {"out", one.out}, {"centre_train_loss", r.details.value("centre_train_loss", json())}});
    if (o.ys.empty() && o.train) {
      curves.push_back(r.train_loss);
      overlay.series.push_back({"seed " + std::to_string(one.seed), o.xs, r.train_loss, "lines"});
    }
  }
  if (!curves.empty()) {
    double spread = 0;
    for (std::size_t i = 0; i < o.xs.size(); ++i) {
      double lo = curves[0][i], hi = curves[0][i];
      for (const auto& c : curves) lo = std::min(lo, c[i]), hi = std::max(hi, c[i]);
      spread = std::max(spread, hi - lo);
    }
    j["curves"] = curves;
    j["max_spread"] = spread;
    if (is_root_process()) out.add(plot::write_line_figure(overlay, stem + "-overlay"));
  }
  result.files = out.files();
  result.notes = out.notes();
  result.summary_line = "surface along " + std::to_string(count) + " random directions" +
                        (curves.empty() ? "" : ", largest spread between the curves " + std::to_string(j["max_spread"].get<double>())) +
                        "; " + stem + "-seed*.h5";
  return result;
}

}  // namespace landscape::experiments
