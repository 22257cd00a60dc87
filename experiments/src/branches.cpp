#include "landscape/experiments/branches.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool BranchesOptions::is_valid(std::string* error) const {
  if (!(check_range("stages", stages, 1, 100, error) && check_range("branches", branches, 0, 100, error) &&
        check_range("repeats", repeats, 1, 100, error) && check_non_negative("sigma", sigma, error) &&
        check_required("out_dir", out_dir, error)))
    return false;
  auto fail = [&](const std::string& message) {
    if (error) *error = message;
    return false;
  };
  if (branches + repeats > 100)  // members 0..99: the seeds 100 * point + member stay distinct
    return fail("repeats " + std::to_string(repeats) + ": branches + repeats must be at most 100 (" + std::to_string(branches) +
                " branches)");
  if (full_batch && repeats > 1 && base.dropout == 0)
    return fail("repeats " + std::to_string(repeats) + ": full-batch descent has no batch order, so unperturbed repeats "
                "would be copies of the main run");
  if (!branch_epochs.empty() && stages != 1)
    return fail("stages " + std::to_string(stages) + ": branch points (branch_epochs) take one main run, stages 1");
  for (std::size_t k = 0; k < branch_epochs.size(); ++k) {
    const int e = branch_epochs[k];
    if (e < 0 || e >= base.epochs)
      return fail("branch_epochs " + std::to_string(e) + ": beyond the main run of " + std::to_string(base.epochs) +
                  " epochs (a branch point is an epoch in 0.." + std::to_string(base.epochs - 1) + ")");
    if (std::count(branch_epochs.begin(), branch_epochs.end(), e) > 1)
      return fail("branch_epochs " + std::to_string(e) + ": given twice");
  }
  if (labels != "error" && labels != "epoch") return fail("labels '" + labels + "': expected error or epoch");
  return true;
}

namespace {

// Loss along (1 - alpha) w_main + alpha w_branch, alpha = 0, 0.1, ..., 1, at every epoch both runs
// recorded (the branch's epoch k is the main run's epoch offset + k); returns the records and adds
// the figure DIR/STEM.
json interpolate_per_epoch(const std::string& main_dir, const std::string& branch_dir, int offset, const nn::TrainConfig& c,
                           const std::string& title, const std::string& stem, OutputDirectory& out) {
  nn::Probe probe(main_dir, "final", c.device, c.threads);
  const auto tm = nn::run_trajectory(main_dir), tb = nn::run_trajectory(branch_dir);
  std::map<double, std::size_t> main_row;
  for (std::size_t k = 0; k < tm.epoch.size(); ++k) main_row[tm.epoch[k]] = k;
  plot::LineFigure f{title + ": interpolation from the main run (0) to the branch (1), per epoch", "alpha",
                     "training loss (whole training set)", false, false, {}};
  json interp = json::array();
  for (std::size_t e = 0; e < tb.parameters.size(); ++e) {
    const auto at = main_row.find(offset + tb.epoch[e]);
    if (at == main_row.end()) continue;
    const auto& wm = tm.parameters[at->second];
    const auto& bm = tm.buffers[at->second];
    plot::Series series{"epoch " + std::to_string(static_cast<int>(at->first)), {}, {}, "linespoints"};
    for (int q = 0; q <= 10; ++q) {
      const double alpha = q / 10.0;
      const auto w = analysis::lerp(wm, tb.parameters[e], alpha);
      const auto buffers = analysis::lerp(bm, tb.buffers[e], alpha);
      series.x.push_back(alpha);
      series.y.push_back(probe.evaluate_at(w, buffers.empty() ? nullptr : &buffers, true, false).train_loss);
    }
    interp.push_back({{"epoch", at->first}, {"alpha", series.x}, {"train_loss", series.y},
                      {"distance", analysis::distance(wm, tb.parameters[e])}});
    f.series.push_back(series);
  }
  out.add(plot::write_line_figure(f, out.file(stem)));
  return interp;
}

// What the runs share: their records for the JSON, the MDS and the curves.
struct Runs {
  std::vector<MdsRun> mds;
  std::vector<std::pair<std::string, nn::TrainResult>> curves;
};

}  // namespace

