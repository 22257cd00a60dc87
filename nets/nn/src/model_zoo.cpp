#include "model_zoo.hpp"

#include "landscape/spec/error.hpp"

namespace landscape::nn {

namespace {

void require_images(const ModelOptions& o) {
  if (o.input_shape.size() != 3) throw FieldError("model", o.model + ": needs image data (channels x height x width)");
}

class Vgg9Impl : public Net {
 public:
  explicit Vgg9Impl(const ModelOptions& o) : options_(o) {
    require_images(o);
    act_ = register_module("act", ActivationLayer(o.act));
    std::int64_t in = o.input_shape[0], height = o.input_shape[1], width = o.input_shape[2];
    int index = 0;
    for (const int c : {64, 64, 0, 128, 128, 0, 256, 256, 256, 0}) {
      if (c == 0) {  // max pooling, rounding up (ceil_mode) as in the reference
        pool_after_.back() = true;
        height = (height + 1) / 2, width = (width + 1) / 2;
        continue;
      }
      const std::string n = std::to_string(index++);
      conv_.push_back(register_module("conv" + n, torch::nn::Conv2d(torch::nn::Conv2dOptions(in, c, 3).padding(1).bias(o.bias))));
      norm_.push_back(register_module("bn" + n, torch::nn::BatchNorm2d(c)));
      pool_after_.push_back(false);
      in = c;
    }
    fc_ = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(in * height * width, 256).bias(o.bias)));
    fc_norm_ = register_module("fc_bn", torch::nn::BatchNorm1d(256));
    classifier_ = register_module("classifier", torch::nn::Linear(torch::nn::LinearOptions(256, o.outputs).bias(o.bias)));
  }
  torch::Tensor forward(torch::Tensor x) override {
    for (std::size_t l = 0; l < conv_.size(); ++l) {
      x = act_(norm_[l](conv_[l](x)));
      if (pool_after_[l]) x = torch::max_pool2d(x, {2, 2}, {2, 2}, {0, 0}, {1, 1}, /*ceil_mode=*/true);
    }
    return classifier_(act_(fc_norm_(fc_(x.flatten(1)))));
  }
  std::string describe() const override { return "vgg9 (" + activation_label(options_.act.activation) + ")"; }

 private:
  ModelOptions options_;
  ActivationLayer act_{nullptr};
  std::vector<torch::nn::Conv2d> conv_;
  std::vector<torch::nn::BatchNorm2d> norm_;
  std::vector<bool> pool_after_;
  torch::nn::Linear fc_{nullptr}, classifier_{nullptr};
  torch::nn::BatchNorm1d fc_norm_{nullptr};
};

// DenseNet's bottleneck layer: its new channels concatenated before its input.
class DenseLayerImpl : public torch::nn::Module {
 public:
  DenseLayerImpl(std::int64_t in, std::int64_t growth, ActivationLayer act) : act_(std::move(act)) {
    bn1_ = register_module("bn1", torch::nn::BatchNorm2d(in));
    conv1_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, 4 * growth, 1).bias(false)));
    bn2_ = register_module("bn2", torch::nn::BatchNorm2d(4 * growth));
    conv2_ = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(4 * growth, growth, 3).padding(1).bias(false)));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return torch::cat({conv2_(act_(bn2_(conv1_(act_(bn1_(x)))))), x}, 1);
  }

 private:
  ActivationLayer act_;
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr};
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr};
};
TORCH_MODULE(DenseLayer);

class DenseNetImpl : public Net {
 public:
  explicit DenseNetImpl(const ModelOptions& o) : options_(o) {
    require_images(o);
    constexpr std::int64_t growth = 32;
    act_ = register_module("act", ActivationLayer(o.act));
    std::int64_t planes = 2 * growth;
    conv_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.input_shape[0], planes, 3).padding(1).bias(false)));
    int layer = 0;
    const int blocks[] = {6, 12, 24, 16};
    for (int b = 0; b < 4; ++b) {
      std::vector<DenseLayer> stage;
      for (int k = 0; k < blocks[b]; ++k, planes += growth)
        stage.push_back(register_module("dense" + std::to_string(layer++), DenseLayer(planes, growth, act_)));
      layers_.push_back(std::move(stage));
      if (b == 3) break;
      const std::int64_t out = planes / 2;  // reduction 0.5, rounded down
      const std::string n = std::to_string(b + 1);
      transition_norm_.push_back(register_module("trans" + n + "_bn", torch::nn::BatchNorm2d(planes)));
      transition_.push_back(register_module("trans" + n + "_conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(planes, out, 1).bias(false))));
      planes = out;
    }
    norm_ = register_module("bn", torch::nn::BatchNorm2d(planes));
    fc_ = register_module("linear", torch::nn::Linear(planes, o.outputs));
  }
  torch::Tensor forward(torch::Tensor x) override {
    x = conv_(x);
    for (std::size_t b = 0; b < layers_.size(); ++b) {
      for (auto& l : layers_[b]) x = l(x);
      if (b < transition_.size()) x = torch::avg_pool2d(transition_[b](act_(transition_norm_[b](x))), 2);
    }
    return fc_(act_(norm_(x)).mean({2, 3}));
  }
  std::string describe() const override { return "densenet121 (" + activation_label(options_.act.activation) + ")"; }

 private:
  ModelOptions options_;
  ActivationLayer act_{nullptr};
  torch::nn::Conv2d conv_{nullptr};
  std::vector<std::vector<DenseLayer>> layers_;
  std::vector<torch::nn::BatchNorm2d> transition_norm_;
  std::vector<torch::nn::Conv2d> transition_;
  torch::nn::BatchNorm2d norm_{nullptr};
  torch::nn::Linear fc_{nullptr};
};

}  // namespace

std::shared_ptr<Net> make_vgg9(const ModelOptions& options) { return std::make_shared<Vgg9Impl>(options); }
std::shared_ptr<Net> make_densenet121(const ModelOptions& options) { return std::make_shared<DenseNetImpl>(options); }

}  // namespace landscape::nn
