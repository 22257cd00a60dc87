// Landscape probes on run directories of `landscape train` (Li et al. 2018, Liao & Poggio 2017 Section 4,
// Lipton 2016): surface, interpolate, pca, mds. LibTorch stays behind landscape/nn/probes.hpp.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "mpi_support.hpp"
#include "landscape/analysis/embedding.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/plot/figure.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void add_probe_options(Arguments& args) {
  args.add("--run", "DIR", "a run directory of landscape train", "", true)
      .add("--checkpoint", "C", "final, or an epoch recorded in the run's trajectory.h5", "final")
      .add("--samples", "N", "evaluate on the first N samples of each set (0: all)", "0")
      .add("--device", "D", "cpu or cuda", "cpu")
      .add("--threads", "N", "CPU threads (0: auto)", "0");
}

std::unique_ptr<nn::Probe> open_probe(const Arguments& args, const std::string& run, const std::string& checkpoint) {
  return std::make_unique<nn::Probe>(run, checkpoint, args.get("--device"),
                                     static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--threads"), 4096)),
                                     static_cast<std::int64_t>(args.get_unsigned("--samples")));
}

std::pair<bool, bool> which_sets(const std::string& text) {
  if (text == "train") return {true, false};
  if (text == "test") return {false, true};
  if (text == "both") return {true, true};
  throw InputError("--data '" + text + "': expected train, test or both");
}

void add_figure_files(json& j, const plot::FigureFiles& f) {
  j["files"].push_back(f.data);
  j["files"].push_back(f.script);
  for (const auto& image : f.images) j["files"].push_back(image);
  if (!f.rendered) std::cerr << "note: " << f.message << "\n";
}

std::string stem_of(const std::string& out) {
  const auto dot = out.rfind(".h5");
  return dot != std::string::npos && dot + 3 == out.size() ? out.substr(0, dot) : out;
}

