// The polyhedral start layer (internal; see homotopy.hpp for the layers): Huber & Sturmfels'
// homotopy from the mixed cells (mixed_volume.hpp) to the solutions of a start system G with
// random complex coefficients on F's supports (origin added), which the total-degree machinery
// then tracks to F with the gamma trick, G in place of x_i^{d_i} - x_h^{d_i}.
//
// For a cell with normal alpha, x = y t^alpha turns G_i's lifted terms c_a x^a t^{w_i(a)} into
//   h_i(y, t) = sum_a c_a y^a t^{e_a},   e_a = <a, alpha> + w_i(a) - beta_i >= 0,
// zero exactly at the cell's two points of A_i: at t = 0 a binomial system with |det| solutions
// (solved through the Hermite normal form), at t = 1 G itself. With the exponents divided by the
// smallest positive one, tracking runs in s = log t from s = log 1e-8 (where every other term is
// at most 1e-8 of its size, and large powers of t underflow harmlessly to 0) to s = 0.
#pragma once

#include <cstdint>
#include <vector>

#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/mixed_volume.hpp"

namespace landscape::algebra {

// The solutions of x^{v_i} = b_i (i = 1..n, V integer and non-singular, b in (C*)^n): |det V| of
// them, each exact up to rounding. Throws std::runtime_error when the Hermite transform's entries
// do not fit a double exactly.
std::vector<ComplexVector> binomial_solutions(const std::vector<Exponent>& V, const ComplexVector& b);

struct PolyhedralStart {
  std::vector<ComplexVector> coefficients;  // of G_i, one per point of supports[i]
  std::vector<ComplexVector> solutions;     // of G, one per path; empty where that start path failed
  std::vector<PathCode> codes;              // Success, or why the start path failed (a failure code:
                                            // never AtInfinity, G's solutions are finite)
  std::size_t failed = 0;
};

// G's coefficients (unit complex numbers, random phases from `seed`) and its solutions, tracked
// from every cell of `cells` (mixed_volume paths in all; `threads` workers; one rerun with
// smaller steps for a failed start path).
PolyhedralStart polyhedral_start(const MixedVolumeResult& cells, std::uint64_t seed, unsigned threads,
                                 const TrackerOptions& options);

// G as a NumericSystem (with `homogenize`, equation i homogenized to degrees[i]).
NumericSystem start_system(const MixedVolumeResult& cells, const PolyhedralStart& start,
                           const std::vector<int>& degrees, bool homogenize);

}  // namespace landscape::algebra
