// `landscape experiment ...`: the papers' protocols, composed of training runs (landscape/nn/
// training.hpp), probes (probes.hpp), PCA/MDS (analysis) and figures. Each writes its runs under
// --out, a summary.json and figures; an interrupted experiment continues from its runs'
// checkpoints when started again with the same options.
//
//   branches         Liao & Poggio 2017 Figs. 3/8 (staged SGD, perturbed branches) and 4/14 (full batch,
//                    epoch-wise interpolation between branch and main trajectory)
//   perturb-retrain  Liao & Poggio 2017 Figs. 5/30/37 (interpolation before/after retraining) and 23
//                    (agreement matrices)
//   lipton           Lipton 2016 (same initialization with different data orders; clones of a
//                    pretrained model): distances and PCA
//   sharp-flat       Li et al. 2018 Section 5 (small vs large batch, with and without weight decay;
//                    filter-normalized vs un-normalized 1-D plots and test error)
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/analysis/embedding.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/plot/figure.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "train_options.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

// Small-scale CPU defaults for every experiment (each overridable by the training options): a
// 5,000-image Fashion-MNIST subset, lr 0.05, and on it the MLP 784-64-10 (with another --dataset
// the MLP defaults to inputs-256-classes, as in train).
nn::TrainConfig experiment_config(const Arguments& args) {
  nn::TrainConfig c = training_config(args, nullptr);
  if (!args.given("--dataset")) c.dataset = "fashion-mnist:n=5000,test=1000";
  if (!args.given("--lr")) c.lr = 0.05;
  if (!args.given("--record-every")) c.record_every = 0;  // the MDS figures label each record by its epoch
  if (!args.given("--arch") && !args.given("--dataset") && c.model == "mlp") c.arch = "784,64,10";
  return c;
}

void add_experiment_options(Arguments& args) {
  add_training_options(args);
  args.add("--out", "DIR", "output directory (runs, summary.json, figures)", "", true).add_flag("--json", "print a JSON summary");
}

// Trains (or, when its directory holds a checkpoint, finishes) one run of the experiment.
nn::TrainResult run(nn::TrainConfig c, const std::string& dir, const std::string& label) {
  c.out_dir = dir;
  c.resume = fs::exists(fs::path(dir) / "checkpoint.pt");
  std::cerr << "== " << label << (c.resume ? " (continuing)" : "") << "\n";
  auto r = nn::train(c, nullptr);
  if (r.diverged) std::cerr << "note: " << label << ": " << r.divergence << "\n";
  return r;
}

json run_json(const nn::TrainResult& r, const std::string& dir) {
  return {{"run_dir", dir}, {"final_train_error", r.final_train_error}, {"final_test_error", r.final_test_error},
          {"final_train_loss", r.final_train_loss}, {"epochs", r.epochs}, {"diverged", r.diverged}};
}

void add_files(json& j, const plot::FigureFiles& f) {
  j["files"].push_back(f.data);
  j["files"].push_back(f.script);
  for (const auto& image : f.images) j["files"].push_back(image);
}

using analysis::distance;

// MDS of every record of the runs (all parameters, 1 - cos), labelled by epoch offset + epoch.
void mds_figure(json& j, const std::vector<std::string>& dirs, const std::vector<std::string>& titles,
                const std::vector<int>& groups, const std::vector<double>& epoch_offset, const std::string& stem,
                const std::string& title) {
  analysis::Rows rows;
  plot::ScatterFigure f;
  f.title = title;
  f.xlabel = "MDS 1";
  f.ylabel = "MDS 2";
  f.connect = true;
  f.group_titles = titles;
  std::vector<std::pair<int, double>> meta;
  for (std::size_t r = 0; r < dirs.size(); ++r) {
    const auto t = nn::run_trajectory(dirs[r]);
    for (std::size_t k = 0; k < t.parameters.size(); ++k) {
      rows.push_back(t.parameters[k]);
      meta.push_back({groups[r], epoch_offset[r] + t.epoch[k]});
    }
  }
  const auto m = analysis::classical_mds(analysis::dissimilarities(rows, analysis::Dissimilarity::Cosine), 2);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::ostringstream label;
    label << meta[k].second;
    f.points.push_back({m.coordinates[k][0], m.coordinates[k][1], label.str(), meta[k].first});
  }
  j["mds_stress"] = m.stress;
  add_files(j, plot::write_scatter_figure(f, stem));
}

