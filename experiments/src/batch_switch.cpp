#include "landscape/experiments/batch_switch.hpp"

#include <algorithm>
#include <limits>
#include <sstream>

#include "landscape/experiments/model_probes.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool BatchSwitchOptions::is_valid(std::string* error) const {
  if (!(check_range<std::int64_t>("large_batch", large_batch, 0, std::int64_t{1} << 40, error) &&
        check_range<std::int64_t>("small_batch", small_batch, 1, std::int64_t{1} << 40, error) &&
        check_range("small_epochs", small_epochs, 1, 100000, error) && check_range<std::int64_t>("samples", samples, 0, std::int64_t{1} << 40, error) &&
        check_required("out_dir", out_dir, error)))
    return false;
  const auto [lo, hi] = std::minmax_element(ts.begin(), ts.end());
  if (!ts.empty() && (*lo > 0 || *hi < 1)) {
    if (error) *error = "ts: must cover [0, 1] (the line between the two solutions)";
    return false;
  }
  return true;
}

BatchSwitchResult run_batch_switch(const BatchSwitchOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  BatchSwitchResult result;
  result.command = "experiment batch-switch";
  json& j = result.details;
  j["config"] = o.base.to_json();
  nn::TrainConfig large = o.base;
  large.batch_size = o.large_batch;
  const std::string large_dir = out.file("large"), small_dir = out.file("small");
  j["large"] = run_record(train_or_finish(large, large_dir, "large batch (" + std::to_string(o.large_batch) + ")", log), large_dir);
  nn::TrainConfig small = o.base;
  small.init = large_dir;
  small.batch_size = o.small_batch;
  small.epochs = o.small_epochs;
  j["small"] = run_record(train_or_finish(small, small_dir, "then small batch (" + std::to_string(o.small_batch) + ")", log), small_dir);

  InterpolationOptions line;
  line.run_dir = large_dir, line.to_dir = small_dir, line.out_dir = o.out_dir;
  line.ts = o.ts;
  if (line.ts.empty())
    for (int k = 0; k <= 30; ++k) line.ts.push_back(-1 + k / 10.0);
  line.title = "large batch (t = 0), then small batch (t = 1): t < 0 away from LB, t > 1 away from SB";
  line.samples = o.samples, line.device = o.base.device, line.threads = o.base.threads;
  const auto r = interpolate_models(line);
  for (const auto& f : r.files) out.add(f);
  result.t = line.ts, result.train_loss = r.train_loss, result.distance = r.distance;
  // The end points' losses on the same samples: t = 0 and t = 1 where given, else the runs' own.
  auto loss_at = [&](double t, double fallback) {
    for (std::size_t k = 0; k < line.ts.size(); ++k)
      if (line.ts[k] == t) return r.train_loss[k];
    return fallback;
  };
  const double l_large = loss_at(0, j["large"]["final_train_loss"].get<double>()),
               l_small = loss_at(1, j["small"]["final_train_loss"].get<double>());
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < line.ts.size(); ++k)
    if (line.ts[k] >= 0 && line.ts[k] <= 1) top = std::max(top, r.train_loss[k]);
  result.barrier = std::max(0.0, top - std::max(l_large, l_small));
  const auto [lo, hi] = std::minmax_element(line.ts.begin(), line.ts.end());
  result.rise_beyond_large = r.train_loss[static_cast<std::size_t>(lo - line.ts.begin())] - l_large;
  result.rise_beyond_small = r.train_loss[static_cast<std::size_t>(hi - line.ts.begin())] - l_small;
  j["t"] = result.t;
  j["train_loss"] = result.train_loss;
  j["test_loss"] = r.test_loss;
  j["distance"] = result.distance;
  j["barrier"] = result.barrier;
  j["rise_beyond_large"] = result.rise_beyond_large;
  j["rise_beyond_small"] = result.rise_beyond_small;
  std::ostringstream summary;
  summary << "batch-switch: LB train loss " << l_large << ", SB " << l_small << ", distance " << result.distance << "; barrier "
          << result.barrier << ", rise beyond LB " << result.rise_beyond_large << ", beyond SB " << result.rise_beyond_small << "; "
          << o.out_dir;
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
