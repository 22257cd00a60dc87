// The stable mixed volume (see mixed_volume.hpp): fine mixed cells of a lifting that refines the
// coarse one of the added origins, each checked in exact arithmetic to lie in a coarse cell.
#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "landscape/algebra/mixed_volume.hpp"

namespace landscape::algebra {

namespace {

struct Flint {
  fmpz_mat_t D, x, r;
  fmpz_t den, v;
  explicit Flint(slong n) {
    fmpz_mat_init(D, n, n);
    fmpz_mat_init(x, n, 1);
    fmpz_mat_init(r, n, 1);
    fmpz_init(den);
    fmpz_init(v);
  }
  ~Flint() {
    fmpz_mat_clear(D);
    fmpz_mat_clear(x);
    fmpz_mat_clear(r);
    fmpz_clear(den);
    fmpz_clear(v);
  }
  Flint(const Flint&) = delete;
  Flint& operator=(const Flint&) = delete;
};

// The coarse normal alpha0 = x / den of `cell` (w0 the coarse lifting); whether its edges lie on
// the coarse lower faces (nothing when they do not), and if so whether alpha0 >= 0.
std::optional<bool> coarse_cell_is_stable(const std::vector<Support>& A, const std::vector<std::vector<int>>& w0,
                                          const MixedCell& cell, Flint& f) {
  const std::size_t n = A.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [p, q] = cell.edges[i];
    for (std::size_t j = 0; j < n; ++j)
      fmpz_set_si(fmpz_mat_entry(f.D, i, j), static_cast<slong>(A[i][q][j]) - static_cast<slong>(A[i][p][j]));
    fmpz_set_si(fmpz_mat_entry(f.r, i, 0), w0[i][p] - w0[i][q]);
  }
  if (!fmpz_mat_solve(f.x, f.den, f.D, f.r)) return std::nullopt;  // a fine cell has a non-zero volume
  const int sign = fmpz_sgn(f.den);
  // den * (<c - p, alpha0> + w0(c) - w0(p)) >= 0 for every point c of A_i, times sign(den).
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = cell.edges[i][0];
    for (std::size_t c = 0; c < A[i].size(); ++c) {
      fmpz_mul_si(f.v, f.den, w0[i][c] - w0[i][p]);
      for (std::size_t j = 0; j < n; ++j)
        fmpz_addmul_si(f.v, fmpz_mat_entry(f.x, j, 0), static_cast<slong>(A[i][c][j]) - static_cast<slong>(A[i][p][j]));
      if (fmpz_sgn(f.v) * sign < 0) return std::nullopt;
    }
  }
  for (std::size_t j = 0; j < n; ++j)
    if (fmpz_sgn(fmpz_mat_entry(f.x, j, 0)) * sign < 0) return false;
  return true;
}

}  // namespace

StableMixedVolumeResult stable_mixed_volume(const std::vector<Support>& supports, const MixedVolumeOptions& options) {
  std::vector<Support> A = supports;
  std::vector<std::vector<int>> w0;
  for (auto& S : A) {
    w0.emplace_back(S.size(), 0);
    if (std::none_of(S.begin(), S.end(), [](const Exponent& a) { return std::all_of(a.begin(), a.end(), [](auto e) { return e == 0; }); })) {
      S.emplace_back(S.empty() ? 0 : S[0].size(), 0);
      w0.back().push_back(1);
    }
  }
  Flint f(static_cast<slong>(A.size()));
  for (double M = 16; M <= 1099511627776.0; M *= 16) {
    MixedVolumeOptions o = options;
    o.base_lifting.clear();
    for (const auto& w : w0) {
      o.base_lifting.emplace_back();
      for (int v : w) o.base_lifting.back().push_back(M * v);
    }
    StableMixedVolumeResult out;
    out.subdivision = mixed_cells(A, o);
    out.origin_lift = M;
    if (!out.subdivision.complete) return out;  // a part of the cells: the stable ones are not known
    bool refines = true;
    for (const auto& cell : out.subdivision.cells) {
      const auto stable = coarse_cell_is_stable(out.subdivision.supports, w0, cell, f);
      if (!stable) {
        refines = false;
        break;
      }
      if (*stable) {
        out.stable_mixed_volume += cell.volume;
        ++out.stable_cells;
      }
    }
    if (refines) return out;
  }
  throw std::runtime_error("stable mixed volume: no lifting of the added origins up to 2^40 refines their subdivision");
}

}  // namespace landscape::algebra
