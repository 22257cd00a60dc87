#include "landscape/experiments/spectrum.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "landscape/analysis/spectral.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::experiments {

using json = nlohmann::json;

bool SpectrumOptions::is_valid(std::string* error) const {
  auto fail = [&](const std::string& m) {
    if (error) *error = m;
    return false;
  };
  if (dtype != "float32" && dtype != "float64") return fail("dtype '" + dtype + "': expected float32 or float64");
  if (op != "hessian" && op != "ggn" && op != "residual") return fail("op '" + op + "': expected hessian, ggn or residual");
  if (!trace.empty() && trace != "auto" && trace != "hutch++" && trace != "hutchinson" && trace != "exact")
    return fail("trace '" + trace + "': expected auto, hutch++, hutchinson or exact");
  if ((density || vectors) && out_dir.empty()) return fail(std::string("out_dir is required by ") + (density ? "the density" : "the eigenvectors"));
  if (top + bottom == 0 && trace.empty() && !density) return fail("top 0: ask for eigenvalues (top or bottom), the trace or the density");
  if (tolerance != 0 && !check_positive("tolerance", tolerance, error)) return false;
  return check_required("run_dir", run_dir, error) && check_range("top", top, 0, 100000, error) &&
         check_range("bottom", bottom, 0, 100000, error) && check_range("max_steps", max_steps, 1, 100000, error) &&
         check_range("trace_products", trace_products, 3, 1000000, error) &&
         check_range("density_probes", density_probes, 1, 10000, error) &&
         check_range("density_steps", density_steps, 2, 10000, error) && check_positive("density_sigma", density_sigma, error);
}

namespace {

json eigen_json(const analysis::ExtremeResult& r) {
  return {{"top", r.top}, {"bottom", r.bottom}, {"residuals", {{"top", r.top_residuals}, {"bottom", r.bottom_residuals}}},
          {"converged", r.converged}, {"multiplicity_checked", r.multiplicity_checked}, {"hvps", r.matvecs},
          {"lanczos_passes", r.passes}, {"absolute_tolerance", r.absolute_tolerance}};
}

// The smoothed SLQ density on a grid over the nodes' extent, as CSV and a log-scale figure.
json write_density(const analysis::DensityResult& d, double sigma_fraction, OutputDirectory& out) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& nodes : d.nodes)
    for (double x : nodes) lo = std::min(lo, x), hi = std::max(hi, x);
  const double sigma = sigma_fraction * std::max(hi - lo, 1e-12 * std::max(1.0, std::abs(hi)));
  std::vector<double> grid;
  for (int i = 0; i <= 1000; ++i) grid.push_back(lo - 5 * sigma + (hi - lo + 10 * sigma) * i / 1000.0);
  const auto density = analysis::smoothed_density(d, grid, sigma);
  std::ostringstream csv, nodes;
  csv << std::setprecision(10) << "eigenvalue,density\n";
  for (std::size_t i = 0; i < grid.size(); ++i) csv << grid[i] << ',' << (density[i] < 1e-300 ? 0.0 : density[i]) << '\n';
  nodes << std::setprecision(17) << "probe,node,weight\n";
  for (std::size_t p = 0; p < d.nodes.size(); ++p)
    for (std::size_t i = 0; i < d.nodes[p].size(); ++i) nodes << p << ',' << d.nodes[p][i] << ',' << d.weights[p][i] << '\n';
  write_file_atomically(out.file("density.csv"), csv.str());
  write_file_atomically(out.file("density-nodes.csv"), nodes.str());
  out.add(out.file("density.csv"));
  out.add(out.file("density-nodes.csv"));
  // Densities below 1e-12 of the peak are floored for the log scale.
  const double peak = *std::max_element(density.begin(), density.end());
  std::vector<double> shown;
  for (double v : density) shown.push_back(std::max(v, 1e-12 * peak));
  plot::LineFigure f{"Hessian eigenvalue density (stochastic Lanczos quadrature)", "eigenvalue", "density", false, true, {}};
  f.series.push_back({"density", grid, shown, "lines"});
  out.add(plot::write_line_figure(f, out.file("density")));
  return {{"probes", d.nodes.size()}, {"sigma", sigma}, {"hvps", d.matvecs}, {"extent", {lo, hi}}};
}

}  // namespace

