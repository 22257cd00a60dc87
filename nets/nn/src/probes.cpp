#include "landscape/nn/probes.hpp"

#include <chrono>
#include <filesystem>

#include "landscape/nn/modules.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "run_setup.hpp"
#include "tensor_utils.hpp"

namespace landscape::nn {

namespace fs = std::filesystem;

DirectionNorm parse_direction_norm(const std::string& text) {
  if (text == "filter") return DirectionNorm::Filter;
  if (text == "layer") return DirectionNorm::Layer;
  if (text == "none") return DirectionNorm::None;
  throw FieldError("directions", "'" + text + "': expected filter, layer or none");
}

Trajectory run_trajectory(const std::string& run_dir) {
  return read_trajectory((fs::path(run_dir) / "trajectory.h5").string());
}

// The loaded run (config, data, model, device, dtype, loss kind) and what the probes add.
struct Probe::Impl : LoadedRun {
  DataTensors train, test;
  std::vector<LayerInfo> layers;
  torch::Tensor w0, b0;  // checkpoint parameters and buffers

  torch::TensorOptions tensor_options() const { return torch::TensorOptions().device(device).dtype(dtype); }

  // Mean loss and accuracy (percent) of the model as it is, on one set.
  std::pair<double, double> evaluate_set(const DataTensors& s) {
    // Conv nets: batches of 1,000 (bench-surface, DCNN: 6.2 points/s; 4.5 with 4,096).
    const std::int64_t chunk = options.model == "mlp" ? 4096 : 1000;
    const LossSums sums = summed_over_chunks(*model, s, loss, outputs, chunk);
    return finish(sums.loss, sums.errors, s.count);
  }
  std::pair<double, double> finish(double loss, double errors, std::int64_t count) const {
    const double n = static_cast<double>(count);
    return {loss / n, classification ? 100.0 * (1.0 - errors / n) : std::numeric_limits<double>::quiet_NaN()};
  }
  ProbeValues evaluate_sets(bool with_train, bool with_test) {
    ProbeValues v;
    if (with_train) std::tie(v.train_loss, v.train_acc) = evaluate_set(train);
    if (with_test) std::tie(v.test_loss, v.test_acc) = evaluate_set(test);
    return v;
  }

  bool structured_possible() const { return options.model == "mlp" && !options.preact_norm; }

  // The MLP at w0 + a u + b v on one set for many points. The first layer's pre-activations of
  // the three vectors, [X W^T | X U^T | X V^T], are computed once per chunk of data (one GEMM);
  // each point then costs one fused pass h = sigma(z0 + a zu + b zv) over the chunk and the small
  // later layers. Chunks are sized to stay in cache while every point uses them.
  template <class T>
  static void combine(const torch::Tensor& z, std::int64_t hidden, double a, double b, bool relu, torch::Tensor& h) {
    const std::int64_t rows = z.size(0);
    const T* zp = z.data_ptr<T>();
    T* hp = h.data_ptr<T>();
    const T ta = static_cast<T>(a), tb = static_cast<T>(b);
    for (std::int64_t r = 0; r < rows; ++r) {
      const T* z0 = zp + r * 3 * hidden;
      const T* zu = z0 + hidden;
      const T* zv = zu + hidden;
      T* out = hp + r * hidden;
      if (relu)
        for (std::int64_t k = 0; k < hidden; ++k) out[k] = std::max(T(0), z0[k] + ta * zu[k] + tb * zv[k]);
      else
        for (std::int64_t k = 0; k < hidden; ++k) out[k] = z0[k] + ta * zu[k] + tb * zv[k];
    }
  }

