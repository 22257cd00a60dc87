#include "landscape/experiments/connect.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <random>
#include <sstream>

#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/model_probes.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool ConnectOptions::is_valid(std::string* error) const {
  if (curve != "bezier" && curve != "polychain") {
    if (error) *error = "curve ('" + curve + "'): expected bezier or polychain";
    return false;
  }
  return check_required("run_dir", run_dir, error) && check_required("to_dir", to_dir, error) &&
         check_required("out_dir", out_dir, error) && check_range("steps", steps, 0, 1000000, error) &&
         check_positive("lr", lr, error) && check_range("momentum", momentum, 0.0, 0.999, error) &&
         check_range("points", points, 3, 100000, error) && check_range<std::int64_t>("samples", samples, 0, INT64_MAX, error);
}

namespace {

// phi(t) and d phi / d theta (a scalar: every coordinate of theta enters with the same weight).
struct Curve {
  bool bezier;
  const std::vector<double>&a, &b;
  std::vector<double> at(const std::vector<double>& theta, double t) const {
    std::vector<double> w(a.size());
    if (bezier) {
      const double ca = (1 - t) * (1 - t), ct = 2 * t * (1 - t), cb = t * t;
      for (std::size_t k = 0; k < w.size(); ++k) w[k] = ca * a[k] + ct * theta[k] + cb * b[k];
    } else if (t <= 0.5) {
      for (std::size_t k = 0; k < w.size(); ++k) w[k] = a[k] + 2 * t * (theta[k] - a[k]);
    } else {
      for (std::size_t k = 0; k < w.size(); ++k) w[k] = theta[k] + (2 * t - 1) * (b[k] - theta[k]);
    }
    return w;
  }
  double weight(double t) const { return bezier ? 2 * t * (1 - t) : t <= 0.5 ? 2 * t : 2 * (1 - t); }
};

// max over the path of L - max(L(start), L(end)).
double barrier(const std::vector<double>& loss) {
  return *std::max_element(loss.begin(), loss.end()) - std::max(loss.front(), loss.back());
}

}  // namespace

