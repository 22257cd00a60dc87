#include "landscape/algebra/jacobian.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "landscape/algebra/horner.hpp"
#include "landscape/algebra/jet.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

namespace {

// Forward-mode Jacobian of all outputs at all inputs; `coefficients` are sigma's in T.
template <class T>
RowMatrix<T> forward_mode_jacobian(const NetSpec& net, const RowMatrix<T>& inputs,
                                const std::vector<T>& point, const std::vector<T>& coefficients,
                                const T& zero, const T& one) {
  const std::size_t K = point.size();
  std::vector<Jet<T>> params;
  params.reserve(K);
  for (std::size_t k = 0; k < K; ++k) params.push_back(Jet<T>::variable(point[k], k, K, zero, one));
  std::vector<Jet<T>> sigma_coefficients;
  for (const auto& c : coefficients) sigma_coefficients.push_back(Jet<T>::constant(c, K, zero));
  auto sigma = [&](const Jet<T>& z) { return horner(sigma_coefficients, z); };
  RowMatrix<T> rows;
  for (const auto& x : inputs) {
    std::vector<Jet<T>> input;
    for (const auto& xi : x) input.push_back(Jet<T>::constant(xi, K, zero));
    for (auto& out : forward(net, params, input, sigma)) rows.push_back(std::move(out.gradient));
  }
  return rows;
}

// Gradient of every equation at `point`, term by term: for a term c * prod_j v_j^{e_j}, the
// derivative in v_j is c * e_j * v_j^{e_j - 1} * prod_{i != j} v_i^{e_i}.
template <class T, class Convert>
RowMatrix<T> termwise_jacobian(const PolynomialSystem& system, const std::vector<T>& point,
                            const T& zero, const T& one, Convert convert) {
  const auto* ctx = system.ring->ctx();
  const std::size_t K = system.ring->variables();
  if (point.size() != K) throw std::invalid_argument("symbolic_jacobian: point has the wrong size");
  long max_degree = 0;
  for (const auto& F : system.equations) max_degree = std::max(max_degree, F.total_degree());
  // powers[k][e] = point[k]^e
  std::vector<std::vector<T>> powers(K);
  for (std::size_t k = 0; k < K; ++k) {
    powers[k].push_back(one);
    for (long e = 1; e <= max_degree; ++e) powers[k].push_back(powers[k].back() * point[k]);
  }
  RowMatrix<T> rows(system.equations.size(), std::vector<T>(K, zero));
  std::vector<ulong> exps(K);
  std::vector<std::size_t> support;
  std::vector<T> prefix, suffix;
  Fraction c;
  for (std::size_t r = 0; r < system.equations.size(); ++r) {
    const auto* F = system.equations[r].get();
    const slong terms = fmpq_mpoly_length(F, ctx);
    for (slong t = 0; t < terms; ++t) {
      fmpq_mpoly_get_term_coeff_fmpq(c.get(), F, t, ctx);
      fmpq_mpoly_get_term_exp_ui(exps.data(), F, t, ctx);
      support.clear();
      for (std::size_t j = 0; j < K; ++j)
        if (exps[j] != 0) support.push_back(j);
      if (support.empty()) continue;
      const T coefficient = convert(c);
      // prefix[s] = product of the factors before support[s], suffix likewise after it.
      const std::size_t n = support.size();
      prefix.assign(n + 1, one);
      suffix.assign(n + 1, one);
      for (std::size_t s = 0; s < n; ++s)
        prefix[s + 1] = prefix[s] * powers[support[s]][exps[support[s]]];
      for (std::size_t s = n; s-- > 0;)
        suffix[s] = suffix[s + 1] * powers[support[s]][exps[support[s]]];
      for (std::size_t s = 0; s < n; ++s) {
        const std::size_t j = support[s];
        const T exponent = convert(Fraction(static_cast<long>(exps[j])));
        rows[r][j] = rows[r][j] + coefficient * exponent * powers[j][exps[j] - 1] * prefix[s] *
                                      suffix[s + 1];
      }
    }
  }
  return rows;
}

std::vector<ModP> to_mod_p(const std::vector<Fraction>& values, const PrimeField& field) {
  std::vector<ModP> out;
  for (const auto& v : values) out.emplace_back(v, field);
  return out;
}

}  // namespace

