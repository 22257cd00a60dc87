#include "landscape/experiments/overparam.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool OverparamOptions::is_valid(std::string* error) const {
  auto fail = [&](const std::string& message) {
    if (error) *error = message;
    return false;
  };
  if (sizes.empty()) return fail("sizes (empty): give at least one training-set size");
  if (widths.empty()) return fail("widths (empty): give at least one width");
  for (int n : sizes)
    if (!check_range("sizes", n, 1, 100000000, error)) return false;
  for (int w : widths)
    if (!check_range("widths", w, 1, 100000, error)) return false;
  if (base.model != "mlp" && base.model != "dcnn") return fail("model '" + base.model + "': the widths scale mlp or dcnn");
  if (base.model == "mlp" && std::count(base.arch.begin(), base.arch.end(), ',') < 2)
    return fail("arch '" + base.arch + "': give the MLP's widths d0,...,dL with a hidden layer (the hidden widths become W)");
  return check_required("out_dir", out_dir, error);
}

namespace {

nn::TrainConfig at_width(nn::TrainConfig c, int w) {
  if (c.model == "dcnn") {
    c.channels = {w, 2 * w, 4 * w, 8 * w};
    return c;
  }
  const auto widths = split(c.arch, ',');
  std::string arch = widths.front();
  for (std::size_t k = 1; k + 1 < widths.size(); ++k) arch += "," + std::to_string(w);
  c.arch = arch + "," + widths.back();
  return c;
}

}  // namespace

OverparamResult run_overparam(const OverparamOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  OutputDirectory out(o.out_dir);
  OverparamResult result;
  result.command = "experiment overparam";
  json& j = result.details;
  j["config"] = o.base.to_json();
  std::ostringstream table;
  table << "n,width,parameters,parameters_per_sample,train_error,test_error,train_loss,diverged\n" << std::setprecision(10);
  plot::LineFigure f{"Liao and Poggio 2017, Fig. 40: error against parameters (solid: test, dashed: training)", "parameters",
                     "error", true, false, {}};
  for (int n : o.sizes) {
    plot::Series test{"n = " + std::to_string(n) + " test", {}, {}, "linespoints"}, train{"n = " + std::to_string(n) + " train", {}, {}, "linespoints dashtype 2 pt 6"};
    double best = 1e300, widest = 0;
    const int widest_width = *std::max_element(o.widths.begin(), o.widths.end());
    for (int w : o.widths) {
      nn::TrainConfig c = at_width(o.base, w);
      c.dataset = with_data_option(o.base.dataset, "n", std::to_string(n));
      const std::string name = "n" + std::to_string(n) + "-w" + std::to_string(w), dir = out.file(name);
      const auto r = train_or_finish(c, dir, name, log);
      OverparamRow row{n, w, r.parameters, r.final_train_error, r.final_test_error, r.final_train_loss, r.diverged};
      result.rows.push_back(row);
      j["rows"].push_back({{"n", n}, {"width", w}, {"parameters", r.parameters},
                           {"parameters_per_sample", static_cast<double>(r.parameters) / n}, {"train_error", r.final_train_error},
                           {"test_error", r.final_test_error}, {"train_loss", r.final_train_loss}, {"diverged", r.diverged},
                           {"run_dir", dir}});
      table << n << ',' << w << ',' << r.parameters << ',' << static_cast<double>(r.parameters) / n << ',' << r.final_train_error
            << ',' << r.final_test_error << ',' << r.final_train_loss << ',' << (r.diverged ? 1 : 0) << '\n';
      test.x.push_back(static_cast<double>(r.parameters)), test.y.push_back(r.final_test_error);
      train.x.push_back(static_cast<double>(r.parameters)), train.y.push_back(r.final_train_error);
      best = std::min(best, r.final_test_error);
      if (w == widest_width) widest = r.final_test_error;
    }
    // The paper's claim per size: the widest net's test error against the best over the widths.
    j["rise_at_widest"][std::to_string(n)] = widest - best;
    f.series.push_back(test);
    f.series.push_back(train);
  }
  write_file_atomically(out.file("table.csv"), table.str());
  out.add(out.file("table.csv"));
  out.add(plot::write_line_figure(f, out.file("overparam")));
  std::ostringstream summary;
  summary << "overparam: " << result.rows.size() << " runs (" << o.sizes.size() << " sizes x " << o.widths.size()
          << " widths); table " << out.file("table.csv");
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
