#include "landscape/experiments/curvature_map.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <ostream>
#include <sstream>

#include "landscape/analysis/spectral.hpp"
#include "landscape/experiments/ranks.hpp"
#include "landscape/experiments/surface_scan.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void save_map(const CurvatureMapOptions& o, const std::vector<double>& max_eig, const std::vector<double>& min_eig) {
  if (!is_root_process()) return;
  const std::vector<std::int64_t> dims = {static_cast<std::int64_t>(o.xs.size()), static_cast<std::int64_t>(o.ys.size())};
  nn::write_h5_arrays(o.out, {{"xcoordinates", {{dims[0]}, o.xs}}, {"ycoordinates", {{dims[1]}, o.ys}},
                              {"max_eig", {dims, max_eig}}, {"min_eig", {dims, min_eig}}});
}

}  // namespace

bool CurvatureMapOptions::is_valid(std::string* error) const {
  if (xs.empty() || ys.empty()) {
    if (error) *error = std::string(xs.empty() ? "xs" : "ys") + " (empty): the map needs x and y coordinates";
    return false;
  }
  if (dtype != "float32" && dtype != "float64") {
    if (error) *error = "dtype '" + dtype + "': expected float32 or float64";
    return false;
  }
  return check_positive("tolerance", tolerance, error) && check_range("max_steps", max_steps, 2, 100000, error) &&
         check_range<std::int64_t>("block", block, 1, 1LL << 30, error) && check_required("run_dir", run_dir, error) &&
         check_required("out", out, error);
}

