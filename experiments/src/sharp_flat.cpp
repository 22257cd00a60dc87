#include "landscape/experiments/sharp_flat.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <numeric>
#include <sstream>
#include <tuple>

#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

namespace {
std::vector<double> default_alphas() {
  std::vector<double> xs;
  for (int k = 0; k <= 40; ++k) xs.push_back(-1 + 2.0 * k / 40);
  return xs;
}
}  // namespace

bool SharpFlatOptions::is_valid(std::string* error) const {
  if (!alphas.empty() && (alphas.size() < 3 || alphas.front() == alphas.back())) {
    if (error) *error = "alphas (" + std::to_string(alphas.size()) + " values): needs at least 3, from MIN < MAX";
    return false;
  }
  const auto bad = [&](const std::string& name) {
    return (name != "sgd" && name != "adam") || std::count(optimizers.begin(), optimizers.end(), name) > 1;
  };
  if (std::any_of(optimizers.begin(), optimizers.end(), bad)) {
    if (error) *error = "optimizers: expected sgd and/or adam, each once";
    return false;
  }
  if (surface_points != 0 && !check_range("surface_points", surface_points, 3, 201, error)) return false;
  return check_range<std::int64_t>("small", small_batch, 0, 1LL << 40, error) &&
         check_range<std::int64_t>("large", large_batch, 0, 1LL << 40, error) && check_non_negative("decay", decay, error) &&
         check_positive("adam_lr", adam_lr, error) && check_positive("radius", radius, error) &&
         check_required("out_dir", out_dir, error);
}

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
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += ra[i], mb += rb[i];
  ma /= static_cast<double>(a.size());
  mb /= static_cast<double>(b.size());
  double num = 0, da = 0, db = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) * (ra[i] - ma);
    db += (rb[i] - mb) * (rb[i] - mb);
  }
  return da > 0 && db > 0 ? num / std::sqrt(da * db) : std::nan("");
}