SpectrumResult hessian_spectrum(const SpectrumOptions& o, std::ostream* log) {
  throw_if_invalid(o);
  std::unique_ptr<OutputDirectory> out;
  if (!o.out_dir.empty()) out = std::make_unique<OutputDirectory>(o.out_dir);
  nn::Curvature c(o.run_dir, {o.checkpoint, o.device, o.dtype, o.samples, 0, o.threads});  // chunk 0: the default
  const std::size_t n = c.parameters();
  if (static_cast<std::size_t>(o.top) + static_cast<std::size_t>(o.bottom) > n)
    throw FieldError(o.top > 0 ? "top" : "bottom", std::to_string(o.top + o.bottom) + " eigenvalues asked of a model with " +
                                                       std::to_string(n) + " parameters");
  const auto started = std::chrono::steady_clock::now();
  const double loss = c.loss();
  if (!std::isfinite(loss)) throw InputError(o.run_dir + ": the training loss at checkpoint " + o.checkpoint + " is not finite");
  const analysis::Progress progress = [log](const std::string& m) {
    if (log) *log << "spectrum: " << m << "\n" << std::flush;
  };
  auto op = [&c](nn::CurvatureKind k) {
    return [&c, k](const std::vector<double>& x, std::vector<double>& y) { c.apply(k, x, y); };
  };
  const nn::CurvatureKind kind = nn::parse_curvature_kind(o.op);
  analysis::ExtremeOptions eo;
  eo.top = o.top;
  eo.bottom = o.bottom;
  eo.tolerance = o.tolerance > 0 ? o.tolerance : o.dtype == "float64" ? 1e-7 : 1e-4;
  eo.max_steps = o.max_steps;
  eo.check_multiplicity = o.check_multiplicity;
  eo.vectors = o.vectors;
  eo.seed = o.seed;
  eo.progress = progress;

  SpectrumResult result;
  result.command = "spectrum";
  json& j = result.details;
  j["model"] = c.model_description();
  j["parameters"] = n;
  j["samples"] = c.samples();
  j["dtype"] = c.dtype();
  j["operator"] = o.op;
  j["loss"] = loss;
  j["seed"] = o.seed;
  j["tolerance"] = eo.tolerance;
  std::ostringstream summary;
  summary << std::setprecision(6);
  if (o.top + o.bottom > 0) {
    const auto r = analysis::extreme_eigenvalues(op(kind), n, eo);
    result.top = r.top;
    result.bottom = r.bottom;
    result.converged = r.converged;
    j.update(eigen_json(r));
    if (!r.converged && log) {
      // Lanczos stops at max_steps, or earlier when its own estimate says converged; either way the
      // residuals from the products decide (float32 products, and TF32 convolutions on CUDA, floor them).
      double worst = 0;
      for (const auto* list : {&r.top_residuals, &r.bottom_residuals})
        for (double x : *list) worst = std::max(worst, x);
      *log << "spectrum: warning: not converged after " << r.matvecs << " products (at most " << o.max_steps
           << " Lanczos steps a pass): the largest residual |Hy - theta y| is " << worst << ", above the tolerance "
           << r.absolute_tolerance << "; the residuals bound the error (--dtype float64 for tighter products)\n";
    }
    if (o.vectors) {
      auto rows = [n](const std::vector<std::vector<double>>& v) {
        nn::H5Array a{{static_cast<std::int64_t>(v.size()), static_cast<std::int64_t>(n)}, {}};
        for (const auto& row : v) a.values.insert(a.values.end(), row.begin(), row.end());
        return a;
      };
      nn::write_h5_arrays(out->file("eigenvectors.h5"),
                          {{"top_vectors", rows(r.top_vectors)}, {"bottom_vectors", rows(r.bottom_vectors)},
                           {"top", {{static_cast<std::int64_t>(r.top.size())}, r.top}},
                           {"bottom", {{static_cast<std::int64_t>(r.bottom.size())}, r.bottom}}});
      out->add(out->file("eigenvectors.h5"));
    }
    if (!r.top.empty()) summary << "largest " << r.top.front();
    if (!r.bottom.empty()) summary << (r.top.empty() ? "" : ", ") << "smallest " << r.bottom.front();
    summary << (r.converged ? "" : " (NOT converged)") << ", ";
  }
  if (o.ggn) {
    analysis::ExtremeOptions go = eo;
    go.bottom = 0;
    go.top = std::max(1, o.top);
    go.vectors = false;
    j["ggn"] = eigen_json(analysis::extreme_eigenvalues(op(nn::CurvatureKind::GaussNewton), n, go));
    go.bottom = std::max(1, o.bottom);
    j["residual_part"] = eigen_json(analysis::extreme_eigenvalues(op(nn::CurvatureKind::Residual), n, go));
  }
  if (!o.trace.empty()) {
    analysis::TraceOptions to;
    to.method = o.trace == "auto" ? (n <= 1000 ? analysis::TraceMethod::Exact : analysis::TraceMethod::HutchPlusPlus)
                                  : analysis::parse_trace_method(o.trace);
    to.matvecs = o.trace_products;
    to.seed = o.seed + 1;
    to.progress = progress;
    const auto t = analysis::trace_estimate(op(kind), n, to);
    result.trace = t.value;
    result.trace_stderr = t.standard_error;
    j["trace"] = t.value;
    j["trace_stderr"] = t.standard_error;
    j["trace_method"] = analysis::to_string(t.method);
    j["trace_hvps"] = t.matvecs;
    summary << "trace " << t.value << " (" << analysis::to_string(t.method) << "), ";
  }
  if (o.density) {
    analysis::DensityOptions d;
    d.probes = o.density_probes;
    d.steps = std::min<int>(o.density_steps, static_cast<int>(n));
    d.seed = o.seed + 2;
    d.progress = progress;
    j["density"] = write_density(analysis::spectral_density(op(kind), n, d), o.density_sigma, *out);
  }
  result.products = c.products();
  j["hvps"] = c.products();
  j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  summary << c.products() << " products, " << n << " parameters, " << c.samples() << " samples";
  result.summary_line = summary.str();
  if (out) write_summary(*out, result);
  return result;
}

}  // namespace landscape::experiments
