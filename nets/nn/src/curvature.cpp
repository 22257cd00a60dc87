#include "landscape/nn/curvature.hpp"

#include <cmath>

#include "landscape/nn/modules.hpp"
#include "landscape/spec/error.hpp"
#include "run_setup.hpp"
#include "tensor_utils.hpp"

namespace landscape::nn {

CurvatureKind parse_curvature_kind(const std::string& text) {
  if (text == "hessian") return CurvatureKind::Hessian;
  if (text == "ggn") return CurvatureKind::GaussNewton;
  if (text == "residual") return CurvatureKind::Residual;
  throw FieldError("operator", "'" + text + "': expected hessian, ggn or residual");
}

std::string to_string(CurvatureKind k) {
  switch (k) {
    case CurvatureKind::Hessian: return "hessian";
    case CurvatureKind::GaussNewton: return "ggn";
    case CurvatureKind::Residual: return "residual";
  }
  return "?";
}

struct Curvature::Impl {
  LoadedRun run;
  DataTensors train;
  std::vector<LayerInfo> layers;
  std::vector<torch::Tensor> params;
  std::int64_t chunk = 0, products = 0;
  bool keep_graph = false;
  std::vector<torch::Tensor> kept_gradient;  // with its graph: the samples' gradient, when kept

  torch::TensorOptions options() const { return torch::TensorOptions().device(run.device).dtype(run.dtype); }

  // The pieces of a flat vector shaped as the parameters.
  std::vector<torch::Tensor> split(const torch::Tensor& flat) const {
    std::vector<torch::Tensor> parts;
    for (const auto& l : layers) parts.push_back(flat.slice(0, l.offset, l.offset + l.size()).view(l.shape));
    return parts;
  }
  // Adds the (possibly undefined: unused parameter) tensors, flattened, to a float64 accumulator.
  static void accumulate(torch::Tensor& acc, const std::vector<torch::Tensor>& parts, const std::vector<LayerInfo>& layers) {
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (parts[i].defined())
        acc.slice(0, layers[i].offset, layers[i].offset + layers[i].size()).add_(parts[i].reshape(-1).to(torch::kFloat64));
  }
  torch::Tensor summed(const torch::Tensor& out, const torch::Tensor& y) const {
    return summed_loss(out, y, run.loss, run.outputs, false).sum;
  }

  template <class F>
  torch::Tensor over_chunks(F&& per_chunk) {
    auto acc = torch::zeros({static_cast<std::int64_t>(parameter_count())}, options().dtype(torch::kFloat64));
    for (std::int64_t at = 0; at < train.count; at += chunk) {
      const auto end = std::min(at + chunk, train.count);
      per_chunk(train.x.slice(0, at, end), train.y.slice(0, at, end), acc);
    }
    return acc.div_(static_cast<double>(train.count));
  }
  std::size_t parameter_count() const { return layers.empty() ? 0 : static_cast<std::size_t>(layers.back().offset + layers.back().size()); }

  // g . v for g the gradient of a chunk's summed loss (with its graph) and v split as the parameters.
  torch::Tensor directional(const std::vector<torch::Tensor>& g, const std::vector<torch::Tensor>& vs) const {
    auto gv = torch::zeros({}, options());
    for (std::size_t i = 0; i < g.size(); ++i)
      if (g[i].defined()) gv = gv + (g[i] * vs[i]).sum();
    return gv;
  }

  torch::Tensor hessian(const torch::Tensor& v) {
    const auto vs = split(v);
    if (keep_graph && train.count <= chunk) {  // one chunk: its first-order graph serves every product
      if (kept_gradient.empty())
        kept_gradient = torch::autograd::grad({summed(run.model->forward(train.x), train.y)}, params, {}, true, true, true);
      auto acc = torch::zeros({static_cast<std::int64_t>(parameter_count())}, options().dtype(torch::kFloat64));
      std::vector<torch::Tensor> gs, vsel;  // the gradient's parts that depend on the parameters, v as the seed
      for (std::size_t i = 0; i < kept_gradient.size(); ++i)
        if (kept_gradient[i].defined() && kept_gradient[i].requires_grad()) gs.push_back(kept_gradient[i]), vsel.push_back(vs[i]);
      if (!gs.empty()) accumulate(acc, torch::autograd::grad(gs, params, vsel, true, false, true), layers);
      return acc.div_(static_cast<double>(train.count));
    }
    return over_chunks([&](const torch::Tensor& x, const torch::Tensor& y, torch::Tensor& acc) {
      const auto g = torch::autograd::grad({summed(run.model->forward(x), y)}, params, {}, true, true, true);
      const auto gv = directional(g, vs);
      if (!gv.requires_grad()) return;  // the loss is linear in every parameter used
      accumulate(acc, torch::autograd::grad({gv}, params, {}, false, false, true), layers);
    });
  }