RowMatrix<Fraction> network_jacobian(const NetSpec& net, const RationalMatrix& inputs,
                                  const std::vector<Fraction>& point) {
  net.activation.require_polynomial("Jacobian");
  RowMatrix<Fraction> x;
  for (const auto& row : inputs) x.push_back(to_fractions(row));
  return forward_mode_jacobian(net, x, point, to_fractions(net.activation.coefficients),
                               Fraction(0), Fraction(1));
}

RowMatrix<ModP> network_jacobian(const NetSpec& net, const RowMatrix<ModP>& inputs,
                              const std::vector<ModP>& point, const PrimeField& field) {
  net.activation.require_polynomial("Jacobian");
  return forward_mode_jacobian(net, inputs, point,
                               to_mod_p(to_fractions(net.activation.coefficients), field),
                               ModP(0, field), ModP(1, field));
}

RowMatrix<Fraction> symbolic_jacobian(const PolynomialSystem& system,
                                   const std::vector<Fraction>& point) {
  return termwise_jacobian(system, point, Fraction(0), Fraction(1),
                           [](const Fraction& c) { return c; });
}

RowMatrix<ModP> symbolic_jacobian(const PolynomialSystem& system, const std::vector<ModP>& point,
                               const PrimeField& field) {
  return termwise_jacobian(system, point, ModP(0, field), ModP(1, field),
                           [&](const Fraction& c) { return ModP(c, field); });
}

RowMatrix<ModP> reduce_mod_p(const RationalMatrix& m, const PrimeField& field) {
  RowMatrix<ModP> out;
  for (const auto& row : m) out.push_back(to_mod_p(to_fractions(row), field));
  return out;
}

std::vector<ModP> random_point_mod_p(std::size_t n, std::uint64_t seed, const PrimeField& field) {
  SplitMix64 rng(seed);
  std::vector<ModP> point;
  for (std::size_t k = 0; k < n; ++k) point.emplace_back(rng.next(), field);
  return point;
}

long generic_jacobian_rank(const NetSpec& net, const RationalMatrix& inputs, std::uint64_t seed,
                           const PrimeField& field) {
  const auto J = network_jacobian(net, reduce_mod_p(inputs, field),
                                  random_point_mod_p(net.parameter_count(), seed, field), field);
  return rank_mod_p(J, net.parameter_count(), field);
}

long functional_dimension_mod_p(const NetSpec& net, std::uint64_t seed, const PrimeField& field) {
  net.activation.require_polynomial("functional dimension");
  const std::size_t K = net.parameter_count();
  // Separate streams for the weights and the evaluation points.
  const auto weights = random_point_mod_p(K, seed, field);
  const auto flat = random_point_mod_p((K + 2) * net.inputs(), seed ^ 0x5DEECE66DULL, field);
  RowMatrix<ModP> points;
  for (std::size_t m = 0; m < K + 2; ++m)
    points.emplace_back(flat.begin() + m * net.inputs(), flat.begin() + (m + 1) * net.inputs());
  return rank_mod_p(network_jacobian(net, points, weights, field), K, field);
}

