#include "landscape/nn/modules.hpp"

#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "landscape/nn/polynomial_evaluation.hpp"
#include "model_zoo.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::nn {

torch::Tensor activate(const landscape::Activation& a, const torch::Tensor& z) {
  switch (a.kind) {
    case ActivationKind::Polynomial: {
      // Clenshaw in the Chebyshev basis of [-A, A] (polynomial_evaluation.hpp): stable where the
      // monomial Horner of a ReLU approximation is not. Differentiable: tensor arithmetic only.
      const auto& form = chebyshev_form(a);
      const auto& c = form.coefficients;
      const torch::Tensor x = form.interval == 1.0 ? z : z / form.interval;
      const torch::Tensor two_x = x * 2.0;
      torch::Tensor b1 = torch::full_like(x, c.back()), b2 = torch::zeros_like(x);
      for (std::size_t k = c.size() - 1; k-- > 1;) {
        torch::Tensor t = two_x * b1 - b2 + c[k];
        b2 = std::move(b1);
        b1 = std::move(t);
      }
      return x * b1 - b2 + c[0];
    }
    case ActivationKind::ReLU: return torch::relu(z);
    case ActivationKind::SmooLU: {
      // z e^{-1/z} for z > 0; the other branch is evaluated at 1 so no inf reaches the gradient.
      const auto positive = z > 0;
      const auto safe = torch::where(positive, z, torch::ones_like(z));
      return torch::where(positive, safe * torch::exp(-1.0 / safe), torch::zeros_like(z));
    }
    case ActivationKind::Softplus: return torch::softplus(z);
    case ActivationKind::RectifiedPower: return torch::relu(z).pow(a.power);
  }
  throw std::logic_error("unknown activation kind");
}

torch::Tensor ActivationLayerImpl::forward(const torch::Tensor& z) {
  if (options_.clamp > 0) return activate(options_.activation, z.clamp(-options_.clamp, options_.clamp));
  return activate(options_.activation, z);
}

std::string activation_label(const landscape::Activation& a) {
  if (a.name.size() <= 80 || !a.is_polynomial()) return a.name;
  const auto at = a.name.rfind('@');
  return "polynomial of degree " + std::to_string(a.degree()) +
         (at == std::string::npos ? "" : " on [-" + a.name.substr(at + 1) + ", " + a.name.substr(at + 1) + "]");
}

namespace {

std::int64_t product(const std::vector<std::int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{1}, std::multiplies<>());
}

// Fully connected: the shared architecture d0,...,dL, LibTorch's Linear layers (W row-major, then b).
class MlpImpl : public Net {
 public:
  explicit MlpImpl(const ModelOptions& o) : options_(o) {
    const NetSpec spec = NetSpec::parse(o.arch, o.act.activation, o.bias);
    if (spec.topology != Topology::FullyConnected)
      throw FieldError("arch", "'" + o.arch + "': model mlp needs fully connected widths d0,...,dL");
    widths_ = spec.widths;
    if (!o.input_shape.empty() && widths_.front() != product(o.input_shape))
      throw FieldError("arch", "'" + o.arch + "': the input layer has " + std::to_string(widths_.front()) +
                                   " units but a sample has " + std::to_string(product(o.input_shape)) + " values");
    if (widths_.back() != o.outputs)
      throw FieldError("arch", "'" + o.arch + "': the output layer has " + std::to_string(widths_.back()) +
                                   " units but the data need " + std::to_string(o.outputs));
    for (std::size_t l = 0; l + 1 < widths_.size(); ++l) {
      linear_.push_back(register_module(
          "fc" + std::to_string(l), torch::nn::Linear(torch::nn::LinearOptions(widths_[l], widths_[l + 1]).bias(o.bias))));
      if (o.preact_norm && l + 2 < widths_.size())
        norm_.push_back(register_module("bn" + std::to_string(l),
                                        torch::nn::BatchNorm1d(torch::nn::BatchNorm1dOptions(widths_[l + 1]).affine(false))));
    }
    act_ = register_module("act", ActivationLayer(o.act));
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = x.flatten(1);
    for (std::size_t l = 0; l < linear_.size(); ++l) {
      x = linear_[l](x);
      if (l + 1 < linear_.size()) {
        if (!norm_.empty()) x = norm_[l](x);
        x = act_(x);
        if (options_.dropout > 0) x = torch::dropout(x, options_.dropout, is_training());
      }
    }
    return x;
  }
  std::string describe() const override {
    return "mlp " + options_.arch + " (" + activation_label(options_.act.activation) + (options_.preact_norm ? ", pre-activation BN" : "") +
           (options_.dropout > 0 ? ", dropout " + std::to_string(options_.dropout).substr(0, 4) : "") + ")";
  }

