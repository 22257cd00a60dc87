// Jacobians of the zero-loss system, their exact and modular ranks, the local dimension of the
// zero-loss set at a teacher point, and the network's functional dimension.
//
// Two independent algorithms give the Jacobian dF/dw at a point:
//   network_jacobian   forward-mode differentiation (Jet) through `landscape::forward`,
//                      no polynomials built: O(K * cost of a forward pass) per data point;
//   symbolic_jacobian  term by term from the FLINT polynomials of the system.
// Both run over Q (Fraction, exact) and over Z/pZ (ModP); the tests check that they agree.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "landscape/spec/row_matrix.hpp"

#include "landscape/algebra/flint_types.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"

namespace landscape::algebra {

template <class T>
using Matrix = std::vector<std::vector<T>>;  // rows

// dF_{i,k}/dw_j at `point`, rows i-major as in the zero-loss system (labels do not matter).
RowMatrix<Fraction> network_jacobian(const NetSpec& net, const RationalMatrix& inputs,
                                  const std::vector<Fraction>& point);
RowMatrix<ModP> network_jacobian(const NetSpec& net, const RowMatrix<ModP>& inputs,
                              const std::vector<ModP>& point, const PrimeField& field);

// The same from the polynomials: row r is the gradient of system.equations[r] at `point`.
RowMatrix<Fraction> symbolic_jacobian(const PolynomialSystem& system, const std::vector<Fraction>& point);
RowMatrix<ModP> symbolic_jacobian(const PolynomialSystem& system, const std::vector<ModP>& point,
                               const PrimeField& field);

// Reduces a rational matrix modulo p (throws std::domain_error if p divides a denominator).
RowMatrix<ModP> reduce_mod_p(const RationalMatrix& m, const PrimeField& field);
// A point of (Z/pZ)^n drawn from `seed`.
std::vector<ModP> random_point_mod_p(std::size_t n, std::uint64_t seed, const PrimeField& field);

// The rank of the Jacobian at a random point modulo p: the generic rank with probability at
// least 1 - deg/p (Schwartz-Zippel), and never above the rank over Q at a generic point.
long generic_jacobian_rank(const NetSpec& net, const RationalMatrix& inputs, std::uint64_t seed,
                           const PrimeField& field);

// Functional dimension: the generic rank of w -> (coefficients of f(.; w) as a polynomial in x).
// By evaluation: the Jacobian of w -> (f(z_m; w))_m at a random w and M >= K random points z_m of
// (Z/pZ)^d0 has that rank (evaluation at M >= dim generic points is injective on a space of
// polynomial maps). Throws InputError for a non-polynomial activation.
long functional_dimension_mod_p(const NetSpec& net, std::uint64_t seed, const PrimeField& field);
// By the coefficient map itself, exactly over Q at a random integer point: builds f with the
// inputs as symbols too, so it is for small networks (a second, independent method).
long functional_dimension_by_coefficients(const NetSpec& net, std::uint64_t seed);

// Everything `landscape dim` reports.
struct DimensionReport {
  std::size_t parameters = 0;  // K
  std::size_t equations = 0;   // N * dL
  long expected_dimension = 0;  // K - N * dL
  long jacobian_rank = 0;       // at the teacher point if there is one, else generic
  std::string method;           // how jacobian_rank was computed
  // The local dimension of the zero-loss set at the teacher point, when ranks decide it: the
  // Jacobian's rank there equals the generic (maximal) rank, so it is constant nearby and the set
  // is there a manifold of dimension K - rank (constant-rank theorem). At a point of lower rank
  // (a singular point) K - rank is only the tangent space's dimension, an upper bound: the local
  // dimension is then undecided (nullopt) between dimension_bounds. nullopt without a teacher.
  std::optional<long> dimension;
  std::optional<long> tangent_dimension;  // K - rank at the teacher point
  // Every component of the zero-loss set through the teacher has dimension >= K - generic rank
  // (fibres of the weights -> outputs map) and the local dimension is <= the tangent dimension.
  std::optional<std::pair<long, long>> dimension_bounds;
  // rank == N * dL at the teacher: the zero-loss set is there a smooth manifold of dimension
  // K - N * dL. Without a teacher: nullopt.
  std::optional<bool> smooth_of_expected_dimension;
  long generic_rank = 0;        // at a random point modulo p
  long functional_dimension = 0;
  std::uint64_t seed = 0;
  std::uint64_t prime = 0;
  // N * dL > generic_rank: the image of the weights has dimension < N * dL, so generic labels
  // make the system inconsistent.
  bool inconsistent_for_generic_labels() const {
    return static_cast<long>(equations) > generic_rank;
  }
  std::string summary() const;  // one line
};

DimensionReport dimension_report(const NetSpec& net, const RationalMatrix& inputs,
                                 const std::optional<std::vector<Rational>>& teacher,
                                 std::uint64_t seed, const PrimeField& field = PrimeField());

}  // namespace landscape::algebra