long functional_dimension_by_coefficients(const NetSpec& net, std::uint64_t seed) {
  net.activation.require_polynomial("functional dimension");
  const std::size_t K = net.parameter_count();
  const std::size_t d0 = static_cast<std::size_t>(net.inputs());
  auto names = net.layout().variable_names();
  for (std::size_t j = 0; j < d0; ++j) names.push_back("x" + std::to_string(j + 1));
  auto ring = std::make_shared<PolyRing>(names);
  std::vector<Poly> params, input;
  for (std::size_t k = 0; k < K; ++k) params.push_back(Poly::variable(ring, k));
  for (std::size_t j = 0; j < d0; ++j) input.push_back(Poly::variable(ring, K + j));
  std::vector<Poly> coefficients;
  for (const auto& c : net.activation.coefficients) coefficients.emplace_back(ring, Fraction(c));
  const auto outputs =
      forward(net, params, input, [&](const Poly& z) { return horner(coefficients, z); });
  // Group the terms of each output by their monomial in x: the coefficient polynomials in w.
  std::map<std::vector<ulong>, Poly> by_monomial;
  std::vector<ulong> exps(K + d0);
  Fraction c;
  for (std::size_t k = 0; k < outputs.size(); ++k) {
    const auto* f = outputs[k].get();
    for (slong t = 0; t < fmpq_mpoly_length(f, ring->ctx()); ++t) {
      fmpq_mpoly_get_term_coeff_fmpq(c.get(), f, t, ring->ctx());
      fmpq_mpoly_get_term_exp_ui(exps.data(), f, t, ring->ctx());
      std::vector<ulong> key(exps.begin() + K, exps.end());
      key.push_back(k);
      std::fill(exps.begin() + K, exps.end(), 0);
      auto it = by_monomial.try_emplace(key, ring).first;
      fmpq_mpoly_set_coeff_fmpq_ui(it->second.get(), c.get(), exps.data(), ring->ctx());
    }
  }
  PolynomialSystem coefficient_map{ring, {}};
  for (auto& entry : by_monomial) coefficient_map.equations.push_back(std::move(entry.second));
  SplitMix64 rng(seed);
  std::vector<Fraction> point;
  for (std::size_t k = 0; k < K + d0; ++k)
    point.emplace_back(static_cast<long>(rng.uniform_int(-(1L << 30), 1L << 30)));
  return rank_over_q(symbolic_jacobian(coefficient_map, point), K + d0);
}

DimensionReport dimension_report(const NetSpec& net, const RationalMatrix& inputs,
                                 const std::optional<std::vector<Rational>>& teacher,
                                 std::uint64_t seed, const PrimeField& field) {
  DimensionReport r;
  r.parameters = net.parameter_count();
  r.equations = inputs.size() * static_cast<std::size_t>(net.outputs());
  r.expected_dimension = static_cast<long>(r.parameters) - static_cast<long>(r.equations);
  r.seed = seed;
  r.prime = field.prime();
  r.generic_rank = generic_jacobian_rank(net, inputs, seed, field);
  r.functional_dimension = functional_dimension_mod_p(net, seed, field);
  if (teacher) {
    r.jacobian_rank = rank_over_q(network_jacobian(net, inputs, to_fractions(*teacher)), r.parameters);
    r.method = "exact over Q at the teacher point";
    const long K = static_cast<long>(r.parameters);
    r.tangent_dimension = K - r.jacobian_rank;
    r.dimension_bounds = std::pair{std::min(K - r.generic_rank, *r.tangent_dimension), *r.tangent_dimension};
    // A rank above the "generic" one means the random point modulo p was unlucky: undecided.
    if (r.jacobian_rank == r.generic_rank) r.dimension = *r.tangent_dimension;
    r.smooth_of_expected_dimension = r.jacobian_rank == static_cast<long>(r.equations);
  } else {
    r.jacobian_rank = r.generic_rank;
    r.method = "modulo p = " + std::to_string(field.prime()) + " at a random point (seed " +
               std::to_string(seed) + ")";
  }
  return r;
}

std::string DimensionReport::summary() const {
  std::ostringstream out;
  out << "K = " << parameters << " parameters, " << equations << " equations: Jacobian rank "
      << jacobian_rank << " (" << method << "), ";
  if (dimension)
    out << "local dimension " << *dimension << " at the teacher ("
        << (*smooth_of_expected_dimension ? "smooth, as expected" : "smooth, rank below N*dL") << "), ";
  else if (tangent_dimension)
    out << "the teacher is a singular point (rank below the generic " << generic_rank
        << "): local dimension undecided, between " << dimension_bounds->first << " and the tangent dimension "
        << *tangent_dimension << ", ";
  out << "expected " << expected_dimension << ", generic rank " << generic_rank
      << ", functional dimension " << functional_dimension;
  if (inconsistent_for_generic_labels()) out << " (generic labels: inconsistent)";
  return out.str();
}

}  // namespace landscape::algebra