  // J^T H_l J v with H_l the Hessian of the summed loss in the outputs: per sample 2 I for the
  // squared error; diag(p) - p p^T (p = softmax) for the cross-entropy.
  torch::Tensor gauss_newton(const torch::Tensor& v) {
    const auto vs = split(v);
    return over_chunks([&](const torch::Tensor& x, const torch::Tensor& y, torch::Tensor& acc) {
      const auto out = run.model->forward(x);
      const auto u = torch::zeros_like(out).requires_grad_(true);
      const auto jtu = torch::autograd::grad({out}, params, {u}, true, true, true);  // linear in u
      auto dot = torch::zeros({}, options());
      for (std::size_t i = 0; i < jtu.size(); ++i)
        if (jtu[i].defined()) dot = dot + (jtu[i] * vs[i]).sum();
      const auto jv = torch::autograd::grad({dot}, {u}, {}, true, false, true)[0];  // J v
      if (!jv.defined()) return;
      torch::Tensor hjv;
      if (run.loss == LossKind::CrossEntropy) {
        const auto p = torch::softmax(out.detach(), 1);
        hjv = p * jv - p * (p * jv).sum(1, true);
      } else if (run.loss == LossKind::Hinge) {
        hjv = torch::zeros_like(jv);  // piecewise linear in the outputs: H_l = 0 wherever it is defined
      } else {
        hjv = 2 * jv;
      }
      (void)y;
      accumulate(acc, torch::autograd::grad({out}, params, {hjv}, false, false, true), layers);
    });
  }
};

Curvature::Curvature(const std::string& run_dir, const CurvatureOptions& o) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  m.run = load_run(run_dir, o.checkpoint, o.device, o.threads, o.dtype);
  if (o.samples < 0) throw FieldError("samples", "must be >= 0");
  if (o.chunk < 0) throw FieldError("chunk", "must be >= 0");
  m.train = to_tensors(m.run.split.train, m.run.device, m.run.dtype, o.samples);
  if (m.train.count == 0) throw InputError(run_dir + ": no training samples to evaluate the curvature on");
  m.layers = layer_infos(*m.run.model);
  m.params = m.run.model->parameters();
  m.chunk = o.chunk > 0 ? o.chunk : m.run.options.model == "mlp" ? 4096 : 1000;
  m.keep_graph = o.keep_graph;
}

Curvature::~Curvature() = default;

std::size_t Curvature::parameters() const { return impl_->parameter_count(); }
std::int64_t Curvature::samples() const { return impl_->train.count; }
std::string Curvature::model_description() const { return impl_->run.model->describe(); }
std::string Curvature::dtype() const { return impl_->run.dtype == torch::kFloat64 ? "float64" : "float32"; }
bool Curvature::classification() const { return impl_->run.classification; }
const std::vector<LayerInfo>& Curvature::layers() const { return impl_->layers; }
std::vector<double> Curvature::weights() const { return to_vector(flat_parameters(*impl_->run.model)); }
std::int64_t Curvature::products() const { return impl_->products; }

void Curvature::set_weights(const std::vector<double>& w) {
  auto& m = *impl_;
  if (w.size() != parameters())
    throw InputError("weights of " + std::to_string(w.size()) + " values for a model of " + std::to_string(parameters()) +
                     " parameters");
  m.kept_gradient.clear();  // its graph is of the old weights
  torch::NoGradGuard guard;
  set_flat_parameters(*m.run.model, to_tensor(w, m.options()));
}

double Curvature::loss() {
  auto& m = *impl_;
  const LossSums sums = summed_over_chunks(*m.run.model, m.train, m.run.loss, m.run.outputs, m.chunk);
  return sums.loss / static_cast<double>(m.train.count);
}

std::vector<double> Curvature::gradient(double* mean_loss) {
  auto& m = *impl_;
  double sum = 0;
  auto g = to_vector(m.over_chunks([&](const torch::Tensor& x, const torch::Tensor& y, torch::Tensor& acc) {
    const auto loss = m.summed(m.run.model->forward(x), y);
    if (mean_loss) sum += loss.item<double>();
    Impl::accumulate(acc, torch::autograd::grad({loss}, m.params, {}, false, false, true), m.layers);
  }));
  if (mean_loss) *mean_loss = sum / static_cast<double>(m.train.count);
  return g;
}

void Curvature::apply(CurvatureKind kind, const std::vector<double>& v, std::vector<double>& out) {
  auto& m = *impl_;
  if (v.size() != parameters())
    throw InputError("a vector of " + std::to_string(v.size()) + " values for a model of " +
                     std::to_string(parameters()) + " parameters");
  const auto t = to_tensor(v, m.options());
  torch::Tensor r;
  switch (kind) {
    case CurvatureKind::Hessian: r = m.hessian(t), m.products += 1; break;
    case CurvatureKind::GaussNewton: r = m.gauss_newton(t), m.products += 1; break;
    case CurvatureKind::Residual: r = m.hessian(t) - m.gauss_newton(t), m.products += 2; break;
  }
  const auto c = r.to(torch::kCPU, torch::kFloat64).contiguous();
  out.assign(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());  // out's storage reused
}

std::vector<std::vector<double>> Curvature::dense(CurvatureKind kind) {
  const std::size_t n = parameters();
  std::vector<std::vector<double>> a(n);
  std::vector<double> e(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    e[i] = 1.0;
    apply(kind, e, a[i]);  // column i (= row i up to rounding)
    e[i] = 0.0;
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) a[i][j] = a[j][i] = 0.5 * (a[i][j] + a[j][i]);
  return a;
}

}  // namespace landscape::nn