BranchesResult run_branches(const BranchesOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  if (o.layer != "all") {  // a wrong name fails before any training
    const auto names = nn::parameter_names(o.base);
    if (std::find(names.begin(), names.end(), o.layer) == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      throw FieldError("layer", "'" + o.layer + "': no such parameter tensor in this model (it has " + list + ")");
    }
  }
  OutputDirectory out(o.out_dir);
  BranchesResult result;
  result.command = "experiment branches";
  json& j = result.details;
  j["mode"] = o.full_batch ? "full-batch" : "sgd";
  j["config"] = o.base.to_json();
  j["sigma"] = o.sigma;
  j["repeats"] = o.repeats;
  j["branch_epochs"] = o.branch_epochs;
  j["layer"] = o.layer;
  // MDS groups: per member across the stages (Figs. 3, 8), per member and branch point (Figs. 4, 14).
  std::vector<std::string> titles;
  auto group_of = [&](const std::string& title) {
    const auto at = std::find(titles.begin(), titles.end(), title);
    if (at != titles.end()) return static_cast<int>(at - titles.begin());
    titles.push_back(title);
    return static_cast<int>(titles.size()) - 1;
  };
  Runs runs;
  double main_test_error = 0;  // the main run's, at its end
  // Member m of a stage or branch point: 0 the main run, 1..K the branches, K + 1.. the repeats.
  auto member_title = [&](int m) {
    return m == 0 ? std::string("main") : m <= o.branches ? "branch " + std::to_string(m) : "repeat " + std::to_string(m - o.branches + 1);
  };
  auto train_member = [&](const std::string& from, const std::string& dir, int point, int m, int epochs, double offset,
                          const std::string& label) {
    nn::TrainConfig c = o.base;
    c.init = from;
    c.epochs = epochs;
    c.perturb = m >= 1 && m <= o.branches ? o.sigma : 0;
    c.perturb_seed = static_cast<std::uint64_t>(1000 * point + m);
    c.order_seed = static_cast<std::int64_t>(o.base.seed * 1000 + static_cast<std::uint64_t>(100 * point + m));
    const auto r = train_or_finish(c, dir, label, log);
    if (m == 0) main_test_error = r.final_test_error;
    const bool at_point = !o.branch_epochs.empty() && m > 0;
    runs.mds.push_back({dir, group_of(at_point ? "from " + std::to_string(point - 1) + ": " + member_title(m) : member_title(m)), offset,
                        r.history});
    runs.curves.emplace_back(label, r);
    return r;
  };
  auto member_name = [&](int m) {  // its directory: main, branchK, repeatR
    std::string name = member_title(m);
    name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
    return name;
  };
  const int members = 1 + o.branches + (o.repeats - 1);
  if (o.branch_epochs.empty()) {
    std::string from;  // the previous stage's endpoint (empty: a fresh initialization)
    for (int s = 1; s <= o.stages; ++s) {
      const std::string stage_dir = out.file("stage" + std::to_string(s)), key = std::to_string(s);
      const std::string main_dir = (fs::path(stage_dir) / "main").string();
      for (int m = 0; m < (from.empty() ? 1 : members); ++m) {  // stage 1 starts from the initialization: one run
        const std::string name = member_name(m), dir = (fs::path(stage_dir) / name).string();
        const auto r = train_member(from, dir, s, m, o.base.epochs, (s - 1) * o.base.epochs, "stage " + key + " " + name);
        j["stages"][key][name] = run_record(r, dir);
        if (o.full_batch && m >= 1 && m <= o.branches) {
          const auto interp = interpolate_per_epoch(main_dir, dir, 0, o.base, "stage " + key + " " + name,
                                                    "interpolation-stage" + key + (m == 1 ? "" : "-" + name), out);
          j["interpolations"]["stage" + key][name] = interp;
          if (m == 1) j["stages"][key]["interpolation"] = interp;
        }
      }
      from = main_dir;
    }
  } else {
    const std::string main_dir = out.file("main");
    j["main"] = run_record(train_member("", main_dir, 0, 0, o.base.epochs, 0, "main"), main_dir);
    for (int e : o.branch_epochs) {
      const std::string key = std::to_string(e), point_dir = out.file("from" + key);
      for (int m = 1; m < members; ++m) {
        const std::string name = member_name(m), dir = (fs::path(point_dir) / name).string();
        const auto r = train_member(main_dir + "@" + key, dir, e + 1, m, o.base.epochs - e, e, "from epoch " + key + " " + name);
        j["branch_points"][key][name] = run_record(r, dir);
        if (o.full_batch && m <= o.branches)
          j["interpolations"]["from" + key][name] = interpolate_per_epoch(
              main_dir, dir, e, o.base, "from epoch " + key + " " + name, "interpolation-from" + key + "-" + name, out);
      }
    }
  }
  if (o.full_batch && o.sgd_batch > 0) {  // Fig. 4's caption: BGD ends at a higher test error than SGD
    nn::TrainConfig sgd = o.base;
    sgd.init.clear();  // the main run's initialization
    sgd.batch_size = o.sgd_batch;
    sgd.epochs = o.branch_epochs.empty() ? o.stages * o.base.epochs : o.base.epochs;
    const std::string dir = out.file("sgd");
    const auto r = train_or_finish(sgd, dir, "SGD reference (batch " + std::to_string(o.sgd_batch) + ")", log);
    j["sgd_reference"] = run_record(r, dir);
    j["test_error_sgd"] = r.final_test_error;
    j["test_error_full_batch"] = main_test_error;
  }
  const std::string what = o.layer == "all" ? "all weights" : o.layer;
  const auto mds = mds_figure(runs.mds, titles, o.layer, o.labels, out.file("mds"),
                              "MDS of " + what + " (1 - cos): main run, perturbed branches and repeats; labels = " +
                                  (o.labels == "error" ? std::string("training error") : "epoch"));
  out.add(mds.figure);
  write_file_atomically(out.file("mds.csv"), mds.csv);
  out.add(out.file("mds.csv"));
  j["mds_stress"] = mds.stress;
  j["mds_points"] = mds.points;
  for (const auto& f : curve_figures(runs.curves, o.out_dir, "curves", "branches")) out.add(f);
  result.runs = static_cast<int>(runs.mds.size());
  std::ostringstream summary;
  summary << "branches: " << result.runs << " runs "
          << (o.branch_epochs.empty() ? "in " + std::to_string(o.stages) + " stages"
                                      : "from " + std::to_string(o.branch_epochs.size()) + " branch points")
          << "; MDS figure " << out.file("mds.png");
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