void finish_experiment(const Arguments& args, json& j, const std::string& out, const std::string& summary,
                       Clock::time_point start) {
  write_file_atomically((fs::path(out) / "summary.json").string(), j.dump(2) + "\n");
  j["files"].push_back((fs::path(out) / "summary.json").string());
  finish(args, j, summary, start, false);
}

// ---------------------------------------------------------------------------------------------
int branches(int argc, const char* const* argv) {
  Arguments args("experiment branches",
                 "Liao & Poggio 2017: a main run in stages; at the start of each stage, K branches from the previous stage's "
                 "endpoint perturbed layer-wise (sigma = c x the tensor's weight standard deviation), trained in "
                 "parallel with the unperturbed continuation (Figs. 3, 8: MDS of all weights). --mode full-batch: "
                 "gradient descent on the whole training set, with the epoch-wise interpolation between each first "
                 "branch and the main trajectory (Figs. 4, 14).");
  add_experiment_options(args);
  args.add("--stages", "S", "stages", "3")
      .add("--branches", "K", "perturbed branches per stage", "2")
      .add("--sigma", "C", "perturbation size c", "0.1")
      .add("--mode", "M", "sgd or full-batch", "sgd");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  nn::TrainConfig base = experiment_config(args);
  if (!args.given("--epochs")) base.epochs = 3;
  const std::string mode = args.get("--mode");
  if (mode != "sgd" && mode != "full-batch") throw InputError("--mode '" + mode + "': expected sgd or full-batch");
  if (mode == "full-batch") {
    base.batch_size = 0;
    if (!args.given("--lr")) base.lr = 0.1;
    if (!args.given("--momentum")) base.momentum = 0;
  }
  const int stages = static_cast<int>(std::clamp<std::uint64_t>(args.get_unsigned("--stages"), 1, 100));
  const int k = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--branches"), 100));
  const double sigma = args.get_double("--sigma");
  const std::string out = args.get("--out");
  fs::create_directories(out);
  json j;
  j["command"] = "experiment branches";
  j["mode"] = mode;
  j["config"] = base.to_json();
  j["sigma"] = sigma;
  std::string from;  // the previous stage's endpoint (empty: a fresh initialization)
  std::vector<std::string> dirs, titles;
  std::vector<int> groups;
  std::vector<double> offsets;
  std::vector<std::pair<std::string, nn::TrainResult>> curves;
  titles.push_back("main");
  for (int b = 1; b <= k; ++b) titles.push_back("branch " + std::to_string(b));
  for (int s = 1; s <= stages; ++s) {
    const std::string stage_dir = (fs::path(out) / ("stage" + std::to_string(s))).string();
    for (int b = 0; b <= k; ++b) {
      nn::TrainConfig c = base;
      c.init = from;
      c.perturb = from.empty() || b == 0 ? 0 : sigma;
      c.perturb_seed = static_cast<std::uint64_t>(1000 * s + b);
      c.order_seed = static_cast<std::int64_t>(base.seed * 1000 + static_cast<std::uint64_t>(100 * s + b));
      if (from.empty() && b > 0) continue;  // stage 1 starts from the initialization: one run
      const std::string dir = (fs::path(stage_dir) / (b == 0 ? "main" : "branch" + std::to_string(b))).string();
      const auto r = run(c, dir, "stage " + std::to_string(s) + (b == 0 ? " main" : " branch " + std::to_string(b)));
      j["stages"][std::to_string(s)][b == 0 ? "main" : "branch" + std::to_string(b)] = run_json(r, dir);
      dirs.push_back(dir);
      groups.push_back(b);
      offsets.push_back(static_cast<double>((s - 1) * base.epochs));
      curves.emplace_back("s" + std::to_string(s) + (b == 0 ? " main" : " b" + std::to_string(b)), r);
      // Epoch-wise interpolation between this branch and the main run of the stage.
      if (mode == "full-batch" && b == 1) {
        const std::string main_dir = (fs::path(stage_dir) / "main").string();
        nn::Probe probe(main_dir, "final", c.device, c.threads);
        const auto tm = nn::run_trajectory(main_dir), tb = nn::run_trajectory(dir);
        plot::LineFigure f{"stage " + std::to_string(s) + ": interpolation from the main trajectory (0) to branch 1 (1), per epoch",
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
                            {"distance", distance(tm.parameters[e], tb.parameters[e])}});
          f.series.push_back(series);
        }
        j["stages"][std::to_string(s)]["interpolation"] = interp;
        add_files(j, plot::write_line_figure(f, (fs::path(out) / ("interpolation-stage" + std::to_string(s))).string()));
      }
    }
    from = (fs::path(stage_dir) / "main").string();
  }
  mds_figure(j, dirs, titles, groups, offsets, (fs::path(out) / "mds").string(),
             "MDS of all weights (1 - cos): main run and perturbed branches, labels = epoch");
  for (const auto& f : curve_figures(curves, out, "curves", "branches")) j["files"].push_back(f);
  std::ostringstream summary;
  summary << "branches: " << dirs.size() << " runs in " << stages << " stages; MDS figure " << (fs::path(out) / "mds.png").string();
  finish_experiment(args, j, out, summary.str(), start);
  return 0;
}

