#include "landscape/nn/zero_loss_fit.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "checkpoint.hpp"
#include "landscape/nn/modules.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/weights_file.hpp"
#include "run_setup.hpp"
#include "tensor_utils.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;

long rank_by_gap(std::vector<double> values, double min_ratio, double* gap) {
  for (auto& v : values) v = std::abs(v);
  std::sort(values.begin(), values.end(), std::greater<>());
  if (gap) *gap = INFINITY;
  if (values.empty() || values.front() == 0) return 0;
  // Exact zeros (a dead unit's weights) join the tiny values: magnitudes are floored far below
  // any rounding error, so the split is judged between "tiny" and "not tiny", not at the zeros.
  const double floor = values.front() * 1e-30, ceiling = values.front() * kZeroCeiling;
  double best = 0;
  long rank = static_cast<long>(values.size());
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    if (values[i + 1] > ceiling) continue;  // both sides well above rounding: not a zero split
    const double ratio = std::max(values[i], floor) / std::max(values[i + 1], floor);
    if (ratio > best) best = ratio, rank = static_cast<long>(i + 1);
  }
  if (!(best >= min_ratio)) return static_cast<long>(values.size());  // no clear split: all non-zero
  if (gap) *gap = best;
  return rank;
}

namespace {

// Residuals f(x_i) - y_i, flattened (N*dL), keeping the graph.
torch::Tensor residuals(Net& model, const DataTensors& d) { return (model.forward(d.x) - d.y).reshape(-1); }

// The Jacobian of the residuals in the parameters (N*dL x K), one backward pass per row.
torch::Tensor jacobian(Net& model, const DataTensors& d, const std::vector<LayerInfo>& layers, std::int64_t k) {
  const auto params = model.parameters();
  const auto r = residuals(model, d);
  auto j = torch::zeros({r.numel(), k}, torch::kFloat64);
  for (std::int64_t m = 0; m < r.numel(); ++m) {
    const auto g = torch::autograd::grad({r[m]}, params, {}, true, false, true);
    for (std::size_t i = 0; i < g.size(); ++i)
      if (g[i].defined()) j[m].slice(0, layers[i].offset, layers[i].offset + layers[i].size()).copy_(g[i].reshape(-1));
  }
  return j;
}

double mean_loss(Net& model, const DataTensors& d) {
  torch::NoGradGuard guard;
  return residuals(model, d).pow(2).sum().item<double>() / static_cast<double>(d.count);
}

}  // namespace

ZeroLossFitResult fit_to_zero_loss(const std::string& run_dir, const ZeroLossFitOptions& o) {
  LoadedRun run = load_run(run_dir, "final", "cpu", o.threads, "float64");
  if (run.config.dtype != "float64") throw InputError(run_dir + ": a zero-loss fit needs a float64 run (train --dtype float64)");
  if (run.classification || run.loss != LossKind::SquaredError)
    throw InputError(run_dir + ": a zero-loss fit needs regression data with the squared error (e.g. --dataset exact:...)");
  const DataTensors d = to_tensors(run.split.train, run.device, torch::kFloat64);
  Net& model = *run.model;
  const auto layers = layer_infos(model);
  ZeroLossFitResult out;
  out.parameters = static_cast<std::size_t>(parameter_count(model));
  const auto k = static_cast<std::int64_t>(out.parameters);
  out.initial_loss = out.final_loss = mean_loss(model, d);
  if (!std::isfinite(out.initial_loss)) throw InputError(run_dir + ": the training loss at the final weights is not finite");
  double mu = -1;
  for (; out.steps < o.max_steps && out.final_loss > o.target_loss; ++out.steps) {
    const auto j = jacobian(model, d, layers, k);
    torch::Tensor r;
    {
      torch::NoGradGuard guard;
      r = residuals(model, d).detach();
    }
    const auto jjt = torch::mm(j, j.t());
    const double scale = jjt.diagonal().max().item<double>();
    if (!(scale > 0)) throw InputError(run_dir + ": the Jacobian is zero at these weights (dead units?): no step can lower the loss");
    if (mu < 0) mu = 1e-3 * scale;
    const auto w = flat_parameters(model).detach().clone();
    bool accepted = false;
    for (int tries = 0; tries < 30 && !accepted; ++tries) {
      const auto a = jjt + mu * torch::eye(jjt.size(0), torch::kFloat64);
      const auto delta = -torch::mv(j.t(), torch::linalg_solve(a, r.unsqueeze(1), /*left=*/true).squeeze(1));
      set_flat_parameters(model, w + delta);
      const double trial = mean_loss(model, d);
      if (std::isfinite(trial) && trial < out.final_loss) {
        out.final_loss = trial;
        mu = std::max(mu / 3, 1e-15 * scale);
        accepted = true;
      } else {
        mu *= 4;
      }
    }
    if (!accepted) {  // no decrease at any damping: stop at w
      set_flat_parameters(model, w);
      break;
    }
  }
  const auto j = jacobian(model, d, layers, k);
  out.equations = j.size(0);
  const torch::Tensor s = torch::linalg_svdvals(j).contiguous();
  out.jacobian_singular_values.assign(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
  out.jacobian_rank = rank_by_gap(out.jacobian_singular_values, 1e4, &out.jacobian_gap);
  // The finished point becomes the run's final weights, for every command that reads the run.
  torch::serialize::OutputArchive archive;
  model.save(archive);
  save_archive_atomically(archive, fs::path(run_dir) / "weights.pt");
  if (run.options.model == "mlp" && !run.options.preact_norm)
    write_weights_file((fs::path(run_dir) / "weights.json").string(), to_weights_file(model, run.options));
  return out;
}

}  // namespace landscape::nn
