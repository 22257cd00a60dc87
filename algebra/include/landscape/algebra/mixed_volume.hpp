// Mixed volume and fine mixed cells of a square polynomial system's supports (Huber & Sturmfels
// 1995), the first half of the polyhedral homotopy (polyhedral_homotopy.cpp does the tracking).
//
// Every support A_i gets a random lifting w_i: A_i -> R. A fine mixed cell is a choice of one
// edge {p_i, q_i} from every A_i and a vector alpha such that, for every i, <a, alpha> + w_i(a) is
// smallest over A_i exactly at p_i and q_i: a facet of the lower hull of the lifted Minkowski sum
// with inner normal (alpha, 1). Its volume is |det(q_1 - p_1, ..., q_n - p_n)|, and the volumes add
// up to the mixed volume MV(A_1, ..., A_n): Bernstein's bound on the isolated solutions with no
// coordinate zero, reached by generic coefficients.
//
// With the origin added to every support the mixed volume bounds the isolated solutions in all
// of C^n (Li & Wang 1996), which is the count `solve` uses: a solution with a zero coordinate
// (the origin solves every critical-point system of a network loss) is never lost. It is at least
// the stable mixed volume PHCpack reports and at most the Bezout number.
//
// Enumeration: depth-first over the supports, an edge of A_k joining the edges chosen for
// A_1..A_{k-1} only if every pair is compatible (a table of two-support linear programs, as in
// MixedVol, Gao, Li & Wu 2005) and the linear program of all of them is feasible (a dense
// two-phase simplex with Bland's rule, which prunes only on an optimal phase 1, leniently by
// 1e-7); at full depth alpha is solved for (double precision) and every inequality checked with a
// margin of 1e-9 (1 + |alpha|). A lifting with a tie there is not generic: it is redrawn.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "landscape/algebra/numeric_system.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

// The exponent vectors of each equation, in FLINT's term order; with `add_origin`, the zero
// vector is appended to every support that lacks it.
std::vector<Support> supports_of(const PolynomialSystem& system, bool add_origin);

struct MixedCell {
  std::vector<std::array<std::size_t, 2>> edges;  // per support, the two points (indices into it)
  std::vector<double> normal;                     // alpha
  std::uint64_t volume = 0;                       // |det| of the edge vectors
};

struct MixedVolumeOptions {
  std::uint64_t seed = 0;  // the lifting: w_i(a) uniform in [0, 1), drawn from the seed in order
  int max_liftings = 4;    // liftings drawn (seed, seed + 1, ...) before a tie is an error
  unsigned threads = 0;    // searching (0: one per core); the cells do not depend on it
  // Cells whose volumes add up to more than this stop the enumeration (the mixed volume is then
  // reported as "> limit" and `complete` is false).
  std::uint64_t max_volume = UINT64_MAX / 2;
  // Added to the random lifting: base_lifting[i][k] to that of supports[i][k] (empty: nothing).
  std::vector<std::vector<double>> base_lifting = {};
};

struct MixedVolumeResult {
  std::vector<Support> supports;
  std::vector<std::vector<double>> lifting;  // lifting[i][k]: of supports[i][k]
  std::vector<MixedCell> cells;
  std::uint64_t mixed_volume = 0;  // the sum of the cells' volumes (exact when complete)
  bool complete = true;            // false: stopped at max_volume (the cells are then a part)
  std::uint64_t seed = 0;          // the seed of the lifting used
  int liftings_tried = 1;
  std::size_t linear_programs = 0;  // solved during the enumeration (depends on the threads)
};

// Throws InputError when the supports are not n sets in Z^n, or a support has fewer than two
// points; std::runtime_error when max_liftings liftings all had ties.
MixedVolumeResult mixed_cells(const std::vector<Support>& supports, const MixedVolumeOptions& options = {});

// The stable mixed volume (Huber & Sturmfels 1997), the bound on the isolated solutions in C^n,
// counted with multiplicity, that PHCpack reports: at most the mixed volume with the origin added
// (which `solve` tracks), equal to it when every support has the origin.
//
// Lift the supports with the origin added by w0 = 1 at an added origin and 0 elsewhere; a cell of
// that (coarse) subdivision is stable when its inner normal (alpha0, 1) has alpha0 >= 0, and the
// stable mixed volume is the sum of the stable cells' mixed volumes. Here: the fine mixed cells of
// M w0 + (a random lifting), for M = 16, 256, 4096, ..., until every cell is checked, in exact
// rational arithmetic, to lie in a cell of the coarse subdivision (its edges lie on the lower
// face of the w0-lifted supports with normal alpha0, the solution of its n equalities). Then the
// fine cells in each coarse cell are a fine mixed subdivision of it (their volumes add up to the
// mixed volume, and no coarse cell can hold more), and the stable mixed volume is the volume of
// the fine cells with alpha0 >= 0.
struct StableMixedVolumeResult {
  // The fine mixed cells of M w0 + (random lifting) of the supports with the origin added (in
  // the order of supports_of(system, true)): a generic lifting, fit for the polyhedral start
  // system; subdivision.mixed_volume is the mixed volume with the origin, and `complete` false
  // when it stopped at options.max_volume (the stable mixed volume is then not known).
  MixedVolumeResult subdivision;
  std::uint64_t stable_mixed_volume = 0;
  std::size_t stable_cells = 0;
  double origin_lift = 0;  // M
};
// `supports` without the origin added (supports_of(system, false)). Throws as mixed_cells, and
// std::runtime_error when no M up to 2^40 passes the check.
StableMixedVolumeResult stable_mixed_volume(const std::vector<Support>& supports, const MixedVolumeOptions& options = {});

}  // namespace landscape::algebra
