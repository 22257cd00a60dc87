// Second-order forward-mode differentiation through `landscape::forward`, and the Hessian of the
// square loss split into its Gauss-Newton and residual parts (the 2018 slides):
//
//   L(w) = sum_i |f(x_i; w) - y_i|^2,
//   Hess L = 2 J^T J  (Gauss-Newton)  +  2 sum_{i,k} r_{i,k} Hess f_k(x_i; w)  (residual part).
//
// A HyperJet carries a value, its gradient and its Hessian, all sparse: a pre-activation of the
// first layer depends on d0 + 1 parameters only, so the cost stays near that of the non-zero
// blocks. Works over any field-like T: Fraction (exact, for polynomial activations) or Real
// (MPFR, for every activation).
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <utility>
#include <vector>

#include "landscape/spec/row_matrix.hpp"

#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

template <class T>
struct HyperJet {
  T value;
  std::map<std::size_t, T> gradient;                         // non-zero entries
  std::map<std::pair<std::size_t, std::size_t>, T> hessian;  // upper triangle, i <= j

  static HyperJet constant(T v) { return HyperJet{std::move(v), {}, {}}; }
  static HyperJet variable(T v, std::size_t k) {
    HyperJet j{std::move(v), {}, {}};
    j.gradient.emplace(k, T(1));
    return j;
  }

  friend HyperJet operator+(const HyperJet& a, const HyperJet& b) {
    HyperJet r = a;
    r.value = a.value + b.value;
    for (const auto& [k, g] : b.gradient) add_to(r.gradient, k, g);
    for (const auto& [k, h] : b.hessian) add_to(r.hessian, k, h);
    return r;
  }
  friend HyperJet operator*(const HyperJet& a, const HyperJet& b) {
    HyperJet r{a.value * b.value, {}, {}};
    for (const auto& [k, g] : a.gradient) add_to(r.gradient, k, b.value * g);
    for (const auto& [k, g] : b.gradient) add_to(r.gradient, k, a.value * g);
    for (const auto& [k, h] : a.hessian) add_to(r.hessian, k, b.value * h);
    for (const auto& [k, h] : b.hessian) add_to(r.hessian, k, a.value * h);
    // a g_b^T + g_b a^T, stored on the upper triangle
    for (const auto& [i, ai] : a.gradient)
      for (const auto& [j, bj] : b.gradient) {
        const T p = ai * bj;
        if (i == j)
          add_to(r.hessian, {i, i}, p + p);
        else
          add_to(r.hessian, {std::min(i, j), std::max(i, j)}, p);
      }
    return r;
  }
  // sigma(a) given s = {sigma(v), sigma'(v), sigma''(v)} at v = a.value.
  HyperJet apply(const std::array<T, 3>& s) const {
    HyperJet r{s[0], {}, {}};
    for (const auto& [k, g] : gradient) add_to(r.gradient, k, s[1] * g);
    for (const auto& [k, h] : hessian) add_to(r.hessian, k, s[1] * h);
    for (auto i = gradient.begin(); i != gradient.end(); ++i)
      for (auto j = i; j != gradient.end(); ++j)
        add_to(r.hessian, {i->first, j->first}, s[2] * i->second * j->second);
    return r;
  }

 private:
  template <class Key>
  static void add_to(std::map<Key, T>& m, const Key& k, const T& v) {
    auto it = m.find(k);
    if (it == m.end())
      m.emplace(k, v);
    else
      it->second = it->second + v;
  }
};

template <class T>
using DenseMatrix = std::vector<std::vector<T>>;

template <class T>
struct LossHessian {
  std::vector<T> residuals;      // r_{i,k} = f_k(x_i) - y_{i,k}, i-major
  RowMatrix<T> jacobian;       // dr/dw, one row per residual
  RowMatrix<T> gauss_newton;   // 2 J^T J
  RowMatrix<T> residual_part;  // 2 sum r Hess f
  T loss;                        // sum r^2
  RowMatrix<T> hessian() const {
    RowMatrix<T> h = gauss_newton;
    for (std::size_t i = 0; i < h.size(); ++i)
      for (std::size_t j = 0; j < h.size(); ++j) h[i][j] = h[i][j] + residual_part[i][j];
    return h;
  }
};

// `derivatives(z)` returns {sigma(z), sigma'(z), sigma''(z)} in T.
template <class T, class Derivatives>
LossHessian<T> loss_hessian(const NetSpec& net, const RowMatrix<T>& inputs,
                            const RowMatrix<T>& labels, const std::vector<T>& params,
                            Derivatives&& derivatives) {
  const std::size_t K = params.size();
  std::vector<HyperJet<T>> w;
  for (std::size_t k = 0; k < K; ++k) w.push_back(HyperJet<T>::variable(params[k], k));
  auto sigma = [&](const HyperJet<T>& z) { return z.apply(derivatives(z.value)); };
  LossHessian<T> out;
  out.loss = T(0);
  out.gauss_newton.assign(K, std::vector<T>(K, T(0)));
  out.residual_part.assign(K, std::vector<T>(K, T(0)));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::vector<HyperJet<T>> x;
    for (const auto& xi : inputs[i]) x.push_back(HyperJet<T>::constant(xi));
    const auto f = forward(net, w, x, sigma);
    for (std::size_t k = 0; k < f.size(); ++k) {
      const T r = f[k].value - labels[i][k];
      out.residuals.push_back(r);
      out.loss = out.loss + r * r;
      std::vector<T> row(K, T(0));
      for (const auto& [j, g] : f[k].gradient) row[j] = g;
      for (const auto& [a, ga] : f[k].gradient)
        for (const auto& [b, gb] : f[k].gradient)
          out.gauss_newton[a][b] = out.gauss_newton[a][b] + T(2) * ga * gb;
      for (const auto& [ab, h] : f[k].hessian) {
        const T v = T(2) * r * h;
        out.residual_part[ab.first][ab.second] = out.residual_part[ab.first][ab.second] + v;
        if (ab.first != ab.second)
          out.residual_part[ab.second][ab.first] = out.residual_part[ab.second][ab.first] + v;
      }
      out.jacobian.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace landscape::algebra