// ---------------------------------------------------------------------------------------------
int perturb_retrain(int argc, const char* const* argv) {
  Arguments args("experiment perturb-retrain",
                 "Liao & Poggio 2017: models taken at several epochs of a base run are perturbed layer-wise K times and "
                 "retrained; the interpolation between two of them before and after retraining (Figs. 5, 30, 37) "
                 "and, against a randomly initialized reference trained the same way, the agreement matrices "
                 "P(column correct | row correct) and P(column wrong | row wrong) on the test set (Fig. 23).");
  add_experiment_options(args);
  args.add("--at", "EPOCHS", "epochs of the base run to perturb, comma-separated", "1,4")
      .add("--copies", "K", "perturbed copies per model", "4")
      .add("--sigma", "C", "perturbation size c", "0.25")
      .add("--retrain", "E", "epochs of retraining", "3");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  nn::TrainConfig base = experiment_config(args);
  std::vector<int> at;
  {
    std::stringstream in(args.get("--at"));
    for (std::string e; std::getline(in, e, ',');) {
      if (e.empty() || e.find_first_not_of("0123456789") != std::string::npos || e.size() > 5)
        throw InputError("--at '" + args.get("--at") + "': expected epochs like 1,4");
      at.push_back(std::stoi(e));
    }
  }
  const int copies = static_cast<int>(std::clamp<std::uint64_t>(args.get_unsigned("--copies"), 2, 50));
  const double sigma = args.get_double("--sigma");
  const int retrain = static_cast<int>(std::clamp<std::uint64_t>(args.get_unsigned("--retrain"), 1, 100000));
  const std::string out = args.get("--out");
  fs::create_directories(out);
  json j;
  j["command"] = "experiment perturb-retrain";
  j["config"] = base.to_json();
  nn::TrainConfig b = base;
  b.epochs = *std::max_element(at.begin(), at.end());
  const std::string base_dir = (fs::path(out) / "base").string();
  j["base"] = run_json(run(b, base_dir, "base run"), base_dir);
  // The reference: a fresh initialization (another seed) trained as long as the base and retrain.
  nn::TrainConfig ref = base;
  ref.seed = base.seed + 7919;
  ref.epochs = b.epochs + retrain;
  const std::string ref_dir = (fs::path(out) / "reference").string();
  j["reference"] = run_json(run(ref, ref_dir, "random reference"), ref_dir);
  for (int e : at) {
    const std::string stage = "epoch" + std::to_string(e);
    std::vector<std::string> dirs;
    for (int k = 1; k <= copies; ++k) {
      nn::TrainConfig c = base;
      c.init = base_dir + "@" + std::to_string(e);
      c.perturb = sigma;
      c.perturb_seed = static_cast<std::uint64_t>(100 * e + k);
      c.order_seed = static_cast<std::int64_t>(base.seed * 1000 + static_cast<std::uint64_t>(k));
      c.epochs = retrain;
      dirs.push_back((fs::path(out) / stage / ("copy" + std::to_string(k))).string());
      j[stage]["copies"].push_back(run_json(run(c, dirs.back(), stage + " copy " + std::to_string(k)), dirs.back()));
    }
    // Interpolation between copies 1 and 2, before (the perturbed starts) and after retraining.
    nn::Probe probe(dirs[0], "final", base.device, base.threads);
    const auto t1 = nn::run_trajectory(dirs[0]), t2 = nn::run_trajectory(dirs[1]);
    plot::LineFigure f{"M" + std::to_string(e) + ": interpolation between two perturbed copies", "t", "loss", false, false, {}};
    for (const auto& [name, row] : {std::pair<std::string, std::size_t>{"before retraining", 0}, {"after retraining", t1.parameters.size() - 1}}) {
      plot::Series train_s{name + ", train", {}, {}, "linespoints"}, test_s{name + ", test", {}, {}, "linespoints"};
      for (int q = 0; q <= 12; ++q) {
        const double t = -0.5 + 2.0 * q / 12;
        const auto w = analysis::lerp(t1.parameters[row], t2.parameters[row], t);
        const auto buffers = analysis::lerp(t1.buffers[row], t2.buffers[row], t);
        const auto v = probe.evaluate_at(w, buffers.empty() ? nullptr : &buffers, true, true);
        train_s.x.push_back(t), train_s.y.push_back(v.train_loss);
        test_s.x.push_back(t), test_s.y.push_back(v.test_loss);
      }
      j[stage]["interpolation"][name] = {{"t", train_s.x}, {"train_loss", train_s.y}, {"test_loss", test_s.y}};
      f.series.push_back(train_s);
      f.series.push_back(test_s);
    }
    add_files(j, plot::write_line_figure(f, (fs::path(out) / ("interpolation-" + stage)).string()));
    // Agreement of the retrained copies and the reference on the test set.
    std::vector<std::vector<std::uint8_t>> correct;
    for (const auto& d : dirs) correct.push_back(nn::Probe(d, "final", base.device, base.threads).correct(true));
    correct.push_back(nn::Probe(ref_dir, "final", base.device, base.threads).correct(true));
    const std::size_t n = correct.size();
    plot::GridFigure right, wrong;
    for (auto* g : {&right, &wrong}) {
      g->xlabel = "column model";
      g->ylabel = "row model";
      for (std::size_t i = 0; i < n; ++i) g->x.push_back(static_cast<double>(i + 1)), g->y.push_back(static_cast<double>(i + 1));
    }
    right.title = "P(column correct | row correct), M" + std::to_string(e) + " copies 1.." + std::to_string(copies) + ", reference " + std::to_string(n);
    wrong.title = "P(column wrong | row wrong)";
    right.zlabel = wrong.zlabel = "probability";
    std::vector<std::vector<double>> pc(n, std::vector<double>(n)), pw(n, std::vector<double>(n));
    for (std::size_t r = 0; r < n; ++r)
      for (std::size_t c = 0; c < n; ++c) {
        double both_right = 0, row_right = 0, both_wrong = 0, row_wrong = 0;
        for (std::size_t s = 0; s < correct[r].size(); ++s) {
          row_right += correct[r][s];
          both_right += correct[r][s] && correct[c][s];
          row_wrong += !correct[r][s];
          both_wrong += !correct[r][s] && !correct[c][s];
        }
        pc[r][c] = row_right > 0 ? both_right / row_right : std::nan("");
        pw[r][c] = row_wrong > 0 ? both_wrong / row_wrong : std::nan("");
      }
    // Grid order: z[i * ny + j] at (x = column i, y = row j).
    for (std::size_t c = 0; c < n; ++c)
      for (std::size_t r = 0; r < n; ++r) right.z.push_back(pc[r][c]), wrong.z.push_back(pw[r][c]);
    j[stage]["p_correct_given_correct"] = pc;
    j[stage]["p_wrong_given_wrong"] = pw;
    add_files(j, plot::write_grid_figure(right, plot::GridStyle::Heatmap, (fs::path(out) / ("agreement-correct-" + stage)).string()));
    add_files(j, plot::write_grid_figure(wrong, plot::GridStyle::Heatmap, (fs::path(out) / ("agreement-wrong-" + stage)).string()));
  }
  std::ostringstream summary;
  summary << "perturb-retrain: " << at.size() << " base models x " << copies << " copies; figures in " << out;
  finish_experiment(args, j, out, summary.str(), start);
  return 0;
}