 private:
  ModelOptions options_;
  std::vector<int> widths_;
  std::vector<torch::nn::Linear> linear_;
  std::vector<torch::nn::BatchNorm1d> norm_;
  ActivationLayer act_{nullptr};
};

// Liao & Poggio's DCNN (Liao & Poggio 2017, Section 4.1): 3x3 convolutions with stride 2 and padding 1, no
// pooling, BatchNorm without affine parameters between hidden layers; the last convolution has
// one channel per class. On 28x28 (or 32x32) inputs five layers end at 1x1; larger final maps are
// averaged.
class DcnnImpl : public Net {
 public:
  explicit DcnnImpl(const ModelOptions& o) : options_(o) {
    if (o.input_shape.size() != 3)
      throw FieldError("model", "dcnn: needs image data (channels x height x width)");
    std::int64_t in = o.input_shape[0];
    std::vector<std::int64_t> widths(o.channels.begin(), o.channels.end());
    widths.push_back(o.outputs);
    for (std::size_t l = 0; l < widths.size(); ++l) {
      conv_.push_back(register_module("conv" + std::to_string(l),
                                      torch::nn::Conv2d(torch::nn::Conv2dOptions(in, widths[l], 3).stride(2).padding(1).bias(o.bias))));
      if (l + 1 < widths.size())
        norm_.push_back(register_module("bn" + std::to_string(l),
                                        torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(widths[l]).affine(false))));
      in = widths[l];
    }
    act_ = register_module("act", ActivationLayer(o.act));
  }
  torch::Tensor forward(torch::Tensor x) override {
    for (std::size_t l = 0; l < conv_.size(); ++l) {
      x = conv_[l](x);
      if (l + 1 < conv_.size()) {
        x = act_(norm_[l](x));
        if (options_.dropout > 0) x = torch::dropout(x, options_.dropout, is_training());
      }
    }
    return x.mean({2, 3});
  }
  std::string describe() const override {
    std::string c;
    for (int w : options_.channels) c += (c.empty() ? "" : ",") + std::to_string(w);
    return "dcnn channels " + c + " (" + activation_label(options_.act.activation) + ")";
  }

 private:
  ModelOptions options_;
  std::vector<torch::nn::Conv2d> conv_;
  std::vector<torch::nn::BatchNorm2d> norm_;
  ActivationLayer act_{nullptr};
};

// A basic residual block (He et al.): conv-BN-act-conv-BN, plus the shortcut (identity, or a 1x1
// convolution with BN when the shape changes), then act. `shortcut` false drops it (Li et al.'s
// "no-short" networks).
class BlockImpl : public torch::nn::Module {
 public:
  BlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride, bool shortcut, ActivationLayer act)
      : shortcut_(shortcut), act_(std::move(act)) {
    conv1_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    bn1_ = register_module("bn1", torch::nn::BatchNorm2d(out));
    conv2_ = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).stride(1).padding(1).bias(false)));
    bn2_ = register_module("bn2", torch::nn::BatchNorm2d(out));
    if (shortcut && (stride != 1 || in != out)) {
      project_ = register_module("shortcut_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1).stride(stride).bias(false)));
      project_bn_ = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
    }
  }
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor y = bn2_(conv2_(act_(bn1_(conv1_(x)))));
    if (shortcut_) y = y + (project_ ? project_bn_(project_(x)) : x);
    return act_(y);
  }

 private:
  bool shortcut_;
  ActivationLayer act_;
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, project_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, project_bn_{nullptr};
};
TORCH_MODULE(Block);

