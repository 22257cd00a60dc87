#include "landscape/experiments/perturb_retrain.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool PerturbRetrainOptions::is_valid(std::string* error) const {
  if (at.empty()) {
    if (error) *error = "at (empty): give at least one epoch of the base run";
    return false;
  }
  for (int e : at)
    if (!check_range("at", e, 0, 100000, error)) return false;
  return check_range("copies", copies, 2, 50, error) && check_non_negative("sigma", sigma, error) &&
         check_range("retrain", retrain, 1, 100000, error) && check_range("final_epochs", final_epochs, 0, 100000, error) &&
         check_required("out_dir", out_dir, error);
}

void agreement_matrices(const std::vector<std::vector<std::uint8_t>>& correct, std::vector<std::vector<double>>* right,
                        std::vector<std::vector<double>>* wrong) {
  const std::size_t n = correct.size();
  right->assign(n, std::vector<double>(n));
  wrong->assign(n, std::vector<double>(n));
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t c = 0; c < n; ++c) {
      double both_right = 0, row_right = 0, both_wrong = 0, row_wrong = 0;
      for (std::size_t s = 0; s < correct[r].size(); ++s) {
        row_right += correct[r][s];
        both_right += correct[r][s] && correct[c][s];
        row_wrong += !correct[r][s];
        both_wrong += !correct[r][s] && !correct[c][s];
      }
      (*right)[r][c] = row_right > 0 ? both_right / row_right : std::nan("");
      (*wrong)[r][c] = row_wrong > 0 ? both_wrong / row_wrong : std::nan("");
    }
}

namespace {

// Loss along the line through two retrained copies, before (their perturbed starts) and after.
json interpolate_copies(const std::string& dir1, const std::string& dir2, const nn::TrainConfig& base, const std::string& model,
                        const std::string& stage, OutputDirectory& out) {
  nn::Probe probe(dir1, "final", base.device, base.threads);
  const auto t1 = nn::run_trajectory(dir1), t2 = nn::run_trajectory(dir2);
  plot::LineFigure f{model + ": interpolation between two perturbed copies", "t", "loss", false, false, {}};
  json j;
  // The last rows in common: a diverged copy's trajectory is shorter.
  const std::size_t last = std::min(t1.parameters.size(), t2.parameters.size()) - 1;
  for (const auto& [name, row] : {std::pair<std::string, std::size_t>{"before retraining", 0}, {"after retraining", last}}) {
    plot::Series train_s{name + ", train", {}, {}, "linespoints"}, test_s{name + ", test", {}, {}, "linespoints"};
    for (int q = 0; q <= 12; ++q) {
      const double t = -0.5 + 2.0 * q / 12;
      const auto w = analysis::lerp(t1.parameters[row], t2.parameters[row], t);
      const auto buffers = analysis::lerp(t1.buffers[row], t2.buffers[row], t);
      const auto v = probe.evaluate_at(w, buffers.empty() ? nullptr : &buffers, true, true);
      train_s.x.push_back(t), train_s.y.push_back(v.train_loss);
      test_s.x.push_back(t), test_s.y.push_back(v.test_loss);
    }
    j[name] = {{"t", train_s.x}, {"train_loss", train_s.y}, {"test_loss", test_s.y}};
    f.series.push_back(train_s);
    f.series.push_back(test_s);
  }
  out.add(plot::write_line_figure(f, out.file("interpolation-" + stage)));
  return j;
}

// The two agreement heat maps of one perturbed epoch.
void agreement_figures(const std::vector<std::vector<double>>& pc, const std::vector<std::vector<double>>& pw,
                       const std::string& model, const std::string& stage, int copies, OutputDirectory& out) {
  const std::size_t n = pc.size();
  plot::GridFigure right, wrong;
  for (auto* g : {&right, &wrong}) {
    g->xlabel = "column model";
    g->ylabel = "row model";
    g->zlabel = "probability";
    for (std::size_t i = 0; i < n; ++i) g->x.push_back(static_cast<double>(i + 1)), g->y.push_back(static_cast<double>(i + 1));
  }
  right.title = "P(column correct | row correct), " + model + " copies 1.." + std::to_string(copies) +
                ", reference " + std::to_string(n);
  wrong.title = "P(column wrong | row wrong)";
  // Grid order: z[i * ny + j] at (x = column i, y = row j).
  for (std::size_t c = 0; c < n; ++c)
    for (std::size_t r = 0; r < n; ++r) right.z.push_back(pc[r][c]), wrong.z.push_back(pw[r][c]);
  out.add(plot::write_grid_figure(right, plot::GridStyle::Matrix, out.file("agreement-correct-" + stage)));
  out.add(plot::write_grid_figure(wrong, plot::GridStyle::Matrix, out.file("agreement-wrong-" + stage)));
}

}  // namespace