ProtocolResult curvature_map(const CurvatureMapOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  if (fs::exists(o.out) && !o.resume) throw FieldError("out", "'" + o.out + "' exists (resume it, or choose another file)");
  const std::string stem = surface_stem(o.out);
  OutputDirectory out(fs::path(o.out).parent_path().empty() ? "." : fs::path(o.out).parent_path().string());
  nn::Curvature h(o.run_dir, {o.checkpoint, o.device, o.dtype, o.samples, 0, o.threads});  // chunk 0: the default
  const auto w0 = h.weights();
  // The directions: a surface's file, or made as `surface` makes them (filter-normalized, biases
  // and BatchNorm zeroed, seeds 2s + 1 and 2s + 2) and saved beside the map.
  std::string dir_file = o.direction_file;
  std::vector<double> u, v;
  if (dir_file.empty()) {
    dir_file = stem + ".directions.h5";
    if (!(o.resume && fs::exists(dir_file))) {
      nn::Probe probe(o.run_dir, o.checkpoint, o.device, o.threads, 1);
      u = probe.random_direction(o.seed * 2 + 1, nn::DirectionNorm::Filter, true);
      v = probe.random_direction(o.seed * 2 + 2, nn::DirectionNorm::Filter, true);
      if (is_root_process())
        nn::write_h5_arrays(dir_file, {{"xdirection", {{static_cast<std::int64_t>(u.size())}, u}},
                                       {"ydirection", {{static_cast<std::int64_t>(v.size())}, v}}});
    }
  }
  if (u.empty()) {
    const auto arrays = nn::read_h5_arrays(dir_file, {"xdirection", "ydirection"});
    u = arrays[0].second.values, v = arrays[1].second.values;
  }
  if (u.size() != w0.size() || v.size() != w0.size())
    throw FieldError("direction_file", "'" + dir_file + "': directions of " + std::to_string(u.size()) + " values for a model of " +
                                           std::to_string(w0.size()) + " parameters");
  const std::size_t ny = o.ys.size(), total = o.xs.size() * ny;
  std::vector<double> max_eig(total, kNaN), min_eig(total, kNaN);
  if (o.resume && fs::exists(o.out)) {
    const auto a = nn::read_h5_arrays(o.out, {"xcoordinates", "ycoordinates", "max_eig", "min_eig"});
    if (a[0].second.values != o.xs || a[1].second.values != o.ys)
      throw FieldError("xs", "(and ys): '" + o.out + "', the map being resumed, has other coordinates");
    if (a[2].second.values.size() != total || a[3].second.values.size() != total)
      throw InputError(o.out + ": max_eig / min_eig do not have the grid's " + std::to_string(total) + " values");
    max_eig = a[2].second.values, min_eig = a[3].second.values;
  }
  std::vector<std::size_t> todo;
  for (std::size_t p = 0; p < total; ++p)
    if (std::isnan(max_eig[p]) || std::isnan(min_eig[p])) todo.push_back(p);
  analysis::ExtremeOptions eo;
  eo.top = 1, eo.bottom = 1;
  eo.tolerance = o.tolerance, eo.max_steps = o.max_steps;
  eo.check_multiplicity = false;  // only the extreme values, not their multiplicities
  const auto op = [&h](const std::vector<double>& x, std::vector<double>& y) { h.apply(nn::CurvatureKind::Hessian, x, y); };
  const int rank = process_rank(), ranks = process_count();
  const std::size_t step = static_cast<std::size_t>(o.block) * static_cast<std::size_t>(ranks);
  std::int64_t unconverged = 0, failed = 0;
  for (std::size_t at = 0; at < todo.size(); at += step) {
    const std::size_t end = std::min(todo.size(), at + step);
    std::vector<double> block(3 * (end - at), 0.0);  // max, min, not converged; each point by one rank
    for (std::size_t q = at; q < end; ++q) {
      if (static_cast<int>((q - at) % static_cast<std::size_t>(ranks)) != rank) continue;
      const double a = o.xs[todo[q] / ny], b = o.ys[todo[q] % ny];
      std::vector<double> w(w0);
      for (std::size_t k = 0; k < w.size(); ++k) w[k] += a * u[k] + b * v[k];
      h.set_weights(w);
      eo.seed = o.seed * 1000003 + todo[q];  // each point its own start vector, whichever rank runs it
      try {
        const auto e = analysis::extreme_eigenvalues(op, w.size(), eo);
        block[3 * (q - at)] = e.top[0], block[3 * (q - at) + 1] = e.bottom[0], block[3 * (q - at) + 2] = e.converged ? 0 : 1;
      } catch (const InputError&) {  // a non-finite product (e.g. overflow far out): marked, not retried
        block[3 * (q - at)] = block[3 * (q - at) + 1] = INFINITY, block[3 * (q - at) + 2] = 2;
      }
    }
    sum_across_ranks(block);
    for (std::size_t q = at; q < end; ++q)
      max_eig[todo[q]] = block[3 * (q - at)], min_eig[todo[q]] = block[3 * (q - at) + 1],
      unconverged += block[3 * (q - at) + 2] == 1, failed += block[3 * (q - at) + 2] == 2;
    save_map(o, max_eig, min_eig);
    if (log) *log << "  " << end << "/" << todo.size() << " points\r" << std::flush;
  }
  if (log) *log << "\n";
  h.set_weights(w0);
  std::vector<double> ratio(total);
  for (std::size_t p = 0; p < total; ++p) ratio[p] = std::isfinite(max_eig[p]) ? std::abs(min_eig[p] / max_eig[p]) : kNaN;
  out.add(o.out);
  plot::GridFigure g;
  g.title = "|min eigenvalue / max eigenvalue| of the Hessian (Li et al. 2018, Fig. 7)";
  g.xlabel = "x", g.ylabel = "y", g.zlabel = "|min eig / max eig|";
  g.x = o.xs, g.y = o.ys, g.z = ratio;
  out.add(plot::write_grid_figure(g, plot::GridStyle::Heatmap, stem + "-ratio-heatmap"));
  out.add(plot::write_grid_figure(g, plot::GridStyle::Contour, stem + "-ratio-contour"));
  ProtocolResult result;
  result.command = "curvature-map";
  json& j = result.details;
  j["points"] = total;
  j["points_evaluated"] = todo.size();
  j["unconverged"] = unconverged;
  j["failed"] = failed;  // non-finite products: max_eig = min_eig = inf there
  j["hvps"] = h.products();  // this rank's
  j["direction_file"] = dir_file;
  double lo = INFINITY, hi = -INFINITY;
  for (double r : ratio)
    if (!std::isnan(r)) lo = std::min(lo, r), hi = std::max(hi, r);
  j["ratio_range"] = {lo, hi};
  std::ostringstream summary;
  summary << total << " points (" << todo.size() << " evaluated), |min/max| from " << j["ratio_range"][0].get<double>()
          << " to " << j["ratio_range"][1].get<double>() << (unconverged > 0 ? ", some NOT converged" : "") << (failed > 0 ? ", some failed (non-finite)" : "") << "; " << o.out;
  result.summary_line = summary.str();
  result.files = out.files();
  result.notes = out.notes();
  return result;
}

}  // namespace landscape::experiments
