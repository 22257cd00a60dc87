#include "landscape/algebra/memorization.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <sstream>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/real_network.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

namespace {

void check_applicable(const NetSpec& net, const RationalMatrix& inputs,
                      const RationalMatrix& labels) {
  if (!net.activation.is_rectified())
    throw InputError("memorize: activation '" + net.activation.name +
                     "' is not rectified (Cooper's construction needs sigma(z) = 0 for z <= 0 and "
                     "sigma increasing for z > 0: smoolu, relu or rectpow:k)");
  if (net.topology != Topology::FullyConnected || net.widths.size() < 3)
    throw InputError("memorize: needs a fully connected net with at least one hidden layer");
  if (!net.bias) throw InputError("memorize: Cooper's construction needs biases; the network has none");
  const std::size_t N = inputs.size();
  const int last_hidden = net.widths[net.widths.size() - 2];
  if (static_cast<std::size_t>(last_hidden) < N)
    throw InputError("memorize: the last hidden layer has width " + std::to_string(last_hidden) +
                     " < N = " + std::to_string(N) + " data points (Lemma 3.3 needs width >= N)");
  if (labels.size() != N)
    throw InputError("memorize: " + std::to_string(N) + " points but " +
                     std::to_string(labels.size()) + " labels");
  for (const auto& y : labels)
    if (y.size() != static_cast<std::size_t>(net.outputs()))
      throw InputError("memorize: labels must have " + std::to_string(net.outputs()) + " entries");
  // Distinct inputs, decided exactly.
  std::map<std::vector<std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < N; ++i) {
    std::vector<std::string> key;
    for (const auto& r : inputs[i]) key.push_back(Fraction(r).to_string());
    const auto [it, inserted] = seen.emplace(key, i);
    if (!inserted)
      throw InputError("memorize: data points " + std::to_string(it->second + 1) + " and " +
                       std::to_string(i + 1) +
                       " are equal (Lemma 3.3 needs distinct inputs)");
  }
}

// An integer vector a with distinct exact projections a.x_i, drawn from `seed`.
std::vector<long> choose_projection(const RationalMatrix& inputs, std::uint64_t seed,
                                    std::vector<Fraction>& t) {
  SplitMix64 rng(seed);
  const std::size_t d0 = inputs.front().size();
  std::vector<std::vector<Fraction>> x;
  for (const auto& row : inputs) x.push_back(to_fractions(row));
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::vector<long> a(d0);
    for (auto& v : a) v = rng.uniform_int(-1000, 1000);
    t.clear();
    for (const auto& xi : x) {
      Fraction s(0);
      for (std::size_t j = 0; j < d0; ++j) s = s + Fraction(a[j]) * xi[j];
      t.push_back(s);
    }
    std::vector<std::string> keys;
    for (const auto& s : t) keys.push_back(s.to_string());
    std::sort(keys.begin(), keys.end());
    if (std::adjacent_find(keys.begin(), keys.end()) == keys.end()) return a;
  }
  throw std::runtime_error("memorize: no projection with distinct values found in 1000 draws");
}