SharpFlatResult run_sharp_flat(const SharpFlatOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  const std::vector<double> xs = o.alphas.empty() ? default_alphas() : o.alphas;
  OutputDirectory out(o.out_dir);
  SharpFlatResult result;
  result.command = o.command;
  json& j = result.details;
  j["config"] = o.base.to_json();
  j["radius"] = o.radius;
  plot::LineFigure filter{"filter-normalized direction", "alpha", "train loss", false, true, {}};
  plot::LineFigure none{"un-normalized direction", "alpha", "train loss", false, true, {}};
  plot::LineFigure norms{"weight norm |w| over training (Li et al. 2018, Fig. 10)", "epoch", "|w|", false, false, {}};
  std::vector<std::pair<std::string, std::vector<double>>> finals;  // for the histograms (Fig. 2)
  std::vector<double> test_errors, sharp_filter, sharp_none;
  std::ostringstream table;
  table << "optimizer,batch_size,weight_decay,train_loss,train_error,test_error,sharpness_filter,sharpness_none,weight_norm\n"
        << std::setprecision(9);
  const std::vector<std::string> optimizers = o.optimizers.empty() ? std::vector{o.base.optimizer} : o.optimizers;
  for (const auto& optimizer : optimizers)
    for (const auto& [batch, wd] : {std::pair<std::int64_t, double>{o.small_batch, 0.0}, {o.large_batch, 0.0},
                                    {o.small_batch, o.decay}, {o.large_batch, o.decay}}) {
      nn::TrainConfig c = o.base;
      c.optimizer = optimizer;
      if (optimizer == "adam" && !o.optimizers.empty()) c.lr = o.adam_lr, c.nesterov = false;
      c.batch_size = batch;
      c.weight_decay = wd;
      const std::string prefix = o.optimizers.size() > 1 ? optimizer + "-" : "";
      std::ostringstream name;
      name << (prefix.empty() ? "" : optimizer + ", ") << "batch " << batch << (wd > 0 ? ", wd " : ", no wd")
           << (wd > 0 ? std::to_string(wd).substr(0, 6) : "");
      const std::string stem = prefix + "b" + std::to_string(batch) + (wd > 0 ? "-wd" : ""), dir = out.file(stem);
      const auto r = train_or_finish(c, dir, name.str(), log);
      nn::Probe probe(dir, "final", c.device, c.threads);
      const auto w0 = probe.parameters();
      json entry = run_record(r, dir);
      double norm = 0;
      for (double v : w0) norm += v * v;
      entry["weight_norm"] = std::sqrt(norm);
      const auto t = nn::run_trajectory(dir);
      plot::Series norm_curve{name.str(), {}, {}, "linespoints"};
      for (std::size_t k = 0; k < t.parameters.size(); ++k) {
        double sq = 0;
        for (double v : t.parameters[k]) sq += v * v;
        norm_curve.x.push_back(t.epoch[k]), norm_curve.y.push_back(std::sqrt(sq));
      }
      entry["weight_norms"] = {{"epoch", norm_curve.x}, {"norm", norm_curve.y}};
      norms.series.push_back(norm_curve);
      finals.emplace_back(name.str(), w0);
      entry["optimizer"] = optimizer;
      SharpFlatRun run{optimizer, batch, wd, r.final_train_loss, r.final_train_error, r.final_test_error, 0, 0};
      for (const auto& [kind, figure, list] : {std::tuple{nn::DirectionNorm::Filter, &filter, &sharp_filter},
                                               std::tuple{nn::DirectionNorm::None, &none, &sharp_none}}) {
        const auto u = probe.random_direction(o.base.seed + 1, kind, true);
        std::vector<std::array<double, 2>> ab;
        for (double x : xs) ab.push_back({x, 0.0});
        ab.push_back({-o.radius, 0}), ab.push_back({o.radius, 0}), ab.push_back({0, 0});
        const auto values = probe.evaluate(w0, u, nullptr, ab, true, false);
        plot::Series s{name.str(), xs, {}, "lines"};
        for (std::size_t k = 0; k < xs.size(); ++k) s.y.push_back(values[k].train_loss);
        figure->series.push_back(s);
        const std::size_t n = xs.size();
        const double sharpness = 0.5 * (values[n].train_loss + values[n + 1].train_loss) - values[n + 2].train_loss;
        list->push_back(sharpness);
        const bool filtered = kind == nn::DirectionNorm::Filter;
        (filtered ? run.sharpness_filter : run.sharpness_none) = sharpness;
        entry[filtered ? "sharpness_filter" : "sharpness_none"] = sharpness;
        entry[filtered ? "curve_filter" : "curve_none"] = s.y;
      }
      if (o.surface_points > 0)
        out.add(contour_figure(probe, o.base.seed, o.surface_points,
                               name.str() + ", test error " + std::to_string(r.final_test_error).substr(0, 5),
                               out.file("2d-" + stem)));
      table << optimizer << ',' << batch << ',' << wd << ',' << run.train_loss << ',' << run.train_error << ','
            << run.test_error << ',' << run.sharpness_filter << ',' << run.sharpness_none << ',' << std::sqrt(norm) << '\n';
      test_errors.push_back(r.final_test_error);
      result.runs.push_back(run);
      j["runs"].push_back(entry);
    }
  result.spearman_filter = spearman(sharp_filter, test_errors);
  result.spearman_none = spearman(sharp_none, test_errors);
  j["spearman_test_error_vs_sharpness_filter"] = result.spearman_filter;
  j["spearman_test_error_vs_sharpness_none"] = result.spearman_none;
  out.add(plot::write_line_figure(filter, out.file("1d-filter-normalized")));
  out.add(plot::write_line_figure(none, out.file("1d-unnormalized")));
  out.add(plot::write_line_figure(norms, out.file("weight-norms")));
  // Histograms of the final weights on common bins over [-a, a], a the largest |w| of all runs.
  double a = 0;
  for (const auto& [name, w] : finals)
    for (double v : w) a = std::max(a, std::abs(v));
  constexpr int kBins = 60;
  plot::LineFigure histograms{"histograms of the final weights (Li et al. 2018, Fig. 2)", "weight", "fraction of the weights", false,
                              true, {}};
  for (const auto& [name, w] : finals) {
    if (a == 0) break;  // every weight zero: no histogram
    plot::Series h{name, {}, std::vector<double>(kBins, 0.0), "steps"};
    for (int b = 0; b < kBins; ++b) h.x.push_back(-a + (b + 0.5) * 2 * a / kBins);
    for (double v : w) h.y[static_cast<std::size_t>(std::clamp(static_cast<int>((v + a) / (2 * a) * kBins), 0, kBins - 1))] += 1.0 / w.size();
    histograms.series.push_back(h);
  }
  if (a > 0) out.add(plot::write_line_figure(histograms, out.file("weight-histograms")));
  write_file_atomically(out.file("table.csv"), table.str());
  out.add(out.file("table.csv"));
  std::ostringstream summary;
  summary << std::setprecision(3) << o.command.substr(o.command.find(' ') + 1)
          << ": rank correlation of sharpness with test error: filter-normalized " << result.spearman_filter
          << ", un-normalized " << result.spearman_none << "; " << o.out_dir;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