// ---------------------------------------------------------------------------------------------
int surface_command(int argc, const char* const* argv) {
  Arguments args("surface",
                 "Loss and accuracy over a 1-D line or a 2-D plane through a trained model along random directions "
                 "(Li et al. 2018): HDF5 with the reference tool's keys (xcoordinates, ycoordinates, train_loss, train_acc, "
                 "test_loss, test_acc; train_loss[i, j] at xcoordinates[i], ycoordinates[j]) and figures. Resumes an "
                 "interrupted grid with --resume; under mpirun the grid is split across the ranks.");
  add_probe_options(args);
  args.add("--directions", "N", "filter, layer or none (normalization of the random directions)", "filter")
      .add("--ignore", "WHAT", "biasbn: zero the directions in biases and BatchNorm parameters; none: set them to the weights", "biasbn")
      .add("--x", "MIN:MAX:N", "the x coordinates", "-1:1:51")
      .add("--y", "MIN:MAX:N", "the y coordinates (a 2-D surface)")
      .add("--seed", "S", "seed of the random directions", "0")
      .add("--dir-file", "FILE", "reuse the directions of an earlier surface (its .directions.h5)")
      .add("--to", "DIR[@EPOCH]", "x direction = (that model) - (this model), un-normalized: x = 1 is that model")
      .add_flag("--pca", "x, y directions = the top two PCA directions of the run's trajectory (unit vectors)")
      .add("--data", "SET", "train, test or both", "train")
      .add("--method", "M", "structured (MLP: first layer once for the whole grid) or direct", "structured")
      .add("--block", "K", "points per block between saves of the partial grid", "64")
      .add_flag("--log", "log-scale loss figures")
      .add_flag("--resume", "fill in the missing points of an interrupted --out")
      .add("--out", "FILE.h5", "the surface file; figures and directions beside it", "", true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const auto xs = parse_range("--x", args.get("--x"));
  const bool two_d = args.given("--y");
  const auto ys = two_d ? parse_range("--y", args.get("--y")) : std::vector<double>{0.0};
  const auto [with_train, with_test] = which_sets(args.get("--data"));
  const auto norm = nn::parse_direction_norm(args.get("--directions"));
  const std::string ignore = args.get("--ignore");
  if (ignore != "biasbn" && ignore != "none") throw InputError("--ignore '" + ignore + "': expected biasbn or none");
  const std::string method = args.get("--method");
  if (method != "structured" && method != "direct") throw InputError("--method '" + method + "': expected structured or direct");
  const std::string out = args.get("--out"), stem = stem_of(out);
  const std::uint64_t block = std::max<std::uint64_t>(1, args.get_unsigned("--block"));
  if (fs::exists(out) && !args.flag("--resume"))
    throw InputError("'" + out + "' exists; --resume fills in its missing points, or choose another --out");

  auto probe = open_probe(args, args.get("--run"), args.get("--checkpoint"));
  const auto w0 = probe->parameters();
  std::vector<double> u, v;
  const std::string dir_file = args.get_optional("--dir-file").value_or(stem + ".directions.h5");
  if (args.given("--dir-file") || (args.flag("--resume") && fs::exists(dir_file))) {
    const auto arrays = nn::read_h5_arrays(dir_file, two_d ? std::vector<std::string>{"xdirection", "ydirection"}
                                                           : std::vector<std::string>{"xdirection"});
    u = arrays[0].second.values;
    if (two_d) v = arrays[1].second.values;
  } else {
    const std::uint64_t seed = args.get_unsigned("--seed");
    if (args.flag("--pca")) {
      const auto t = nn::run_trajectory(args.get("--run"));
      if (t.parameters.size() < 3) throw InputError("--pca: the run needs at least three trajectory records");
      const auto p = analysis::pca(analysis::relative_to_last(t.parameters), 2);
      if (p.components.size() < (two_d ? 2u : 1u)) throw InputError("--pca: the trajectory spans too few directions");
      u = p.components[0];
      if (two_d) v = p.components[1];
    } else {
      if (args.given("--to")) {
        const std::string to = args.get("--to");
        const auto at = to.rfind('@');
        nn::Probe other(at == std::string::npos ? to : to.substr(0, at), at == std::string::npos ? "final" : to.substr(at + 1),
                        args.get("--device"), static_cast<int>(args.get_unsigned("--threads")), 1);
        const auto wb = other.parameters();
        if (wb.size() != w0.size()) throw InputError("--to: the two models have different numbers of parameters");
        u.resize(w0.size());
        for (std::size_t k = 0; k < w0.size(); ++k) u[k] = wb[k] - w0[k];
      } else {
        u = probe->random_direction(seed * 2 + 1, norm, ignore == "biasbn");
      }
      if (two_d) v = probe->random_direction(seed * 2 + 2, norm, ignore == "biasbn");
    }
    if (is_root_process()) {
      std::vector<std::pair<std::string, nn::H5Array>> d = {{"xdirection", {{static_cast<std::int64_t>(u.size())}, u}}};
      if (two_d) d.push_back({"ydirection", {{static_cast<std::int64_t>(v.size())}, v}});
      nn::write_h5_arrays(dir_file, d);
    }
  }
  if (u.size() != w0.size() || (two_d && v.size() != w0.size()))
    throw InputError(dir_file + ": directions of " + std::to_string(u.size()) + " values for a model of " +
                     std::to_string(w0.size()) + " parameters");

  // The grid: x major, y minor (train_loss[i, j] = point i * ny + j).
  const std::size_t nx = xs.size(), ny = ys.size(), total = nx * ny;
  const std::vector<std::string> keys = {"train_loss", "train_acc", "test_loss", "test_acc"};
  std::vector<std::vector<double>> values(4, std::vector<double>(total, kNaN));
  std::vector<bool> done(total, false);
  if (args.flag("--resume") && fs::exists(out)) {
    std::vector<std::string> names = {"xcoordinates"};
    if (two_d) names.push_back("ycoordinates");
    for (const auto& k : keys) names.push_back(k);
    const auto arrays = nn::read_h5_arrays(out, names);
    if (arrays[0].second.values != xs || (two_d && arrays[1].second.values != ys))
      throw InputError("--resume: '" + out + "' has other coordinates than --x/--y");
    const std::size_t first = two_d ? 2 : 1;
    for (std::size_t k = 0; k < 4; ++k) values[k] = arrays[first + k].second.values;
    for (std::size_t p = 0; p < total; ++p) done[p] = !std::isnan(values[with_train ? 0 : 2][p]);
  }
  auto save = [&] {
    if (!is_root_process()) return;
    std::vector<std::pair<std::string, nn::H5Array>> arrays = {{"xcoordinates", {{static_cast<std::int64_t>(nx)}, xs}}};
    if (two_d) arrays.push_back({"ycoordinates", {{static_cast<std::int64_t>(ny)}, ys}});
    const std::vector<std::int64_t> dims = two_d ? std::vector<std::int64_t>{static_cast<std::int64_t>(nx), static_cast<std::int64_t>(ny)}
                                                 : std::vector<std::int64_t>{static_cast<std::int64_t>(nx)};
    for (std::size_t k = 0; k < 4; ++k) arrays.push_back({keys[k], {dims, values[k]}});
    nn::write_h5_arrays(out, arrays);
  };
  std::vector<std::size_t> todo;
  for (std::size_t p = 0; p < total; ++p)
    if (!done[p]) todo.push_back(p);
  const int rank = process_rank(), ranks = process_count();
  std::cerr << probe->model_description() << ": " << total << " grid points (" << todo.size() << " to evaluate) on "
            << (with_train ? std::to_string(probe->train_samples()) + " training" : std::string()) << (with_train && with_test ? " and " : "")
            << (with_test ? std::to_string(probe->test_samples()) + " test" : std::string()) << " samples, " << ranks << " rank(s)\n";
  const auto t0 = Clock::now();
  for (std::size_t at = 0; at < todo.size(); at += block * static_cast<std::size_t>(ranks)) {
    const std::size_t end = std::min(todo.size(), at + block * static_cast<std::size_t>(ranks));
    std::vector<std::size_t> slots;  // positions in this block that this rank computes
    std::vector<std::array<double, 2>> ab;
    for (std::size_t q = at; q < end; ++q)
      if (static_cast<int>((q - at) % static_cast<std::size_t>(ranks)) == rank) {
        slots.push_back(q - at);
        ab.push_back({xs[todo[q] / ny], two_d ? ys[todo[q] % ny] : 0.0});
      }
    const auto results = probe->evaluate(w0, u, two_d ? &v : nullptr, ab, with_train, with_test, method == "structured");
    // Each point is computed by one rank; the others contribute zeros to the sum.
    std::vector<double> block_values(4 * (end - at), 0.0);
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const std::size_t slot = slots[k];
      const double r[4] = {results[k].train_loss, results[k].train_acc, results[k].test_loss, results[k].test_acc};
      for (int c = 0; c < 4; ++c) block_values[4 * slot + static_cast<std::size_t>(c)] = std::isnan(r[c]) ? 0.0 : r[c];
    }
    sum_across_ranks(block_values);
    for (std::size_t q = at; q < end; ++q)
      for (int c = 0; c < 4; ++c) {
        const bool used = ((c < 2 && with_train) || (c >= 2 && with_test)) && (c % 2 == 0 || probe->classification());
        values[static_cast<std::size_t>(c)][todo[q]] = used ? block_values[4 * (q - at) + static_cast<std::size_t>(c)] : kNaN;
      }
    save();
    std::cerr << "  " << end << "/" << todo.size() << " points\r" << std::flush;
  }
  std::cerr << "\n";
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  save();

  json j;
  j["command"] = "surface";
  j["model"] = probe->model_description();
  j["parameters"] = w0.size();
  j["grid"] = two_d ? json{nx, ny} : json{nx};
  j["points_evaluated"] = todo.size();
  j["points_per_second"] = seconds > 0 ? static_cast<double>(todo.size()) / seconds : 0;
  j["directions"] = args.get("--directions");
  j["ignore"] = ignore;
  j["direction_file"] = dir_file;
  j["method"] = method;
  j["ranks"] = ranks;
  // The centre: the grid point at (0, 0) if there is one, and the model's own loss.
  const auto own = probe->evaluate_at(w0, nullptr, with_train, with_test);
  j["model_train_loss"] = with_train ? json(own.train_loss) : json(nullptr);
  j["model_test_loss"] = with_test ? json(own.test_loss) : json(nullptr);
  for (std::size_t p = 0; p < total; ++p)
    if (xs[p / ny] == 0 && (!two_d || ys[p % ny] == 0)) {
      j["centre_train_loss"] = with_train ? json(values[0][p]) : json(nullptr);
      j["centre_test_loss"] = with_test ? json(values[2][p]) : json(nullptr);
    }
  j["files"] = json::array({out, dir_file});
  if (is_root_process()) {
    const std::string set = with_train ? "train" : "test";
    const auto& loss = values[with_train ? 0 : 2];
    if (!two_d) {
      plot::LineFigure f{"loss along a " + args.get("--directions") + "-normalized direction", "alpha", set + " loss",
                         false, args.flag("--log"), {}};
      for (std::size_t k : {0u, 2u})
        if ((k == 0 && with_train) || (k == 2 && with_test)) f.series.push_back({keys[k], xs, values[k], "lines"});
      add_figure_files(j, plot::write_line_figure(f, stem + "-1d-loss"));
      plot::LineFigure a{"accuracy along the direction", "alpha", "accuracy (%)", false, false, {}};
      for (std::size_t k : {1u, 3u})
        if ((k == 1 && with_train) || (k == 3 && with_test)) a.series.push_back({keys[k], xs, values[k], "lines"});
      add_figure_files(j, plot::write_line_figure(a, stem + "-1d-acc"));
    } else {
      plot::GridFigure g;
      g.title = set + " loss, " + args.get("--directions") + "-normalized directions";
      g.xlabel = "x";
      g.ylabel = "y";
      g.zlabel = set + " loss";
      g.x = xs;
      g.y = ys;
      g.z = loss;
      g.log_z = args.flag("--log");
      add_figure_files(j, plot::write_grid_figure(g, plot::GridStyle::Contour, stem + "-2d-contour"));
      add_figure_files(j, plot::write_grid_figure(g, plot::GridStyle::Heatmap, stem + "-2d-heatmap"));
      add_figure_files(j, plot::write_grid_figure(g, plot::GridStyle::Surface, stem + "-3d-surface"));
    }
  }
  std::ostringstream summary;
  summary << "surface of " << probe->model_description() << ": " << total << " points, " << std::setprecision(3)
          << j["points_per_second"].get<double>() << " points/s; " << out;
  finish(args, j, summary.str(), start, false);
  return 0;
}

