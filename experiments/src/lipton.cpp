#include "landscape/experiments/lipton.hpp"

#include <filesystem>
#include <iomanip>
#include <numeric>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool LiptonOptions::is_valid(std::string* error) const {
  return check_range("runs", runs, 2, 100, error) && check_range("pretrain", pretrain, 0, 100000, error) &&
         check_range("every", every, 1, 100000, error) && check_required("out_dir", out_dir, error);
}

json distance_statistics(const std::vector<std::vector<double>>& finals, const std::vector<std::vector<double>>& starts) {
  const auto d = analysis::distances(finals);
  std::vector<double> pairs, from_start;
  for (std::size_t a = 0; a < finals.size(); ++a) {
    for (std::size_t b = a + 1; b < finals.size(); ++b) pairs.push_back(d.pairwise[a][b]);
    from_start.push_back(analysis::distance(finals[a], starts[a]));
  }
  auto mean = [](const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  return {{"pairwise", d.pairwise}, {"mean_pairwise", mean(pairs)}, {"norms", d.norms}, {"mean_norm", mean(d.norms)},
          {"from_start", from_start}, {"mean_from_start", mean(from_start)}};
}

namespace {

// Distances and PCA of one setting's runs, and the figure of their trajectories.
json analyse_setting(const std::string& setting, const std::vector<std::string>& dirs, int every, OutputDirectory& out) {
  json j;
  std::vector<std::vector<double>> finals, starts, all;
  std::vector<int> run_of;
  for (std::size_t r = 0; r < dirs.size(); ++r) {
    const auto t = nn::run_trajectory(dirs[r]);
    finals.push_back(t.parameters.back());
    starts.push_back(t.parameters.front());
    for (std::size_t k = 0; k < t.parameters.size(); ++k)
      if (k % static_cast<std::size_t>(every) == 0 || k + 1 == t.parameters.size())
        all.push_back(t.parameters[k]), run_of.push_back(static_cast<int>(r));
  }
  j["distances"] = distance_statistics(finals, starts);  // (c): each run from its own initialization
  j["pca_of_solutions"] = analysis::pca(finals).explained_variance_ratio;
  const auto joint = analysis::pca(all, 2);
  j["pca_of_trajectories"] = joint.explained_variance_ratio;
  plot::ScatterFigure f;
  f.title = setting + ": trajectories in the top two PCA directions of all their points";
  f.xlabel = "PC1";
  f.ylabel = "PC2";
  f.connect = true;
  f.show_labels = false;
  for (std::size_t r = 0; r < dirs.size(); ++r) f.group_titles.push_back("run " + std::to_string(r + 1));
  for (std::size_t k = 0; k < all.size(); ++k)
    f.points.push_back({joint.coordinates[k][0], joint.coordinates[k].size() > 1 ? joint.coordinates[k][1] : 0.0, "", run_of[k]});
  out.add(plot::write_scatter_figure(f, out.file("pca-" + setting)));
  return j;
}

}  // namespace

LiptonResult run_lipton(const LiptonOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  LiptonResult result;
  result.command = "experiment lipton";
  json& j = result.details;
  j["config"] = o.base.to_json();
  nn::TrainConfig p = o.base;
  p.epochs = o.pretrain;
  const std::string pre_dir = out.file("pretrained");
  train_or_finish(p, pre_dir, "pretraining", log);
  for (const std::string setting : {"same-init", "clones", "different-init"}) {
    std::vector<std::string> dirs;
    json runs = json::array();
    for (int r = 1; r <= o.runs; ++r) {
      nn::TrainConfig c = o.base;
      c.order_seed = static_cast<std::int64_t>(o.base.seed * 1000 + static_cast<std::uint64_t>(r));
      if (setting == "clones") c.init = pre_dir;
      if (setting == "different-init")  // another initialization and order, the same data subset
        c.dataset = with_data_option(c.dataset, "seed", std::to_string(o.base.seed), true), c.seed = o.base.seed + static_cast<std::uint64_t>(r);
      dirs.push_back((fs::path(out.path()) / setting / ("run" + std::to_string(r))).string());
      runs.push_back(run_record(train_or_finish(c, dirs.back(), setting + " run " + std::to_string(r), log), dirs.back()));
    }
    j[setting] = analyse_setting(setting, dirs, o.every, out);
    j[setting]["runs"] = runs;
  }
  result.mean_distance_same_init = j["same-init"]["distances"]["mean_pairwise"].get<double>();
  result.mean_distance_clones = j["clones"]["distances"]["mean_pairwise"].get<double>();
  result.mean_distance_different_init = j["different-init"]["distances"]["mean_pairwise"].get<double>();
  std::ostringstream summary;
  summary << std::setprecision(4) << "lipton: mean distance between solutions " << result.mean_distance_same_init
          << " (same initialization, different orders) vs " << result.mean_distance_clones << " (clones after " << o.pretrain
          << " epoch(s)) vs " << result.mean_distance_different_init << " (different initializations); " << o.out_dir;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