class ResNetImpl : public Net {
 public:
  // depth 6n + 2; `width` k multiplies every layer's channels (Wide-ResNet-depth-k, Zagoruyko and
  // Komodakis 2016, as Li et al. 2018 build them: the ResNet with 16k, 32k, 64k channels).
  ResNetImpl(const ModelOptions& o, int depth, int width, bool shortcut)
      : options_(o), depth_(depth), width_(width), shortcut_(shortcut) {
    if (o.input_shape.size() != 3) throw FieldError("model", o.model + ": needs image data (channels x height x width)");
    act_ = register_module("act", ActivationLayer(o.act));
    const std::int64_t first = 16 * width;
    conv_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.input_shape[0], first, 3).padding(1).bias(false)));
    bn_ = register_module("bn1", torch::nn::BatchNorm2d(first));
    const int n = (depth - 2) / 6;
    std::int64_t in = first;
    int index = 0;
    for (std::int64_t stage = 0; stage < 3; ++stage) {
      const std::int64_t out = first << stage;
      for (int b = 0; b < n; ++b) {
        blocks_.push_back(register_module("block" + std::to_string(index++),
                                          Block(in, out, stage > 0 && b == 0 ? 2 : 1, shortcut, act_)));
        in = out;
      }
    }
    fc_ = register_module("fc", torch::nn::Linear(in, o.outputs));
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = act_(bn_(conv_(x)));
    for (auto& b : blocks_) x = b(x);
    return fc_(x.mean({2, 3}));
  }
  std::string describe() const override {
    return (width_ == 1 ? "resnet" + std::to_string(depth_) : "wrn" + std::to_string(depth_) + "-" + std::to_string(width_)) +
           (shortcut_ ? "" : "-noshort") + " (" + activation_label(options_.act.activation) + ")";
  }

 private:
  ModelOptions options_;
  int depth_, width_;
  bool shortcut_;
  ActivationLayer act_{nullptr};
  torch::nn::Conv2d conv_{nullptr};
  torch::nn::BatchNorm2d bn_{nullptr};
  std::vector<Block> blocks_;
  torch::nn::Linear fc_{nullptr};
};

}  // namespace

std::shared_ptr<Net> make_model(const ModelOptions& o) {
  const auto name = parse_model_name(o.model);
  if (!name) throw FieldError("model", "'" + o.model + "': unknown model (expected " + std::string(kModelNames) + ")");
  if (name->family == "mlp") return std::make_shared<MlpImpl>(o);
  if (name->family == "dcnn") {
    if (o.channels.empty()) throw FieldError("channels", "empty: the dcnn needs at least one hidden layer");
    return std::make_shared<DcnnImpl>(o);
  }
  if (name->family == "vgg9") return make_vgg9(o);
  if (name->family == "densenet121") return make_densenet121(o);
  return std::make_shared<ResNetImpl>(o, name->depth, name->width, name->shortcut);
}

std::int64_t parameter_count(torch::nn::Module& m) {
  std::int64_t n = 0;
  for (const auto& p : m.parameters()) n += p.numel();
  return n;
}

namespace {
torch::Tensor flatten_all(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> flat;
  for (const auto& t : tensors) flat.push_back(t.detach().reshape(-1));
  if (flat.empty()) return torch::empty({0});
  return torch::cat(flat);
}
void assign_all(const std::vector<torch::Tensor>& tensors, const torch::Tensor& flat, const char* what) {
  std::int64_t total = 0;
  for (const auto& t : tensors) total += t.numel();
  if (flat.dim() != 1 || flat.numel() != total)
    throw InputError(std::string("expected ") + std::to_string(total) + " " + what + ", got " + std::to_string(flat.numel()));
  torch::NoGradGuard guard;
  std::int64_t at = 0;
  for (auto t : tensors) {
    t.copy_(flat.slice(0, at, at + t.numel()).view_as(t));
    at += t.numel();
  }
}
}  // namespace