// ---------------------------------------------------------------------------------------------
json distance_statistics(const std::vector<std::vector<double>>& finals, const std::vector<double>& start) {
  const auto d = analysis::distances(finals);
  std::vector<double> pairs, from_start;
  for (std::size_t a = 0; a < finals.size(); ++a) {
    for (std::size_t b = a + 1; b < finals.size(); ++b) pairs.push_back(d.pairwise[a][b]);
    from_start.push_back(distance(finals[a], start));
  }
  auto mean = [](const std::vector<double>& v) { return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); };
  return {{"pairwise", d.pairwise}, {"mean_pairwise", mean(pairs)}, {"norms", d.norms}, {"mean_norm", mean(d.norms)},
          {"from_start", from_start}, {"mean_from_start", mean(from_start)}};
}

int lipton(int argc, const char* const* argv) {
  Arguments args("experiment lipton",
                 "Lipton 2016: (a) runs from the same initialization with different data orders; (b) clones of a model "
                 "pretrained for k epochs, continued with different data orders. Distances between the solutions, "
                 "their norms and distances from the start, PCA of the solutions and of the trajectories.");
  add_experiment_options(args);
  args.add("--runs", "R", "runs per setting", "4").add("--pretrain", "K", "epochs of pretraining for the clones", "1");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  nn::TrainConfig base = experiment_config(args);
  const int runs = static_cast<int>(std::clamp<std::uint64_t>(args.get_unsigned("--runs"), 2, 100));
  const int pretrain = static_cast<int>(std::min<std::uint64_t>(args.get_unsigned("--pretrain"), 100000));
  const std::string out = args.get("--out");
  fs::create_directories(out);
  json j;
  j["command"] = "experiment lipton";
  j["config"] = base.to_json();
  nn::TrainConfig p = base;
  p.epochs = pretrain;
  const std::string pre_dir = (fs::path(out) / "pretrained").string();
  run(p, pre_dir, "pretraining");
  for (const std::string setting : {"same-init", "clones"}) {
    std::vector<std::string> dirs;
    for (int r = 1; r <= runs; ++r) {
      nn::TrainConfig c = base;
      c.order_seed = static_cast<std::int64_t>(base.seed * 1000 + static_cast<std::uint64_t>(r));
      if (setting == "clones") c.init = pre_dir;
      dirs.push_back((fs::path(out) / setting / ("run" + std::to_string(r))).string());
      j[setting]["runs"].push_back(run_json(run(c, dirs.back(), setting + " run " + std::to_string(r)), dirs.back()));
    }
    std::vector<std::vector<double>> finals, all;
    std::vector<int> run_of;
    for (std::size_t r = 0; r < dirs.size(); ++r) {
      const auto t = nn::run_trajectory(dirs[r]);
      finals.push_back(t.parameters.back());
      for (const auto& row : t.parameters) all.push_back(row), run_of.push_back(static_cast<int>(r));
    }
    const auto first = nn::run_trajectory(dirs[0]).parameters.front();
    j[setting]["distances"] = distance_statistics(finals, first);
    j[setting]["pca_of_solutions"] = analysis::pca(finals).explained_variance_ratio;
    const auto joint = analysis::pca(all, 2);
    j[setting]["pca_of_trajectories"] = joint.explained_variance_ratio;
    plot::ScatterFigure f;
    f.title = setting + ": trajectories in the top two PCA directions of all their points";
    f.xlabel = "PC1";
    f.ylabel = "PC2";
    f.connect = true;
    f.show_labels = false;
    for (std::size_t r = 0; r < dirs.size(); ++r) f.group_titles.push_back("run " + std::to_string(r + 1));
    for (std::size_t k = 0; k < all.size(); ++k)
      f.points.push_back({joint.coordinates[k][0], joint.coordinates[k].size() > 1 ? joint.coordinates[k][1] : 0.0, "", run_of[k]});
    add_files(j, plot::write_scatter_figure(f, (fs::path(out) / ("pca-" + setting)).string()));
  }
  std::ostringstream summary;
  summary << std::setprecision(4) << "lipton: mean distance between solutions " << j["same-init"]["distances"]["mean_pairwise"].get<double>()
          << " (same initialization, different orders) vs " << j["clones"]["distances"]["mean_pairwise"].get<double>()
          << " (clones after " << pretrain << " epoch(s)); " << out;
  finish_experiment(args, j, out, summary.str(), start);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Spearman rank correlation (no ties expected in these small samples; ties get the mean rank).
double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  auto ranks = [](const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return v[x] < v[y]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
      std::size_t k = i;
      while (k + 1 < order.size() && v[order[k + 1]] == v[order[i]]) ++k;
      for (std::size_t q = i; q <= k; ++q) r[order[q]] = 0.5 * static_cast<double>(i + k);
      i = k + 1;
    }
    return r;
  };
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size()), mean = (n - 1) / 2;
  double num = 0, da = 0, db = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num += (ra[i] - mean) * (rb[i] - mean);
    da += (ra[i] - mean) * (ra[i] - mean);
    db += (rb[i] - mean) * (rb[i] - mean);
  }
  return da > 0 && db > 0 ? num / std::sqrt(da * db) : std::nan("");
}