// ---------------------------------------------------------------------------------------------
int interpolate_command(int argc, const char* const* argv) {
  Arguments args("interpolate",
                 "Loss and accuracy along (1 - t) w_A + t w_B between two models (Li et al. 2018 Section 5, Appendix A.5; "
                 "Liao & Poggio 2017 Fig. 5), BatchNorm running statistics interpolated too.");
  add_probe_options(args);
  args.add("--to", "DIR", "the second run directory (default: --run)")
      .add("--to-checkpoint", "C", "checkpoint of the second model", "final")
      .add("--t", "MIN:MAX:N", "the values of t", "-0.5:1.5:41")
      .add("--data", "SET", "train, test or both", "both")
      .add_flag("--log", "log-scale loss figure")
      .add("--out", "DIR", "output directory (CSV, HDF5, figures)", "", true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const auto ts = parse_range("--t", args.get("--t"));
  const auto [with_train, with_test] = which_sets(args.get("--data"));
  const std::string out = args.get("--out");
  fs::create_directories(out);
  auto a = open_probe(args, args.get("--run"), args.get("--checkpoint"));
  auto b = open_probe(args, args.get_optional("--to").value_or(args.get("--run")), args.get("--to-checkpoint"));
  const auto wa = a->parameters(), wb = b->parameters(), ba = a->buffers(), bb = b->buffers();
  if (wa.size() != wb.size() || ba.size() != bb.size()) throw InputError("--to: the two models have different shapes");
  std::vector<double> values[4];
  std::ostringstream csv;
  csv << "t,train_loss,train_acc,test_loss,test_acc\n" << std::setprecision(10);
  for (double t : ts) {
    const auto buffers = analysis::lerp(ba, bb, t);
    const auto r = a->evaluate_at(analysis::lerp(wa, wb, t), &buffers, with_train, with_test);
    const double row[4] = {r.train_loss, r.train_acc, r.test_loss, r.test_acc};
    csv << t;
    for (int c = 0; c < 4; ++c) {
      values[c].push_back(row[c]);
      csv << ',' << row[c];
    }
    csv << '\n';
  }
  write_file_atomically((fs::path(out) / "interpolation.csv").string(), csv.str());
  const std::vector<std::int64_t> dims = {static_cast<std::int64_t>(ts.size())};
  nn::write_h5_arrays((fs::path(out) / "interpolation.h5").string(),
                      {{"xcoordinates", {dims, ts}}, {"train_loss", {dims, values[0]}}, {"train_acc", {dims, values[1]}},
                       {"test_loss", {dims, values[2]}}, {"test_acc", {dims, values[3]}}});
  json j;
  j["command"] = "interpolate";
  j["model"] = a->model_description();
  j["distance"] = analysis::distance(wa, wb);
  j["t"] = ts;
  j["train_loss"] = values[0];
  j["test_loss"] = values[2];
  j["files"] = json::array({(fs::path(out) / "interpolation.csv").string(), (fs::path(out) / "interpolation.h5").string()});
  plot::LineFigure f{"linear interpolation between two models", "t", "loss", false, args.flag("--log"), {}};
  plot::LineFigure acc{"linear interpolation: accuracy", "t", "accuracy (%)", false, false, {}};
  if (with_train) f.series.push_back({"train", ts, values[0], "linespoints"}), acc.series.push_back({"train", ts, values[1], "linespoints"});
  if (with_test) f.series.push_back({"test", ts, values[2], "linespoints"}), acc.series.push_back({"test", ts, values[3], "linespoints"});
  add_figure_files(j, plot::write_line_figure(f, (fs::path(out) / "interpolation-loss").string()));
  add_figure_files(j, plot::write_line_figure(acc, (fs::path(out) / "interpolation-acc").string()));
  std::ostringstream summary;
  summary << "interpolation over " << ts.size() << " points, |w_B - w_A| = " << std::setprecision(4) << j["distance"].get<double>()
          << "; " << out;
  finish(args, j, summary.str(), start, false);
  return 0;
}

// ---------------------------------------------------------------------------------------------
int pca_command(int argc, const char* const* argv) {
  Arguments args("pca",
                 "PCA of a run's trajectory relative to its final point (Li et al. 2018 Section 7, Lipton 2016), with the "
                 "variance explained by each component; with --out, the path over the loss contours in the plane of "
                 "the top two components.");
  args.add("--run", "DIR", "a run directory of landscape train", "", true)
      .add("--components", "K", "components to report", "10")
      .add("--out", "DIR", "draw the path over the loss contours here (evaluates a grid)")
      .add("--grid", "N", "grid points per axis for the contours", "21")
      .add("--samples", "N", "evaluate the contours on the first N training samples (0: all)", "0")
      .add("--device", "D", "cpu or cuda", "cpu")
      .add("--threads", "N", "CPU threads (0: auto)", "0")
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const auto t = nn::run_trajectory(args.get("--run"));
  if (t.parameters.size() < 3) throw InputError(args.get("--run") + ": PCA needs at least three trajectory records");
  const auto relative = analysis::relative_to_last(t.parameters);
  const auto p = analysis::pca(relative, static_cast<int>(args.get_unsigned("--components")));
  json j;
  j["command"] = "pca";
  j["records"] = t.parameters.size();
  j["parameters"] = t.parameters.front().size();
  j["explained_variance_ratio"] = p.explained_variance_ratio;
  j["explained_variance"] = p.explained_variance;
  double top2 = 0;
  for (std::size_t k = 0; k < std::min<std::size_t>(2, p.explained_variance_ratio.size()); ++k) top2 += p.explained_variance_ratio[k];
  j["top2_ratio"] = top2;
  // Coordinates of the path relative to the final point (which sits at the origin).
  std::vector<double> px, py;
  for (const auto& row : t.parameters) {
    double cx = 0, cy = 0;
    for (std::size_t k = 0; k < row.size(); ++k) {
      const double d = row[k] - t.parameters.back()[k];
      cx += d * p.components[0][k];
      if (p.components.size() > 1) cy += d * p.components[1][k];
    }
    px.push_back(cx);
    py.push_back(cy);
  }
  j["path_x"] = px;
  j["path_y"] = py;
  j["epochs"] = t.epoch;
  if (args.given("--out")) {
    if (p.components.size() < 2) throw InputError("--out: the trajectory spans fewer than two directions");
    const std::string out = args.get("--out");
    fs::create_directories(out);
    nn::Probe probe(args.get("--run"), "final", args.get("--device"), static_cast<int>(args.get_unsigned("--threads")),
                    static_cast<std::int64_t>(args.get_unsigned("--samples")));
    const int n = static_cast<int>(std::max<std::uint64_t>(2, args.get_unsigned("--grid")));
    auto extent = [](const std::vector<double>& v) {
      double lo = 0, hi = 0;
      for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
      const double pad = 0.2 * std::max(hi - lo, 1e-12);
      return std::pair{lo - pad, hi + pad};
    };
    const auto [x0, x1] = extent(px);
    const auto [y0, y1] = extent(py);
    plot::GridFigure g;
    g.title = "training path in the plane of the top two PCA directions";
    g.xlabel = "PC1 (" + std::to_string(static_cast<int>(std::round(100 * p.explained_variance_ratio[0]))) + "%)";
    g.ylabel = "PC2 (" + std::to_string(static_cast<int>(std::round(100 * p.explained_variance_ratio[1]))) + "%)";
    g.zlabel = "train loss";
    std::vector<std::array<double, 2>> ab;
    for (int i = 0; i < n; ++i) g.x.push_back(x0 + (x1 - x0) * i / (n - 1));
    for (int k = 0; k < n; ++k) g.y.push_back(y0 + (y1 - y0) * k / (n - 1));
    for (double x : g.x)
      for (double y : g.y) ab.push_back({x, y});
    const auto values = probe.evaluate(t.parameters.back(), p.components[0], &p.components[1], ab, true, false);
    for (const auto& v : values) g.z.push_back(v.train_loss);
    g.contour_quantiles = true;  // lines over the whole plane, not only where the loss is high
    g.overlay.push_back({"path (" + std::to_string(px.size()) + " records)", px, py, "lines lw 2 lc rgb 'black'"});
    g.overlay.push_back({"start (epoch 0)", {px.front()}, {py.front()}, "points pt 9 ps 2.2 lc rgb 'dark-green'"});
    g.overlay.push_back({"end (final)", {px.back()}, {py.back()}, "points pt 7 ps 2.2 lc rgb 'red'"});
    add_figure_files(j, plot::write_grid_figure(g, plot::GridStyle::Contour, (fs::path(out) / "pca-path").string()));
    std::ostringstream csv;
    csv << "epoch,pc1,pc2\n" << std::setprecision(12);
    for (std::size_t r = 0; r < px.size(); ++r) csv << t.epoch[r] << ',' << px[r] << ',' << py[r] << '\n';
    write_file_atomically((fs::path(out) / "pca-path.csv").string(), csv.str());
    j["files"].push_back((fs::path(out) / "pca-path.csv").string());
  }
  std::ostringstream summary;
  summary << "PCA of " << t.parameters.size() << " records: the top two components explain " << std::setprecision(3)
          << 100 * top2 << "% of the variance";
  finish(args, j, summary.str(), start, false);
  return 0;
}

// ---------------------------------------------------------------------------------------------
int mds_command(int argc, const char* const* argv) {
  Arguments args("mds",
                 "Classical (strain) multidimensional scaling of the weights recorded in one or more runs (Liao & Poggio 2017 "
                 "Section 4.1, Figs. 3, 4, 14-17): per layer or all layers, 1 - cosine or Euclidean dissimilarity; "
                 "points labelled by epoch and coloured by run. Also the distances between the runs' final points "
                 "and their norms (Lipton 2016).");
  args.add("--runs", "DIRS", "run directories, comma-separated", "", true)
      .add("--layer", "NAME", "a parameter tensor (e.g. fc0.weight) or all", "all")
      .add("--dissimilarity", "D", "cosine (1 - cos) or euclidean", "cosine")
      .add("--every", "K", "use every K-th record of each trajectory", "1")
      .add("--out", "DIR", "output directory (CSV, figure)", "", true)
      .add_flag("--json", "print a JSON summary");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  std::vector<std::string> runs;
  std::stringstream list(args.get("--runs"));
  for (std::string r; std::getline(list, r, ',');)
    if (!r.empty()) runs.push_back(r);
  if (runs.empty()) throw InputError("--runs: no run directory");
  const std::string layer = args.get("--layer");
  const std::uint64_t every = std::max<std::uint64_t>(1, args.get_unsigned("--every"));
  analysis::Rows rows, finals;
  std::vector<plot::ScatterPoint> points;
  std::vector<double> epochs;
  std::vector<int> run_of;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto t = nn::run_trajectory(runs[r]);
    std::int64_t offset = 0, size = static_cast<std::int64_t>(t.parameters.front().size());
    if (layer != "all") {
      bool found = false;
      for (const auto& l : t.layers)
        if (l.name == layer) offset = l.offset, size = l.size(), found = true;
      if (!found) throw InputError("--layer '" + layer + "': no such tensor in " + runs[r] + " (see its trajectory's layer_names)");
    }
    for (std::size_t k = 0; k < t.parameters.size(); ++k) {
      std::vector<double> row(t.parameters[k].begin() + offset, t.parameters[k].begin() + offset + size);
      if (k % every == 0 || k + 1 == t.parameters.size()) {
        rows.push_back(row);
        epochs.push_back(t.epoch[k]);
        run_of.push_back(static_cast<int>(r));
      }
      if (k + 1 == t.parameters.size()) finals.push_back(row);
    }
  }
  if (rows.size() < 3) throw InputError("mds: needs at least three models");
  if (!rows.empty() && rows.front().size() != rows.back().size()) throw InputError("--runs: the runs' models differ in size");
  const auto kind = analysis::parse_dissimilarity(args.get("--dissimilarity"));
  const auto m = analysis::classical_mds(analysis::dissimilarities(rows, kind), 2);
  const std::string out = args.get("--out");
  fs::create_directories(out);
  plot::ScatterFigure f;
  f.title = "MDS of " + (layer == "all" ? std::string("all weights") : layer) + " (" + args.get("--dissimilarity") + ")";
  f.xlabel = "MDS 1";
  f.ylabel = "MDS 2";
  f.connect = true;
  std::ostringstream csv;
  csv << "run,epoch,mds1,mds2\n" << std::setprecision(12);
  for (std::size_t r = 0; r < runs.size(); ++r) f.group_titles.push_back("run " + std::to_string(r + 1));
  json coordinates = json::array();
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::ostringstream label;
    label << epochs[k];
    f.points.push_back({m.coordinates[k][0], m.coordinates[k][1], label.str(), run_of[k]});
    csv << runs[static_cast<std::size_t>(run_of[k])] << ',' << epochs[k] << ',' << m.coordinates[k][0] << ',' << m.coordinates[k][1] << '\n';
    coordinates.push_back({{"run", run_of[k]}, {"epoch", epochs[k]}, {"x", m.coordinates[k][0]}, {"y", m.coordinates[k][1]}});
  }
  write_file_atomically((fs::path(out) / "mds.csv").string(), csv.str());
  const auto d = analysis::distances(finals);
  json j;
  j["command"] = "mds";
  j["models"] = rows.size();
  j["coordinates"] = coordinates;
  j["eigenvalues"] = std::vector<double>(m.eigenvalues.begin(), m.eigenvalues.begin() + std::min<std::size_t>(10, m.eigenvalues.size()));
  j["stress"] = m.stress;
  j["final_distances"] = d.pairwise;
  j["final_norms"] = d.norms;
  j["files"] = json::array({(fs::path(out) / "mds.csv").string()});
  add_figure_files(j, plot::write_scatter_figure(f, (fs::path(out) / "mds").string()));
  std::ostringstream summary;
  summary << "MDS of " << rows.size() << " models from " << runs.size() << " run(s): stress " << std::setprecision(3) << m.stress
          << "; " << out;
  finish(args, j, summary.str(), start, false);
  return 0;
}

}  // namespace

std::vector<Command> probe_commands() {
  return {{"surface", "loss/accuracy over lines and planes around a trained model", surface_command},
          {"interpolate", "loss/accuracy between two models", interpolate_command},
          {"pca", "PCA of a training trajectory", pca_command},
          {"mds", "multidimensional scaling of many models' weights", mds_command}};
}

}  // namespace landscape::cli