torch::Tensor flat_parameters(torch::nn::Module& m) { return flatten_all(m.parameters()); }
void set_flat_parameters(torch::nn::Module& m, const torch::Tensor& flat) { assign_all(m.parameters(), flat, "parameters"); }
torch::Tensor flat_buffers(torch::nn::Module& m) {
  std::vector<torch::Tensor> floating;
  for (const auto& b : m.buffers())
    if (b.is_floating_point()) floating.push_back(b);
  return flatten_all(floating);
}
void set_flat_buffers(torch::nn::Module& m, const torch::Tensor& flat) {
  std::vector<torch::Tensor> floating;
  for (const auto& b : m.buffers())
    if (b.is_floating_point()) floating.push_back(b);
  assign_all(floating, flat, "buffer values");
}

LossKind loss_kind(const std::string& loss, bool classification) {
  if (loss == "auto") return classification ? LossKind::CrossEntropy : LossKind::SquaredError;
  if (loss == "mse") return LossKind::SquaredError;
  if (loss != "ce" && loss != "hinge") throw FieldError("loss", "'" + loss + "': expected auto, ce, mse or hinge");
  if (!classification) throw FieldError("loss", loss + ": needs classification data (the data set has regression targets)");
  return loss == "ce" ? LossKind::CrossEntropy : LossKind::Hinge;
}

SummedLoss summed_loss(const torch::Tensor& out, const torch::Tensor& y, LossKind loss, int outputs,
                       bool count_errors) {
  SummedLoss r;
  if (y.scalar_type() == torch::kInt64) {  // classification
    if (loss == LossKind::CrossEntropy) {
      r.sum = torch::nn::functional::cross_entropy(out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    } else if (loss == LossKind::Hinge) {
      const auto target = out.gather(1, y.unsqueeze(1)).squeeze(1);
      const auto rival = out.masked_fill(torch::one_hot(y, outputs).to(torch::kBool), -std::numeric_limits<double>::infinity());
      r.sum = torch::relu(1 + std::get<0>(rival.max(1)) - target).sum();
    } else {
      r.sum = (out - torch::one_hot(y, outputs).to(out.dtype())).pow(2).sum();
    }
    if (count_errors) r.errors = out.argmax(1).ne(y).sum();
  } else {  // regression: squared error summed over outputs; the "error" is the mean squared error
    r.sum = (out - y).pow(2).sum();
    r.errors = r.sum.detach();
  }
  return r;
}

ModelOptions mlp_options(const WeightsFile& w) {
  const NetSpec spec = w.net();
  if (spec.topology != Topology::FullyConnected)
    throw InputError("weights file: arch '" + w.arch + "' is not fully connected; only MLPs load into LibTorch");
  ModelOptions o;
  o.model = "mlp";
  o.arch = spec.arch_text();
  o.act.activation = spec.activation;
  o.bias = spec.bias;
  o.outputs = spec.widths.back();
  return o;
}

void load_weights(torch::nn::Module& mlp, const WeightsFile& w, const std::string& path) {
  std::vector<double> values;
  for (std::size_t k = 0; k < w.parameters.size(); ++k) {
    const std::string& s = w.parameters[k];
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') {  // not a decimal: an exact p/q
      auto r = Rational::parse(s);
      if (!r) throw InputError(path + ": parameters[" + std::to_string(k) + "] '" + s + "' is not a number");
      v = r->to_double();
    }
    values.push_back(v);
  }
  auto params = mlp.parameters();
  const auto options = params.empty() ? torch::TensorOptions() : params.front().options();
  try {
    set_flat_parameters(mlp, torch::tensor(values, torch::kFloat64).to(options));
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what() + " (the model and the file disagree)");
  }
}

WeightsFile to_weights_file(torch::nn::Module& mlp, const ModelOptions& options) {
  WeightsFile w;
  w.arch = options.arch;
  w.activation = options.act.activation.name;
  w.bias = options.bias;
  const torch::Tensor flat = flat_parameters(mlp).to(torch::kCPU, torch::kFloat64).contiguous();
  const double* p = flat.data_ptr<double>();
  char buffer[40];
  for (std::int64_t k = 0; k < flat.numel(); ++k) {
    std::snprintf(buffer, sizeof buffer, "%.17g", p[k]);
    w.parameters.push_back(buffer);
  }
  return w;
}

}  // namespace landscape::nn