int sharp_flat(int argc, const char* const* argv) {
  Arguments args("experiment sharp-flat",
                 "Li et al. 2018 Section 5: small- and large-batch training, without and with weight decay; 1-D plots "
                 "around each minimizer along a filter-normalized and an un-normalized random direction, side by "
                 "side, with each run's test error. Sharpness = mean of L(-r), L(+r) minus L(0); the JSON gives the "
                 "rank correlation of each sharpness with the test error.");
  add_experiment_options(args);
  args.add("--small", "B", "small batch size", "64")
      .add("--large", "B", "large batch size", "1024")
      .add("--decay", "WD", "the weight decay of the runs with decay", "0.0005")
      .add("--radius", "R", "the sharpness radius r", "0.5")
      .add("--x", "MIN:MAX:N", "the 1-D coordinates", "-1:1:41");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  nn::TrainConfig base = experiment_config(args);
  if (!args.given("--epochs")) base.epochs = 10;
  const double radius = args.get_double("--radius");
  const std::vector<double> xs = parse_range("--x", args.get("--x"));
  if (xs.size() < 3 || xs.front() == xs.back()) throw InputError("--x '" + args.get("--x") + "': needs MIN < MAX and N >= 3");
  const std::string out = args.get("--out");
  fs::create_directories(out);
  json j;
  j["command"] = "experiment sharp-flat";
  j["config"] = base.to_json();
  j["radius"] = radius;
  plot::LineFigure filter{"filter-normalized direction", "alpha", "train loss", false, true, {}};
  plot::LineFigure none{"un-normalized direction", "alpha", "train loss", false, true, {}};
  std::vector<double> test_errors, sharp_filter, sharp_none;
  for (const auto& [batch, wd] : {std::pair<std::int64_t, double>{static_cast<std::int64_t>(args.get_unsigned("--small")), 0.0},
                                  {static_cast<std::int64_t>(args.get_unsigned("--large")), 0.0},
                                  {static_cast<std::int64_t>(args.get_unsigned("--small")), args.get_double("--decay")},
                                  {static_cast<std::int64_t>(args.get_unsigned("--large")), args.get_double("--decay")}}) {
    nn::TrainConfig c = base;
    c.batch_size = batch;
    c.weight_decay = wd;
    std::ostringstream name;
    name << "batch " << batch << (wd > 0 ? ", wd " : ", no wd") << (wd > 0 ? std::to_string(wd).substr(0, 6) : "");
    const std::string dir = (fs::path(out) / ("b" + std::to_string(batch) + (wd > 0 ? "-wd" : ""))).string();
    const auto r = run(c, dir, name.str());
    nn::Probe probe(dir, "final", c.device, c.threads);
    const auto w0 = probe.parameters();
    json entry = run_json(r, dir);
    double norm = 0;
    for (double v : w0) norm += v * v;
    entry["weight_norm"] = std::sqrt(norm);
    for (const auto& [kind, figure, list] : {std::tuple{nn::DirectionNorm::Filter, &filter, &sharp_filter},
                                             std::tuple{nn::DirectionNorm::None, &none, &sharp_none}}) {
      const auto u = probe.random_direction(base.seed + 1, kind, true);
      std::vector<std::array<double, 2>> ab;
      for (double x : xs) ab.push_back({x, 0.0});
      ab.push_back({-radius, 0}), ab.push_back({radius, 0}), ab.push_back({0, 0});
      const auto values = probe.evaluate(w0, u, nullptr, ab, true, false);
      plot::Series s{name.str(), xs, {}, "lines"};
      for (std::size_t k = 0; k < xs.size(); ++k) s.y.push_back(values[k].train_loss);
      figure->series.push_back(s);
      const std::size_t n = xs.size();
      const double sharpness = 0.5 * (values[n].train_loss + values[n + 1].train_loss) - values[n + 2].train_loss;
      list->push_back(sharpness);
      entry[kind == nn::DirectionNorm::Filter ? "sharpness_filter" : "sharpness_none"] = sharpness;
      entry[kind == nn::DirectionNorm::Filter ? "curve_filter" : "curve_none"] = s.y;
    }
    test_errors.push_back(r.final_test_error);
    j["runs"].push_back(entry);
  }
  j["spearman_test_error_vs_sharpness_filter"] = spearman(sharp_filter, test_errors);
  j["spearman_test_error_vs_sharpness_none"] = spearman(sharp_none, test_errors);
  add_files(j, plot::write_line_figure(filter, (fs::path(out) / "1d-filter-normalized").string()));
  add_files(j, plot::write_line_figure(none, (fs::path(out) / "1d-unnormalized").string()));
  std::ostringstream summary;
  summary << std::setprecision(3) << "sharp-flat: rank correlation of sharpness with test error: filter-normalized "
          << j["spearman_test_error_vs_sharpness_filter"].get<double>() << ", un-normalized "
          << j["spearman_test_error_vs_sharpness_none"].get<double>() << "; " << out;
  finish_experiment(args, j, out, summary.str(), start);
  return 0;
}

}  // namespace