PerturbRetrainResult run_perturb_retrain(const PerturbRetrainOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  PerturbRetrainResult result;
  result.command = "experiment perturb-retrain";
  json& j = result.details;
  j["config"] = o.base.to_json();
  nn::TrainConfig b = o.base;
  b.epochs = std::max(*std::max_element(o.at.begin(), o.at.end()), o.final_epochs > 0 ? o.base.epochs : 0);
  const std::string base_dir = out.file("base");
  j["base"] = run_record(train_or_finish(b, base_dir, "base run", log), base_dir);
  // The reference: a fresh initialization (another seed) trained as long as the base and retrain.
  nn::TrainConfig ref = o.base;
  ref.seed = o.base.seed + 7919;
  // Another initialization and order on the same data: the agreement compares the same test samples.
  ref.dataset = with_data_option(ref.dataset, "seed", std::to_string(o.base.seed), true);
  ref.epochs = b.epochs + o.retrain;
  const std::string ref_dir = out.file("reference");
  j["reference"] = run_record(train_or_finish(ref, ref_dir, "random reference", log), ref_dir);
  // The models to perturb: {stage, its name in titles, where it starts, its perturbation seeds' base}.
  struct Model {
    std::string stage, name, init;
    int seed_base;
  };
  std::vector<Model> models;
  for (int e : o.at) models.push_back({"epoch" + std::to_string(e), "M" + std::to_string(e), base_dir + "@" + std::to_string(e), e});
  if (o.final_epochs > 0) {  // M_final: the base run's end, continued by full-batch gradient descent
    nn::TrainConfig f = o.base;
    f.init = base_dir, f.epochs = o.final_epochs, f.batch_size = 0;
    const std::string final_dir = out.file("final");
    j["final_run"] = run_record(train_or_finish(f, final_dir, "M_final (full batch)", log), final_dir);
    models.push_back({"final", "M_final", final_dir, b.epochs + o.final_epochs});
  }
  for (const auto& model : models) {
    const std::string& stage = model.stage;
    std::vector<std::string> dirs;
    std::vector<std::pair<std::string, nn::TrainResult>> curves;
    for (int k = 1; k <= o.copies; ++k) {
      nn::TrainConfig c = o.base;
      c.init = model.init;
      c.perturb = o.sigma;
      c.perturb_seed = static_cast<std::uint64_t>(100 * model.seed_base + k);
      c.order_seed = static_cast<std::int64_t>(o.base.seed * 1000 + static_cast<std::uint64_t>(k));
      c.epochs = o.retrain;
      if (o.full_batch_retrain) c.batch_size = 0;
      dirs.push_back((fs::path(out.path()) / (stage == "final" ? "final-copies" : stage) / ("copy" + std::to_string(k))).string());
      curves.emplace_back("copy " + std::to_string(k), train_or_finish(c, dirs.back(), stage + " copy " + std::to_string(k), log));
      j[stage]["copies"].push_back(run_record(curves.back().second, dirs.back()));
    }
    for (const auto& f : curve_figures(curves, o.out_dir, "retraining-" + stage, model.name + ": retraining of the perturbed copies"))
      out.add(f);
    j[stage]["interpolation"] = interpolate_copies(dirs[0], dirs[1], o.base, model.name, stage, out);
    // Agreement of the retrained copies and the reference on the test set.
    std::vector<std::vector<std::uint8_t>> correct;
    for (const auto& d : dirs) correct.push_back(nn::Probe(d, "final", o.base.device, o.base.threads).correct(true));
    correct.push_back(nn::Probe(ref_dir, "final", o.base.device, o.base.threads).correct(true));
    std::vector<std::vector<double>> pc, pw;
    agreement_matrices(correct, &pc, &pw);
    j[stage]["p_correct_given_correct"] = pc;
    j[stage]["p_wrong_given_wrong"] = pw;
    result.p_correct_given_correct.push_back(pc);
    result.p_wrong_given_wrong.push_back(pw);
    agreement_figures(pc, pw, model.name, stage, o.copies, out);
  }
  std::ostringstream summary;
  summary << "perturb-retrain: " << models.size() << " base models x " << o.copies << " copies; figures in " << o.out_dir;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
