#include "landscape/experiments/branches.hpp"

#include <filesystem>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool BranchesOptions::is_valid(std::string* error) const {
  return check_range("stages", stages, 1, 100, error) && check_range("branches", branches, 0, 100, error) &&
         check_non_negative("sigma", sigma, error) && check_required("out_dir", out_dir, error);
}

namespace {

// Loss along (1 - alpha) w_main + alpha w_branch, alpha = 0, 0.1, ..., 1, at every epoch both runs
// recorded; returns the records and adds the figure.
json interpolate_per_epoch(const std::string& main_dir, const std::string& branch_dir, const nn::TrainConfig& c, int stage,
                           OutputDirectory& out) {
  nn::Probe probe(main_dir, "final", c.device, c.threads);
  const auto tm = nn::run_trajectory(main_dir), tb = nn::run_trajectory(branch_dir);
  plot::LineFigure f{"stage " + std::to_string(stage) + ": interpolation from the main trajectory (0) to branch 1 (1), per epoch",
                     "alpha", "training loss (whole training set)", false, false, {}};
  json interp = json::array();
  for (std::size_t e = 0; e < std::min(tm.parameters.size(), tb.parameters.size()); ++e) {
    plot::Series series{"epoch " + std::to_string(static_cast<int>(tm.epoch[e])), {}, {}, "linespoints"};
    for (int q = 0; q <= 10; ++q) {
      const double alpha = q / 10.0;
      const auto w = analysis::lerp(tm.parameters[e], tb.parameters[e], alpha);
      const auto buffers = analysis::lerp(tm.buffers[e], tb.buffers[e], alpha);
      series.x.push_back(alpha);
      series.y.push_back(probe.evaluate_at(w, buffers.empty() ? nullptr : &buffers, true, false).train_loss);
    }
    interp.push_back({{"epoch", tm.epoch[e]}, {"alpha", series.x}, {"train_loss", series.y},
                      {"distance", analysis::distance(tm.parameters[e], tb.parameters[e])}});
    f.series.push_back(series);
  }
  out.add(plot::write_line_figure(f, out.file("interpolation-stage" + std::to_string(stage))));
  return interp;
}

}  // namespace

BranchesResult run_branches(const BranchesOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  BranchesResult result;
  result.command = "experiment branches";
  json& j = result.details;
  j["mode"] = o.full_batch ? "full-batch" : "sgd";
  j["config"] = o.base.to_json();
  j["sigma"] = o.sigma;
  std::string from;  // the previous stage's endpoint (empty: a fresh initialization)
  std::vector<std::string> dirs, titles = {"main"};
  std::vector<int> groups;
  std::vector<double> offsets;
  std::vector<std::pair<std::string, nn::TrainResult>> curves;
  for (int b = 1; b <= o.branches; ++b) titles.push_back("branch " + std::to_string(b));
  for (int s = 1; s <= o.stages; ++s) {
    const std::string stage_dir = out.file("stage" + std::to_string(s));
    for (int b = 0; b <= o.branches; ++b) {
      if (from.empty() && b > 0) continue;  // stage 1 starts from the initialization: one run
      nn::TrainConfig c = o.base;
      c.init = from;
      c.perturb = from.empty() || b == 0 ? 0 : o.sigma;
      c.perturb_seed = static_cast<std::uint64_t>(1000 * s + b);
      c.order_seed = static_cast<std::int64_t>(o.base.seed * 1000 + static_cast<std::uint64_t>(100 * s + b));
      const std::string name = b == 0 ? "main" : "branch" + std::to_string(b);
      const std::string dir = (fs::path(stage_dir) / name).string();
      const auto r = train_or_finish(c, dir, "stage " + std::to_string(s) + (b == 0 ? " main" : " branch " + std::to_string(b)), log);
      j["stages"][std::to_string(s)][name] = run_record(r, dir);
      dirs.push_back(dir);
      groups.push_back(b);
      offsets.push_back(static_cast<double>((s - 1) * o.base.epochs));
      curves.emplace_back("s" + std::to_string(s) + (b == 0 ? " main" : " b" + std::to_string(b)), r);
      if (o.full_batch && b == 1)
        j["stages"][std::to_string(s)]["interpolation"] =
            interpolate_per_epoch((fs::path(stage_dir) / "main").string(), dir, c, s, out);
    }
    from = (fs::path(stage_dir) / "main").string();
  }
  double stress = 0;
  out.add(mds_figure(dirs, titles, groups, offsets, out.file("mds"),
                     "MDS of all weights (1 - cos): main run and perturbed branches, labels = epoch", &stress));
  j["mds_stress"] = stress;
  for (const auto& f : curve_figures(curves, o.out_dir, "curves", "branches")) out.add(f);
  result.runs = static_cast<int>(dirs.size());
  std::ostringstream summary;
  summary << "branches: " << dirs.size() << " runs in " << o.stages << " stages; MDS figure " << out.file("mds.png");
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
