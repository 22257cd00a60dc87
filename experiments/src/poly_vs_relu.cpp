#include "landscape/experiments/poly_vs_relu.hpp"

#include <cmath>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "landscape/algebra/relu_approximation.hpp"
#include "landscape/experiments/activations.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape::experiments {

namespace fs = std::filesystem;
using json = nlohmann::json;

nlohmann::json poly_vs_relu_preset(bool quick) {
  nlohmann::json j = {{"model", "dcnn"}, {"dataset", quick ? "fashion-mnist:n=20000,test=5000" : "fashion-mnist"},
                      {"epochs", quick ? 8 : 30}, {"lr", 0.05}, {"schedule", "cosine"}, {"record_every", 0}};
  if (!quick) j["device"] = "cuda";
  return j;
}

bool PolyVsReluOptions::is_valid(std::string* error) const {
  if (basis != "legendre" && basis != "chebyshev") {
    if (error) *error = "basis '" + basis + "': expected legendre or chebyshev";
    return false;
  }
  const auto a = Rational::parse(interval);
  if (!a || !(a->to_double() > 0)) {
    if (error) *error = "interval '" + interval + "': the half-width A of [-A, A] must be a positive number";
    return false;
  }
  return check_range("degree", degree, 1, 200, error) && check_required("out_dir", out_dir, error);
}

PolyVsReluResult run_poly_vs_relu(const PolyVsReluOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  json approximation;
  const std::string poly_activation =
      resolve_activation("relu-approx:" + std::to_string(o.degree) + ":" + o.interval + ":" + o.basis, &approximation,
                         o.base.dtype);
  OutputDirectory out(o.out_dir);
  PolyVsReluResult result;
  result.command = "experiment poly-vs-relu";
  std::vector<std::pair<std::string, nn::TrainResult>> runs;
  json& j = result.details;
  for (const auto& [name, act] : {std::pair<std::string, std::string>{"relu", "relu"}, {"poly", poly_activation}}) {
    nn::TrainConfig run = o.base;
    run.activation = act;
    run.out_dir = out.file(name);
    run.resume = fs::exists(fs::path(run.out_dir) / "checkpoint.pt");  // an interrupted experiment continues
    if (log) *log << "== " << name << " (" << act.substr(0, 60) << (act.size() > 60 ? "..." : "") << ")\n";
    const auto r = nn::train(run, log);
    j[name] = {{"final_train_error", r.final_train_error}, {"final_test_error", r.final_test_error},
               {"final_train_loss", r.final_train_loss},   {"final_test_loss", r.final_test_loss},
               {"epochs", r.epochs},                        {"diverged", r.diverged},
               {"divergence", r.divergence},                {"train_seconds", r.train_seconds},
               {"samples_per_second", r.samples_per_second}, {"run_dir", run.out_dir},
               {"activation", act}};
    runs.emplace_back(name, r);
  }
  const auto& relu = runs[0].second;
  const auto& poly = runs[1].second;
  j["preset"] = o.preset;
  j["model"] = relu.model_description;
  j["parameters"] = relu.parameters;
  j["config"] = o.base.to_json();
  j["polynomial"] = {{"degree", o.degree}, {"interval", o.interval}, {"basis", o.basis},
                     {"sup_error_vs_relu", approximation["sup_error"]}, {"activation", poly_activation},
                     {"evaluation_error_bound", approximation.contains("evaluation_error_bound") ? approximation["evaluation_error_bound"] : json()}};
  result.relu_test_error = relu.final_test_error;
  result.poly_test_error = poly.final_test_error;
  result.poly_diverged = poly.diverged;
  result.test_error_gap = poly.final_test_error - relu.final_test_error;
  j["test_error_gap"] = result.test_error_gap;
  j["within_3_points"] = !poly.diverged && std::abs(result.test_error_gap) <= 0.03;
  for (const auto& f : curve_figures(runs, o.out_dir, "poly-vs-relu", "ReLU vs polynomial (degree " + std::to_string(o.degree) + ")"))
    out.add(f);
  std::ostringstream summary;
  summary << "test error: relu " << relu.final_test_error << ", poly (degree " << o.degree << " on [-" << o.interval << ", "
          << o.interval << "]) " << poly.final_test_error << (poly.diverged ? " (diverged)" : "") << "; figure "
          << out.file("poly-vs-relu-error.png");
  result.summary_line = summary.str();
  write_summary(out, result);
  return result;
}

}  // namespace landscape::experiments