  void structured(const DataTensors& s, const torch::Tensor& w, const torch::Tensor& u, const torch::Tensor& v,
                  const std::vector<std::array<double, 2>>& ab, std::vector<double>& loss, std::vector<double>& errors) {
    torch::NoGradGuard guard;
    const std::size_t per_layer = options.bias ? 2 : 1;
    const std::size_t depth = layers.size() / per_layer;
    auto slice = [&](const torch::Tensor& flat, std::size_t index) {
      const auto& l = layers[index];
      return flat.slice(0, l.offset, l.offset + l.size()).view(l.shape);
    };
    // ReLU fused into the first layer's combination: only without a clamp, which the fused kernel
    // does not apply (relu(clamp(z)) caps at the clamp; relu(z) does not).
    const bool relu = options.act.activation.kind == ActivationKind::ReLU && options.act.clamp <= 0 && device.is_cpu();
    auto act = [&](const torch::Tensor& z) {
      return activate(options.act.activation, options.act.clamp > 0 ? z.clamp(-options.act.clamp, options.act.clamp) : z);
    };
    const auto W = slice(w, 0), U = slice(u, 0), V = slice(v, 0);
    const auto first = torch::cat({W, U, V}, 0).t().contiguous();
    const auto first_bias = options.bias ? torch::cat({slice(w, 1), slice(u, 1), slice(v, 1)}, 0) : torch::Tensor();
    const std::int64_t hidden = W.size(0);
    // The later layers' weights (transposed) and biases at every point, formed once.
    std::vector<std::vector<torch::Tensor>> later(depth - 1), later_bias(depth - 1);
    for (std::size_t l = 1; l < depth; ++l)
      for (const auto& [a, b] : ab) {
        later[l - 1].push_back(torch::add(slice(w, l * per_layer), slice(u, l * per_layer), a).add_(slice(v, l * per_layer), b).t().contiguous());
        if (options.bias)
          later_bias[l - 1].push_back(torch::add(slice(w, l * per_layer + 1), slice(u, l * per_layer + 1), a).add_(slice(v, l * per_layer + 1), b));
      }
    const std::int64_t chunk = device.is_cpu() ? std::max<std::int64_t>(64, (3 << 20) / (3 * hidden * static_cast<std::int64_t>(w.element_size())))
                                               : s.count;
    for (std::int64_t at = 0; at < s.count; at += chunk) {
      const auto end = std::min(at + chunk, s.count);
      const auto x = s.x.slice(0, at, end).flatten(1);
      const auto y = s.y.slice(0, at, end);
      auto z = torch::mm(x, first);
      if (options.bias) z += first_bias;
      z = z.contiguous();
      torch::Tensor h0 = torch::empty({end - at, hidden}, z.options());
      for (std::size_t p = 0; p < ab.size(); ++p) {
        const double a = ab[p][0], b = ab[p][1];
        torch::Tensor h;
        if (device.is_cpu()) {
          if (z.scalar_type() == torch::kFloat64) combine<double>(z, hidden, a, b, relu, h0);
          else combine<float>(z, hidden, a, b, relu, h0);
          h = h0;
        } else {
          h = torch::add(z.slice(1, 0, hidden), z.slice(1, hidden, 2 * hidden), a).add_(z.slice(1, 2 * hidden, 3 * hidden), b);
        }
        for (std::size_t l = 1; l < depth; ++l) {  // later layers: combine the (small) weights first
          if (!(relu && l == 1)) h = act(h);
          const std::size_t i = l - 1;
          if (options.bias)
            h = torch::addmm(later_bias[i][p], h, later[i][p]);
          else
            h = torch::mm(h, later[i][p]);
        }
        const auto r = summed_loss(h, y, LoadedRun::loss, outputs);
        loss[p] += r.sum.item<double>();
        errors[p] += r.errors.item<double>();
      }
    }
  }
};

Probe::Probe(const std::string& run_dir, const std::string& checkpoint, const std::string& device, int threads,
             std::int64_t samples)
    : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  static_cast<LoadedRun&>(m) = load_run(run_dir, checkpoint, device, threads);
  m.layers = layer_infos(*m.model);
  m.w0 = flat_parameters(*m.model);
  m.b0 = flat_buffers(*m.model);
  m.train = to_tensors(m.split.train, m.device, m.dtype, samples);
  m.test = to_tensors(m.split.test, m.device, m.dtype, samples);
}

Probe::~Probe() = default;

std::string Probe::model_description() const { return impl_->model->describe(); }
std::string Probe::model_name() const { return impl_->options.model; }
const std::vector<LayerInfo>& Probe::layers() const { return impl_->layers; }
std::int64_t Probe::train_samples() const { return impl_->train.count; }
bool Probe::classification() const { return impl_->classification; }
std::int64_t Probe::test_samples() const { return impl_->test.count; }
std::vector<double> Probe::parameters() const { return to_vector(impl_->w0); }
std::vector<double> Probe::buffers() const { return to_vector(impl_->b0); }

std::vector<double> Probe::normalize(std::vector<double> direction, DirectionNorm norm, bool ignore_biasbn) const {
  const auto& m = *impl_;
  if (static_cast<std::int64_t>(direction.size()) != m.w0.numel())
    throw InputError("a direction of " + std::to_string(direction.size()) + " values for a model of " +
                     std::to_string(m.w0.numel()) + " parameters");
  torch::Tensor d = torch::tensor(direction, torch::kFloat64);
  const torch::Tensor w = m.w0.to(torch::kCPU, torch::kFloat64);
  for (const auto& l : m.layers) {
    auto dl = d.slice(0, l.offset, l.offset + l.size()).view(l.shape);
    const auto wl = w.slice(0, l.offset, l.offset + l.size()).view(l.shape);
    if (l.shape.size() <= 1) {
      if (ignore_biasbn) dl.zero_();
      else dl.copy_(wl);
    } else if (norm == DirectionNorm::Filter) {
      for (std::int64_t f = 0; f < l.shape[0]; ++f) dl[f].mul_(wl[f].norm() / (dl[f].norm() + 1e-10));
    } else if (norm == DirectionNorm::Layer) {
      dl.mul_(wl.norm() / (dl.norm() + 1e-10));
    }
  }
  return to_vector(d);
}