ConnectResult connect_minima(const ConnectOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  nn::Probe a(o.run_dir, o.checkpoint, o.device, o.threads, o.samples);
  const auto b = open_second_model(o.to_dir, o.to_checkpoint, o.device, o.threads, o.samples, "to_dir");
  const std::vector<double> wa = a.parameters(), wb = b->parameters();
  if (a.model_description() != b->model_description() || wa.size() != wb.size())
    throw FieldError("to_dir", "'" + o.to_dir + "': its model (" + b->model_description() + ") is not --run's (" +
                                   a.model_description() + "); a path between two minima needs one architecture");
  if (!a.buffers().empty())
    throw FieldError("run_dir", "'" + o.run_dir + "': the model has BatchNorm statistics, which a point of a curve does not " +
                                    "have (Garipov et al. recompute them); connect takes models without BatchNorm");
  const Curve curve{o.curve == "bezier", wa, wb};
  std::vector<double> theta = analysis::lerp(wa, wb, 0.5), velocity(wa.size(), 0.0);
  nn::CurvatureOptions co;
  co.checkpoint = o.checkpoint, co.device = o.device, co.samples = o.samples, co.threads = o.threads;
  nn::Curvature loss(o.run_dir, co);  // the training loss and its gradient at any weights
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> step_loss;
  for (int s = 0; s < o.steps; ++s) {
    const double t = uniform(rng), c = curve.weight(t);
    loss.set_weights(curve.at(theta, t));
    step_loss.push_back(0.0);
    const auto g = loss.gradient(&step_loss.back());  // and the loss, from the same forward pass
    if (!std::isfinite(step_loss.back()))
      throw InputError("connect: the loss at step " + std::to_string(s + 1) + " is not finite: lower the step size");
    for (std::size_t k = 0; k < theta.size(); ++k) {
      velocity[k] = o.momentum * velocity[k] + c * g[k];
      theta[k] -= o.lr * velocity[k];
    }
    if (log && ((s + 1) % 100 == 0 || s + 1 == o.steps))
      *log << "connect: step " << s + 1 << "/" << o.steps << ", loss on the curve " << step_loss.back() << "\n";
  }
  // The line and the curve at the same points.
  ConnectResult r;
  r.command = "connect";
  std::vector<double> line_test, curve_test, line_acc, curve_acc, line_test_acc, curve_test_acc;
  for (int i = 0; i < o.points; ++i) r.t.push_back(static_cast<double>(i) / (o.points - 1));
  for (double t : r.t) {
    const auto l = a.evaluate_at(analysis::lerp(wa, wb, t), nullptr, true, true);
    const auto c = a.evaluate_at(curve.at(theta, t), nullptr, true, true);
    r.line_train_loss.push_back(l.train_loss), line_test.push_back(l.test_loss);
    line_acc.push_back(l.train_acc), line_test_acc.push_back(l.test_acc);
    r.curve_train_loss.push_back(c.train_loss), curve_test.push_back(c.test_loss);
    curve_acc.push_back(c.train_acc), curve_test_acc.push_back(c.test_acc);
  }
  r.line_barrier = barrier(r.line_train_loss);
  r.curve_barrier = barrier(r.curve_train_loss);
  OutputDirectory out(o.out_dir);
  std::ostringstream csv;
  csv << "t,line_train_loss,line_test_loss,curve_train_loss,curve_test_loss,line_train_acc,line_test_acc,curve_train_acc,"
         "curve_test_acc\n"
      << std::setprecision(10);
  for (std::size_t i = 0; i < r.t.size(); ++i)
    csv << r.t[i] << ',' << r.line_train_loss[i] << ',' << line_test[i] << ',' << r.curve_train_loss[i] << ',' << curve_test[i]
        << ',' << line_acc[i] << ',' << line_test_acc[i] << ',' << curve_acc[i] << ',' << curve_test_acc[i] << '\n';
  write_file_atomically(out.file("connect.csv"), csv.str());
  out.add(out.file("connect.csv"));
  nn::write_h5_arrays(out.file("bend.h5"), {{"parameters", {{static_cast<std::int64_t>(theta.size())}, theta}}});
  out.add(out.file("bend.h5"));
  const std::string name = o.curve == "bezier" ? "Bezier curve" : "polygonal chain";
  plot::LineFigure f{"training loss between two minima: straight line and trained " + name + " (Garipov et al. 2018)", "t",
                     "loss", false, false,
                     {{"line, train", r.t, r.line_train_loss, "linespoints"}, {"curve, train", r.t, r.curve_train_loss, "linespoints"}}};
  if (a.test_samples() > 0)
    f.series.push_back({"line, test", r.t, line_test, "lines"}), f.series.push_back({"curve, test", r.t, curve_test, "lines"});
  out.add(plot::write_line_figure(f, out.file("connect-loss")));
  std::vector<double> steps, window;  // E_t L over windows of 20 steps
  for (std::size_t s = 0; s + 20 <= step_loss.size(); s += 20) {
    double sum = 0;
    for (std::size_t k = s; k < s + 20; ++k) sum += step_loss[k];
    steps.push_back(static_cast<double>(s + 20)), window.push_back(sum / 20);
  }
  if (!steps.empty())
    out.add(plot::write_line_figure({"training the bend: E_t L(phi(t)), means over 20 draws of t", "step", "loss", false, false,
                                     {{"curve", steps, window, "linespoints"}}},
                                    out.file("connect-training")));
  const auto midpoint = analysis::lerp(wa, wb, 0.5);
  json& j = r.details;
  j["model"] = a.model_description();
  j["curve"] = o.curve;
  j["steps"] = o.steps, j["lr"] = o.lr, j["momentum"] = o.momentum, j["seed"] = o.seed;
  j["samples"] = loss.samples();
  j["t"] = r.t;
  j["line_train_loss"] = r.line_train_loss, j["line_test_loss"] = line_test;
  j["curve_train_loss"] = r.curve_train_loss, j["curve_test_loss"] = curve_test;
  j["line_barrier"] = r.line_barrier, j["curve_barrier"] = r.curve_barrier;
  j["endpoint_train_loss"] = {r.line_train_loss.front(), r.line_train_loss.back()};
  j["distance"] = analysis::distance(wa, wb);
  j["bend_from_midpoint"] = analysis::distance(theta, midpoint);
  j["step_loss_windows"] = window;
  std::ostringstream summary;
  summary << std::setprecision(4) << "barrier on the straight line " << r.line_barrier << ", on the trained " << name << " "
          << r.curve_barrier << " (" << o.steps << " steps; |w_B - w_A| = " << j["distance"].get<double>() << "); " << o.out_dir;
  r.summary_line = summary.str();
  write_summary(out, r);
  return r;
}

}  // namespace landscape::experiments