int experiment_command(int argc, const char* const* argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << "usage: landscape experiment <name> [options]\n\nexperiments:\n"
#ifdef LANDSCAPE_WITH_ALGEBRA
                 "  poly-vs-relu     Liao & Poggio 2017 Fig. 2: ReLU net vs its polynomial approximation\n"
#endif
                 "  branches         Liao & Poggio 2017 Figs. 3/8 and 4/14: perturbed branches of staged training\n"
                 "  perturb-retrain  Liao & Poggio 2017 Figs. 5/30/37 and 23: perturb, retrain, interpolate, agreement\n"
                 "  lipton           Lipton 2016: same initialization, different orders; clones\n"
                 "  sharp-flat       Li et al. 2018 Section 5: small vs large batch, weight decay, filter normalization\n";
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
#ifdef LANDSCAPE_WITH_ALGEBRA
  if (name == "poly-vs-relu") return poly_vs_relu_command(argc - 1, argv + 1);
#endif
  if (name == "branches") return branches(argc - 1, argv + 1);
  if (name == "perturb-retrain") return perturb_retrain(argc - 1, argv + 1);
  if (name == "lipton") return lipton(argc - 1, argv + 1);
  if (name == "sharp-flat") return sharp_flat(argc - 1, argv + 1);
  throw InputError("unknown experiment '" + name + "' (see landscape experiment --help)");
}

}  // namespace landscape::cli
