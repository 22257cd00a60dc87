#include "landscape/algebra/symmetry.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <optional>
#include <sstream>

#include "complex_vectors.hpp"

namespace landscape::algebra {

namespace {

// A transformation of the full parameter vector: new[k] = sign[k] * old[source[k]].
struct Transform {
  std::vector<std::size_t> source;
  std::vector<int> sign;
};

bool parity(const Activation& a, int remainder) {  // all coefficients of degree % 2 == remainder vanish
  for (std::size_t k = 0; k < a.coefficients.size(); ++k)
    if (static_cast<int>(k % 2) == remainder && a.coefficients[k].numerator() != "0") return false;
  return true;
}

std::size_t find_parent(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// The order of one layer's factor, units! permutations x 2^units sign patterns, or nothing when it
// exceeds `limit` (checked arithmetic, before anything is enumerated: width 12 has 4.8e8
// permutations).
std::optional<std::size_t> layer_group_order(int units, bool permutable, bool flippable, std::size_t limit) {
  std::size_t order = 1;
  for (int k = 2; permutable && k <= units; ++k) {
    if (order > limit / static_cast<std::size_t>(k)) return std::nullopt;
    order *= static_cast<std::size_t>(k);
  }
  for (int k = 0; flippable && k < units; ++k) {
    if (order > limit / 2) return std::nullopt;
    order *= 2;
  }
  return order;
}

constexpr std::size_t kMaxGroupOrder = 100000;

}  // namespace

SymmetryReport symmetry_orbits(const NetSpec& net, const std::map<std::size_t, Rational>& fixed,
                               const std::vector<ComplexVector>& solutions) {
  SymmetryReport report;
  const bool even = net.activation.is_polynomial() && parity(net.activation, 1);
  const bool odd = net.activation.is_polynomial() && parity(net.activation, 0);
  const auto layout = net.layout();
  const auto& blocks = layout.blocks();
  const std::size_t K = layout.count(), per_layer = net.bias ? 2 : 1;
  const bool tree = net.topology == Topology::Tree4;
  // Activated layers: (layer index, units). Tree4: the shared lower unit and the output unit.
  struct Layer { std::size_t index; int units; bool permutable, flippable; };
  std::vector<Layer> layers;
  const std::size_t weight_layers = blocks.size() / per_layer;
  for (std::size_t l = 0; l < weight_layers; ++l) {
    const bool activated = tree || l + 1 < weight_layers;
    if (!activated) continue;
    const bool next_linear = !tree && l + 2 == weight_layers;
    layers.push_back({l, blocks[l * per_layer].rows, !tree, even || (odd && next_linear)});
  }
  // The identity, then compose per layer: every permutation times every sign pattern.
  std::vector<Transform> group(1);
  group[0].source.resize(K);
  std::iota(group[0].source.begin(), group[0].source.end(), 0);
  group[0].sign.assign(K, 1);
  std::ostringstream description;
  for (const auto& L : layers) {
    const auto factor = layer_group_order(L.units, L.permutable, L.flippable, kMaxGroupOrder);
    if (!factor || group.size() > kMaxGroupOrder / *factor) {
      report.description = "group too large to enumerate (more than " + std::to_string(kMaxGroupOrder) + " elements)";
      report.group_order = 0;
      report.preserving = 0;
      report.orbits = 0;
      report.closed = false;
      report.decided = false;
      return report;
    }
    std::vector<int> perm(static_cast<std::size_t>(L.units));
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<std::vector<int>> perms;
    do perms.push_back(perm);
    while (L.permutable && std::next_permutation(perm.begin(), perm.end()));
    const std::size_t flips = L.flippable ? (std::size_t(1) << L.units) : 1;
    description << (description.tellp() ? " x " : "") << "layer " << L.index + 1 << ": " << perms.size()
                << " permutations, " << flips << " sign patterns";
    const auto& W = blocks[L.index * per_layer];
    const ParameterBlock* b = net.bias ? &blocks[L.index * per_layer + 1] : nullptr;
    const ParameterBlock* next = (!tree && L.index + 1 < weight_layers) ? &blocks[(L.index + 1) * per_layer] : nullptr;
    std::vector<Transform> composed;
    for (const auto& g : group)
      for (const auto& p : perms)
        for (std::size_t mask = 0; mask < flips; ++mask) {
          Transform t = g;
          auto unit_sign = [&](int j) { return (mask >> j) & 1 ? -1 : 1; };
          for (int j = 0; j < L.units; ++j) {  // unit j takes the place of unit p[j]
            for (int c = 0; c < W.cols; ++c) {
              const std::size_t to = W.offset + static_cast<std::size_t>(j * W.cols + c);
              const std::size_t from = W.offset + static_cast<std::size_t>(p[static_cast<std::size_t>(j)] * W.cols + c);
              t.source[to] = g.source[from];
              t.sign[to] = g.sign[from] * unit_sign(j);
            }
            if (b) {
              t.source[b->offset + j] = g.source[b->offset + p[static_cast<std::size_t>(j)]];
              t.sign[b->offset + j] = g.sign[b->offset + p[static_cast<std::size_t>(j)]] * unit_sign(j);
            }
            if (next)
              for (int r = 0; r < next->rows; ++r) {
                const std::size_t to = next->offset + static_cast<std::size_t>(r * next->cols + j);
                const std::size_t from = next->offset + static_cast<std::size_t>(r * next->cols + p[static_cast<std::size_t>(j)]);
                t.source[to] = g.source[from];
                t.sign[to] = g.sign[from] * (odd && !even ? unit_sign(j) : 1);
              }
          }
          composed.push_back(std::move(t));
        }
    group = std::move(composed);
  }
  report.group_order = group.size();
  report.description = description.str().empty() ? "no finite symmetry" : description.str();

  // Elements preserving the fixed values; the free parameters' positions in the full vector.
  std::vector<std::size_t> free_positions;
  for (std::size_t k = 0; k < K; ++k)
    if (!fixed.count(k)) free_positions.push_back(k);
  auto full = [&](const ComplexVector& free) {
    ComplexVector w(K);
    for (const auto& [k, v] : fixed) w[k] = v.to_double();
    for (std::size_t i = 0; i < free_positions.size(); ++i) w[free_positions[i]] = free[i];
    return w;
  };
  std::vector<const Transform*> preserving;
  for (const auto& t : group) {
    bool ok = true;
    for (const auto& [k, v] : fixed) {
      const double image = t.sign[k] * (fixed.count(t.source[k]) ? fixed.at(t.source[k]).to_double() : NAN);
      ok = ok && std::abs(image - v.to_double()) <= 1e-12 * (1 + std::abs(v.to_double()));
    }
    if (ok) preserving.push_back(&t);
  }
  report.preserving = preserving.size();

  std::vector<std::size_t> parent(solutions.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (std::size_t s = 0; s < solutions.size(); ++s) {
    const auto w = full(solutions[s]);
    for (const auto* t : preserving) {
      ComplexVector image(free_positions.size());
      for (std::size_t i = 0; i < free_positions.size(); ++i) {
        const std::size_t k = free_positions[i];
        image[i] = static_cast<double>(t->sign[k]) * w[t->source[k]];
      }
      bool matched = false;
      const double scale = std::max(1.0, norm_inf(image));
      for (std::size_t u = 0; u < solutions.size() && !matched; ++u) {
        if (distance_inf(image, solutions[u]) <= 1e-6 * scale) {
          matched = true;
          parent[find_parent(parent, s)] = find_parent(parent, u);
        }
      }
      report.closed = report.closed && matched;
    }
  }
  for (std::size_t s = 0; s < solutions.size(); ++s) report.orbits += find_parent(parent, s) == s;
  return report;
}

}  // namespace landscape::algebra