std::vector<double> Probe::random_direction(std::uint64_t seed, DirectionNorm norm, bool ignore_biasbn) const {
  auto generator = at::detail::createCPUGenerator(seed);
  const auto d = torch::randn({impl_->w0.numel()}, generator, torch::TensorOptions().dtype(torch::kFloat64));
  return normalize(to_vector(d), norm, ignore_biasbn);
}

std::vector<ProbeValues> Probe::evaluate(const std::vector<double>& w0, const std::vector<double>& u,
                                         const std::vector<double>* v, const std::vector<std::array<double, 2>>& ab,
                                         bool train, bool test, bool structured) {
  auto& m = *impl_;
  const auto options = m.tensor_options();
  const torch::Tensor W = to_tensor(w0, options), U = to_tensor(u, options);
  const torch::Tensor V = v ? to_tensor(*v, options) : torch::zeros_like(U);
  if (W.numel() != m.w0.numel() || U.numel() != W.numel() || V.numel() != W.numel())
    throw InputError("directions and the model have different numbers of parameters");
  std::vector<ProbeValues> out(ab.size());
  set_flat_buffers(*m.model, m.b0);
  if (structured && m.structured_possible()) {
    for (const auto& [use, set] : {std::pair<bool, DataTensors*>{train, &m.train}, {test, &m.test}}) {
      if (!use) continue;
      std::vector<double> loss(ab.size(), 0.0), errors(ab.size(), 0.0);
      m.structured(*set, W, U, V, ab, loss, errors);
      for (std::size_t p = 0; p < ab.size(); ++p) {
        const auto [l, acc] = m.finish(loss[p], errors[p], set->count);
        (set == &m.train ? out[p].train_loss : out[p].test_loss) = l;
        (set == &m.train ? out[p].train_acc : out[p].test_acc) = acc;
      }
    }
  } else {
    for (std::size_t p = 0; p < ab.size(); ++p) {
      set_flat_parameters(*m.model, W + ab[p][0] * U + ab[p][1] * V);
      out[p] = m.evaluate_sets(train, test);
    }
  }
  set_flat_parameters(*m.model, m.w0);
  return out;
}

ProbeValues Probe::evaluate_at(const std::vector<double>& parameters, const std::vector<double>* buffers, bool train,
                               bool test) {
  auto& m = *impl_;
  set_flat_parameters(*m.model, to_tensor(parameters, m.tensor_options()));
  if (buffers) set_flat_buffers(*m.model, to_tensor(*buffers, m.tensor_options()));
  const ProbeValues v = m.evaluate_sets(train, test);
  set_flat_parameters(*m.model, m.w0);
  set_flat_buffers(*m.model, m.b0);
  return v;
}

std::vector<std::uint8_t> Probe::correct(bool test_set) {
  auto& m = *impl_;
  if (!m.classification) throw InputError("agreement needs classification data");
  const DataTensors& s = test_set ? m.test : m.train;
  torch::NoGradGuard guard;
  std::vector<std::uint8_t> out;
  for (std::int64_t at = 0; at < s.count; at += 4096) {
    const auto end = std::min(at + 4096, s.count);
    const auto ok = m.model->forward(s.x.slice(0, at, end)).argmax(1).eq(s.y.slice(0, at, end)).to(torch::kCPU, torch::kUInt8).contiguous();
    out.insert(out.end(), ok.data_ptr<std::uint8_t>(), ok.data_ptr<std::uint8_t>() + ok.numel());
  }
  return out;
}

double Probe::forward_macs_per_sample() const {
  // Each weight is used once per output position: once for the MLP; per output pixel for the
  // DCNN's stride-2 convolutions (padding 1: an n x n map becomes ceil(n/2) x ceil(n/2)).
  const auto& m = *impl_;
  double macs = 0;
  if (m.options.model == "mlp") {
    for (const auto& l : m.layers)
      if (l.shape.size() == 2) macs += static_cast<double>(l.size());
    return macs;
  }
  if (m.options.model == "dcnn") {
    std::int64_t h = m.options.input_shape[1], w = m.options.input_shape[2];
    for (const auto& l : m.layers)
      if (l.shape.size() == 4) {
        h = (h + 1) / 2, w = (w + 1) / 2;
        macs += static_cast<double>(l.size()) * static_cast<double>(h * w);
      }
    return macs;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double measured_matmul_flops(int n) {
  torch::NoGradGuard guard;
  const auto a = torch::randn({n, n}), b = torch::randn({n, n});
  auto c = torch::mm(a, b);
  double best = 0;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < 4; ++k) c = torch::mm(a, b);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::max(best, 4 * 2.0 * n * n * static_cast<double>(n) / s);
  }
  return best;
}

}  // namespace landscape::nn