// The construction at `working` digits; fills parameters, projection and the residual.
void construct(const NetSpec& net, const RationalMatrix& inputs, const RationalMatrix& labels,
               unsigned working, std::uint64_t seed, MemorizationResult& result) {
  PrecisionScope precision(working);
  const std::size_t N = inputs.size();
  const std::size_t L = net.widths.size() - 2;  // hidden layers
  const auto layout = net.layout();
  const std::size_t per_layer = net.bias ? 2 : 1;
  result.parameters.assign(layout.count(), Real(0));
  auto weight = [&](std::size_t layer, int row, int col) -> Real& {  // layer 0-based
    const auto& b = layout.blocks()[layer * per_layer];
    return result.parameters[b.offset + static_cast<std::size_t>(row) * b.cols + col];
  };
  auto bias = [&](std::size_t layer, int row) -> Real& {
    return result.parameters[layout.blocks()[layer * per_layer + 1].offset + row];
  };
  auto sigma = [&](const Real& z) { return activation_derivatives(net.activation, z)[0]; };

  std::vector<Fraction> t_exact;
  result.projection = choose_projection(inputs, seed, t_exact);
  std::vector<Real> t;  // values carried to the last hidden layer, per data point
  for (const auto& s : t_exact) t.push_back(rational_to<Real>(*Rational::parse(s.to_string())));

  // Layers 1..L-1: unit 1 carries sigma(alpha t + beta) with alpha t + beta in [1, 2].
  for (std::size_t layer = 0; layer + 1 < L; ++layer) {
    const auto [lo, hi] = std::minmax_element(t.begin(), t.end());
    const Real alpha = *hi > *lo ? Real(1) / (*hi - *lo) : Real(1);
    const Real beta = Real(1) - alpha * *lo;
    if (layer == 0)
      for (std::size_t j = 0; j < result.projection.size(); ++j)
        weight(0, 0, static_cast<int>(j)) = alpha * Real(result.projection[j]);
    else
      weight(layer, 0, 0) = alpha;
    bias(layer, 0) = beta;
    for (auto& v : t) v = sigma(alpha * v + beta);
  }

  // Last hidden layer: unit j has pre-activation lambda (t - m_j).
  std::vector<std::size_t> order(N);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  Real min_gap = N > 1 ? t[order[1]] - t[order[0]] : Real(1);
  for (std::size_t i = 1; i < N; ++i) min_gap = std::min(min_gap, Real(t[order[i]] - t[order[i - 1]]));
  const Real lambda = Real(2) / min_gap;
  std::vector<Real> m(N);
  for (std::size_t j = 0; j < N; ++j)
    m[j] = j == 0 ? t[order[0]] - min_gap / 2 : (t[order[j - 1]] + t[order[j]]) / 2;
  const std::size_t last = L - 1;
  for (std::size_t j = 0; j < N; ++j) {
    if (L == 1)
      for (std::size_t c = 0; c < result.projection.size(); ++c)
        weight(0, static_cast<int>(j), static_cast<int>(c)) = lambda * Real(result.projection[c]);
    else
      weight(last, static_cast<int>(j), 0) = lambda;
    bias(last, static_cast<int>(j)) = -lambda * m[j];
  }
  // A (sorted points x units) is lower triangular; forward substitution gives V = A^{-1} Y.
  std::vector<std::vector<Real>> A(N, std::vector<Real>(N, Real(0)));
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t j = 0; j <= i; ++j) A[i][j] = sigma(lambda * (t[order[i]] - m[j]));
  const auto Y = to_reals(labels);
  for (int k = 0; k < net.outputs(); ++k) {
    std::vector<Real> v(N);
    for (std::size_t i = 0; i < N; ++i) {
      Real s = Y[order[i]][k];
      for (std::size_t j = 0; j < i; ++j) s -= A[i][j] * v[j];
      v[i] = s / A[i][i];
    }
    for (std::size_t j = 0; j < N; ++j) weight(L, k, static_cast<int>(j)) = v[j];
  }

  const auto x = to_reals(inputs);
  result.max_abs_residual = Real(0);
  for (const auto& r : real_residuals(net, x, Y, result.parameters))
    result.max_abs_residual = std::max(result.max_abs_residual, Real(abs(r)));
}

}  // namespace

MemorizationResult memorize(const NetSpec& net, const RationalMatrix& inputs,
                            const RationalMatrix& labels, unsigned digits, std::uint64_t seed) {
  check_applicable(net, inputs, labels);
  MemorizationResult result;
  result.digits = digits;
  result.seed = seed;
  // The output weights cancel each other (sum_j v_j A_ij = y_i with large v_j A_ij), so digits
  // are lost; work with guard digits and add more until the residual meets 10^-(digits - 10).
  const double target = -(static_cast<double>(digits) - 10);
  result.working_digits = digits + 10;
  for (int attempt = 0;; ++attempt) {
    construct(net, inputs, labels, result.working_digits, seed, result);
    const double log10_residual = log10_abs(result.max_abs_residual);
    if (log10_residual <= target || attempt == 4) break;
    result.working_digits += static_cast<unsigned>(std::ceil(log10_residual - target)) + 10;
  }
  PrecisionScope precision(result.working_digits);
  const auto rank = numerical_rank(real_jacobian(net, to_reals(inputs), result.parameters),
                                   result.working_digits);
  result.jacobian_rank = rank.nonzero;
  result.log10_rank_gap = rank.log10_gap_ratio().value_or(0.0);
  return result;
}



std::string MemorizationResult::summary(const NetSpec& net, std::size_t points) const {
  std::ostringstream out;
  out << "memorized " << points << " points with " << net.arch_text() << " ("
      << net.activation.name << ", K = " << parameters.size() << "): max |f(x_i) - y_i| = 10^"
      << log10_abs(max_abs_residual) << " (" << digits << " digits asked, " << working_digits
      << " used), Jacobian rank "
      << jacobian_rank << " of " << points * static_cast<std::size_t>(net.outputs());
  return out.str();
}

}  // namespace landscape::algebra
