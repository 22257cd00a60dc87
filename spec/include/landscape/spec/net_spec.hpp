// The network description shared by the exact algebra and the LibTorch side.
//
// A NetSpec is an architecture (arch "d0,d1,...,dL" or "tree4"), an activation and a
// bias flag. Its ParameterLayout is the one order of all weights used everywhere in the project:
// layer by layer, the weight matrix W (out x in, row-major) then the bias b, which is the order
// of LibTorch's Linear layers (`named_parameters()`: layer.weight, layer.bias).
//
// `forward` is written once, generically over the scalar type: double for the floating view,
// exact rationals, residues modulo p, polynomials and forward-mode jets in the algebra. The
// caller supplies the activation as a callable on that scalar type.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "landscape/spec/activation.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape {

enum class Topology {
  FullyConnected,  // d0 -> d1 -> ... -> dL, activation on hidden layers, linear output
  Tree4,           // Liao & Poggio 2017 (App. A.2, eq. 5), see NetSpec::tree4
};

// One weight matrix or bias vector in the parameter order.
struct ParameterBlock {
  std::string name;  // LibTorch-style: "layer1.weight", "layer1.bias"
  int layer = 1;     // 1-based
  bool is_bias = false;
  int rows = 0, cols = 1;  // a bias is rows x 1
  std::size_t offset = 0;  // index of its first entry in the flat parameter vector
  std::size_t size() const { return static_cast<std::size_t>(rows) * cols; }
};

class ParameterLayout {
 public:
  void add(const std::string& name, int layer, bool is_bias, int rows, int cols) {
    blocks_.push_back({name, layer, is_bias, rows, cols, count_});
    count_ += static_cast<std::size_t>(rows) * cols;
  }
  const std::vector<ParameterBlock>& blocks() const { return blocks_; }
  std::size_t count() const { return count_; }

  // Human-readable variable name of flat index k: w<layer>_<row>_<col> or b<layer>_<row>,
  // all 1-based, e.g. w1_2_3 is layer 1's weight from input 3 to unit 2.
  std::string variable_name(std::size_t k) const {
    for (const auto& b : blocks_) {
      if (k < b.offset || k >= b.offset + b.size()) continue;
      const std::size_t i = k - b.offset;
      const std::string layer = std::to_string(b.layer);
      if (b.is_bias) return "b" + layer + "_" + std::to_string(i + 1);
      return "w" + layer + "_" + std::to_string(i / b.cols + 1) + "_" +
             std::to_string(i % b.cols + 1);
    }
    throw std::out_of_range("parameter index " + std::to_string(k) + " out of range");
  }
  std::vector<std::string> variable_names() const {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < count_; ++k) names.push_back(variable_name(k));
    return names;
  }

 private:
  std::vector<ParameterBlock> blocks_;
  std::size_t count_ = 0;
};

// a * b for degrees, refused past 2^62 (FieldError "arch": the network's degree is too large).
inline long long checked_degree_product(long long a, long long b) {
  long long product = 0;
  if (__builtin_mul_overflow(a, b, &product) || product > (1LL << 62))
    throw FieldError("arch", "gives outputs of degree above 2^62 (" + std::to_string(a) + " x " + std::to_string(b) +
                                 "): too deep for this activation's degree");
  return product;
}

struct NetSpec {
  Topology topology = Topology::FullyConnected;
  // FullyConnected: d0, d1, ..., dL. Tree4: {4, 2, 1} (inputs, the two copies of the shared
  // node, output).
  std::vector<int> widths;
  bool bias = true;
  Activation activation;

  int inputs() const { return widths.front(); }
  int outputs() const { return widths.back(); }

  // Number of activation layers d on the path from input to output (Liao & Poggio's d).
  int activation_layers() const {
    return topology == Topology::Tree4 ? 2 : static_cast<int>(widths.size()) - 2;
  }

  // The architecture as parse() reads it.
  std::string arch_text() const {
    if (topology == Topology::Tree4) return "tree4";
    std::string s;
    for (std::size_t i = 0; i < widths.size(); ++i) s += (i ? "," : "") + std::to_string(widths[i]);
    return s;
  }

  ParameterLayout layout() const {
    ParameterLayout layout;
    // Tree4 is two fully connected 2 -> 1 layers: the lower one is applied to (x1, x2) and to
    // (x3, x4) with the same weights (w1, w2, w3 of eq. 5), the upper one to the two results.
    const std::vector<int> shape = topology == Topology::Tree4 ? std::vector<int>{2, 1, 1}
                                                               : widths;
    for (std::size_t l = 1; l < shape.size(); ++l) {
      const int in = topology == Topology::Tree4 ? 2 : shape[l - 1];
      const std::string prefix = "layer" + std::to_string(l);
      layout.add(prefix + ".weight", static_cast<int>(l), false, shape[l], in);
      if (bias) layout.add(prefix + ".bias", static_cast<int>(l), true, shape[l], 1);
    }
    return layout;
  }
  std::size_t parameter_count() const { return layout().count(); }

  // Total degree in the weights of one output, for an activation polynomial of degree l:
  // D_1 = l, D_{k+1} = l * (D_k + 1), and + 1 for a linear output layer.
  // Checked arithmetic: a degree past 2^62 (a deep net with a high-degree activation) is refused
  // with FieldError("arch", ...) rather than wrapping around to a wrong number.
  long long weight_degree() const {
    const long long l = activation.is_polynomial() ? activation.degree() : 1;
    const int d = activation_layers();
    if (d == 0) return 1;
    long long D = l;
    for (int k = 1; k < d; ++k) D = checked_degree_product(l, D + 1);
    return topology == Topology::Tree4 ? D : D + 1;
  }
  // Liao & Poggio's degree l^d: the degree of an output as a polynomial in the inputs.
  long long input_degree() const {
    const long long l = activation.is_polynomial() ? activation.degree() : 1;
    long long D = 1;
    for (int k = 0; k < activation_layers(); ++k) D = checked_degree_product(D, l);
    return D;
  }

  // Parses an architecture (the `arch` field): "tree4" or a comma-separated list of at least two
  // positive widths; FieldError("arch", ...) otherwise.
  static NetSpec parse(const std::string& arch, const Activation& activation, bool bias) {
    NetSpec net;
    net.activation = activation;
    net.bias = bias;
    if (arch == "tree4") {
      net.topology = Topology::Tree4;
      net.widths = {4, 2, 1};
      return net;
    }
    for (const auto& item : split(arch, ',')) {
      if (item.empty() || item.size() > 6 || item.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(item) < 1)
        throw FieldError("arch", "'" + arch + "': '" + item +
                                     "' is not a positive width (expected d0,d1,...,dL or tree4)");
      net.widths.push_back(std::stoi(item));
    }
    if (net.widths.size() < 2)
      throw FieldError("arch", "'" + arch + "': need at least an input and an output width");
    return net;
  }
};

namespace detail {
// a_out[i] = sum_j W[i][j] * a_in[j] (+ b[i]); W at params[offset], row-major rows x cols.
template <class T>
std::vector<T> affine(const std::vector<T>& params, std::size_t offset, int rows, int cols,
                      bool bias, const T* input) {
  std::vector<T> out;
  out.reserve(rows);
  const std::size_t bias_offset = offset + static_cast<std::size_t>(rows) * cols;
  for (int i = 0; i < rows; ++i) {
    const T* w = &params[offset + static_cast<std::size_t>(i) * cols];
    T z = w[0] * input[0];
    for (int j = 1; j < cols; ++j) z = z + w[j] * input[j];
    if (bias) z = z + params[bias_offset + i];
    out.push_back(std::move(z));
  }
  return out;
}
}  // namespace detail

// f(x; w) for any scalar type T with T + T and T * T; `sigma` maps T -> T.
template <class T, class Activate>
std::vector<T> forward(const NetSpec& net, const std::vector<T>& params,
                       const std::vector<T>& input, Activate&& sigma) {
  if (input.size() != static_cast<std::size_t>(net.inputs()))
    throw std::invalid_argument("forward: input has the wrong length");
  if (params.size() != net.parameter_count())
    throw std::invalid_argument("forward: parameter vector has the wrong length");
  const auto layout = net.layout();
  const auto& blocks = layout.blocks();
  const std::size_t per_layer = net.bias ? 2 : 1;
  auto activate = [&](std::vector<T>& v) {
    for (auto& z : v) z = sigma(z);
  };
  if (net.topology == Topology::Tree4) {
    const auto& lower = blocks[0];
    const auto& upper = blocks[per_layer];
    std::vector<T> hidden = detail::affine(params, lower.offset, 1, 2, net.bias, &input[0]);
    auto right = detail::affine(params, lower.offset, 1, 2, net.bias, &input[2]);
    hidden.push_back(std::move(right[0]));
    activate(hidden);
    auto out = detail::affine(params, upper.offset, 1, 2, net.bias, hidden.data());
    activate(out);
    return out;
  }
  std::vector<T> a = input;
  const std::size_t layers = net.widths.size() - 1;
  for (std::size_t l = 0; l < layers; ++l) {
    const auto& W = blocks[l * per_layer];
    a = detail::affine(params, W.offset, W.rows, W.cols, net.bias, a.data());
    if (l + 1 < layers) activate(a);
  }
  return a;
}

// The floating view: f(x; w) in double precision with the activation of the spec.
inline std::vector<double> forward(const NetSpec& net, const std::vector<double>& params,
                                   const std::vector<double>& input) {
  return forward(net, params, input, [&](double z) { return net.activation(z); });
}

}  // namespace landscape
