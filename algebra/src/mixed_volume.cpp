// Mixed cells of a random lifting (see mixed_volume.hpp): the two-phase simplex that decides
// whether a set of edges can share an inner normal, the pair table, and the depth-first search.
#include "landscape/algebra/mixed_volume.hpp"

#include <flint/fmpz_mat.h>

#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"
#include "worker_threads.hpp"

namespace landscape::algebra {

std::vector<Support> supports_of(const PolynomialSystem& system, bool add_origin) {
  const auto* ctx = system.ring->ctx();
  const std::size_t n = system.ring->variables();
  std::vector<ulong> exps(n);
  std::vector<Support> supports;
  for (const auto& F : system.equations) {
    Support A;
    bool origin = false;
    for (slong t = 0; t < fmpq_mpoly_length(F.get(), ctx); ++t) {
      fmpq_mpoly_get_term_exp_ui(exps.data(), F.get(), t, ctx);
      A.emplace_back(exps.begin(), exps.end());
      origin = origin || std::all_of(exps.begin(), exps.end(), [](ulong e) { return e == 0; });
    }
    if (add_origin && !origin) A.emplace_back(n, 0);
    supports.push_back(std::move(A));
  }
  return supports;
}

namespace {

// Is { alpha in R^n : A_r . alpha = b_r (r < equalities), A_r . alpha >= b_r (r >= equalities) }
// non-empty? Phase 1 of the simplex method on alpha = u - v (u, v >= 0), a surplus for every
// inequality and an artificial for the rows that need one, with Bland's rule. Lenient: an
// infeasibility within `tolerance`, or no optimum within the iteration cap, counts as feasible
// (the search only prunes with it; cells are decided at full depth by the margin check).
class FeasibilityProgram {
 public:
  bool feasible(int n, const std::vector<double>& A, const std::vector<double>& b, std::size_t equalities) {
    const std::size_t R = b.size(), N = static_cast<std::size_t>(n), surplus = R - equalities;
    // An inequality a.alpha >= b with b <= 0 starts feasible with its surplus basic (-a.alpha + s =
    // -b); every other row gets an artificial.
    auto artificial = [&](std::size_t r) { return r < equalities || b[r] > 0; };
    std::size_t artificials = 0;
    for (std::size_t r = 0; r < R; ++r) artificials += artificial(r);
    const std::size_t C = 2 * N + surplus + artificials;  // columns before the right-hand side
    W_ = C + 1;
    T_.assign((R + 1) * W_, 0.0);
    basis_.resize(R);
    double scale = 1;
    for (std::size_t r = 0, k = 0; r < R; ++r) {
      const double sign = b[r] < 0 || (r >= equalities && b[r] == 0) ? -1 : 1;
      for (std::size_t j = 0; j < N; ++j) {
        at(r, j) = sign * A[r * N + j];
        at(r, N + j) = -sign * A[r * N + j];
      }
      if (r >= equalities) at(r, 2 * N + r - equalities) = -sign;
      at(r, C) = sign * b[r];
      if (artificial(r)) {
        at(r, 2 * N + surplus + k) = 1;
        basis_[r] = 2 * N + surplus + k++;
        for (std::size_t j = 0; j < 2 * N + surplus; ++j) at(R, j) -= at(r, j);
        at(R, C) -= at(r, C);
      } else {
        basis_[r] = 2 * N + r - equalities;
      }
      scale = std::max(scale, std::abs(b[r]));
    }
    const double eps = 1e-11, tolerance = 1e-7 * scale;
    for (std::size_t iteration = 0;; ++iteration) {
      // Not optimal within the cap (a stall in floating point): undecided, so never prune on it.
      if (iteration == 50 * (R + C)) return true;
      std::size_t enter = C;
      for (std::size_t j = 0; j < C && enter == C; ++j)
        if (at(R, j) < -eps) enter = j;
      if (enter == C) break;
      std::size_t leave = R;
      double best = 0;
      for (std::size_t r = 0; r < R; ++r) {
        if (at(r, enter) <= eps) continue;
        const double ratio = at(r, C) / at(r, enter);
        if (leave == R || ratio < best - 1e-14 || (ratio <= best + 1e-14 && basis_[r] < basis_[leave])) {
          leave = r;
          best = ratio;
        }
      }
      if (leave == R) return true;  // unbounded phase 1 cannot happen; never prune on it
      pivot(leave, enter, R);
    }
    return -at(R, C) <= tolerance;  // optimal: the sum of the artificials left
  }

 private:
  double& at(std::size_t r, std::size_t c) { return T_[r * W_ + c]; }
  void pivot(std::size_t row, std::size_t column, std::size_t R) {
    const double p = at(row, column);
    for (std::size_t c = 0; c < W_; ++c) at(row, c) /= p;
    for (std::size_t r = 0; r <= R; ++r) {
      if (r == row) continue;
      const double f = at(r, column);
      if (f == 0) continue;
      for (std::size_t c = 0; c < W_; ++c) at(r, c) -= f * at(row, c);
    }
    basis_[row] = column;
  }
  std::vector<double> T_;
  std::vector<std::size_t> basis_;
  std::size_t W_ = 0;
};

using Edge = std::array<std::size_t, 2>;

// What the workers share: the supports, their lifting and lower edges (read only), and the running
// total of the volumes found, with the flags that stop every worker.
struct SearchShared {
  const std::vector<Support>& A;
  const std::vector<std::vector<double>>& w;
  std::uint64_t max_volume;
  std::vector<std::vector<Edge>> edges;  // per support: the edges that are lower edges on their own
  std::atomic<std::uint64_t> total{0};
  std::atomic<bool> tie{false}, incomplete{false};
  bool stopped() const { return tie || incomplete; }
};

// One worker's depth-first search, with its own linear program and its own lazily filled table
// of compatible pairs.
class CellSearch {
 public:
  explicit CellSearch(SearchShared& shared) : S_(shared), A_(shared.A), w_(shared.w), n_(static_cast<int>(A_.size())) {
    const std::size_t n = A_.size();
    chosen_.assign(n, kNone);
    if (S_.edges.size() != n) return;  // the set-up search: lower edges only
    // compatible_[i][j][e * |edges_j| + f] (i < j): edge e of A_i and edge f of A_j share a normal;
    // 0 until asked (a two-support linear program), then 1 (yes) or 2 (no).
    compatible_.assign(n, std::vector<std::vector<char>>(n));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j) compatible_[i][j].assign(S_.edges[i].size() * S_.edges[j].size(), 0);
  }

  std::size_t linear_programs = 0;

  // The edges of A_i that are lower edges of the lifted A_i on their own.
  std::vector<Edge> lower_edges(std::size_t i) {
    std::vector<Edge> out;
    for (std::size_t p = 0; p < A_[i].size(); ++p)
      for (std::size_t q = p + 1; q < A_[i].size(); ++q)
        if (feasible({{i, Edge{p, q}}})) out.push_back(Edge{p, q});
    return out;
  }

  // Every cell that uses edge e of A_level (appended to `cells`).
  void branch(std::size_t level, std::size_t e, std::vector<MixedCell>& cells) {
    std::vector<std::vector<std::size_t>> all(A_.size());
    for (std::size_t i = 0; i < A_.size(); ++i)
      for (std::size_t f = 0; f < S_.edges[i].size(); ++f) all[i].push_back(f);
    extend(0, level, e, all, cells);
  }

 private:
  using Choice = std::pair<std::size_t, Edge>;  // (support, edge)
  static constexpr std::size_t kNone = ~std::size_t{0};

  bool feasible(const std::vector<Choice>& choices) {
    const std::size_t N = A_.size();
    std::vector<double> M, b;
    for (const auto& [i, e] : choices) {
      const auto &p = A_[i][e[0]], &q = A_[i][e[1]];
      for (std::size_t j = 0; j < N; ++j) M.push_back(q[j] - p[j]);
      b.push_back(w_[i][e[0]] - w_[i][e[1]]);
    }
    for (const auto& [i, e] : choices) {
      const auto& p = A_[i][e[0]];
      for (std::size_t k = 0; k < A_[i].size(); ++k) {
        if (k == e[0] || k == e[1]) continue;
        for (std::size_t j = 0; j < N; ++j) M.push_back(A_[i][k][j] - p[j]);
        b.push_back(w_[i][e[0]] - w_[i][k]);
      }
    }
    ++linear_programs;
    return lp_.feasible(n_, M, b, choices.size());
  }

  bool compatible(std::size_t i, std::size_t e, std::size_t j, std::size_t f) {
    if (i > j) return compatible(j, f, i, e);
    char& known = compatible_[i][j][e * S_.edges[j].size() + f];
    if (!known) known = feasible({{i, S_.edges[i][e]}, {j, S_.edges[j][f]}}) ? 1 : 2;
    return known == 1;
  }

  // candidates[j]: the edges of A_j compatible with every edge chosen so far (forward checking: a
  // support left without candidates ends the branch before any linear program). The next support
  // is the one with the fewest candidates.
  void search(std::size_t depth, const std::vector<std::vector<std::size_t>>& candidates, std::vector<MixedCell>& cells) {
    const std::size_t n = A_.size();
    std::size_t level = n;
    for (std::size_t j = 0; j < n; ++j)
      if (chosen_[j] == kNone && (level == n || candidates[j].size() < candidates[level].size())) level = j;
    for (std::size_t e : candidates[level]) {
      if (S_.stopped()) return;
      extend(depth, level, e, candidates, cells);
    }
  }

  // Edge e for A_level, `depth` supports already chosen.
  void extend(std::size_t depth, std::size_t level, std::size_t e, const std::vector<std::vector<std::size_t>>& candidates,
              std::vector<MixedCell>& cells) {
    const std::size_t n = A_.size();
    chosen_[level] = e;
    std::vector<std::vector<std::size_t>> next(n);
    bool alive = true;
    for (std::size_t j = 0; j < n && alive; ++j) {
      if (chosen_[j] != kNone) continue;
      for (std::size_t f : candidates[j])
        if (compatible(level, e, j, f)) next[j].push_back(f);
      alive = !next[j].empty();
    }
    if (alive && depth + 1 == n) {
      leaf(cells);
    } else if (alive) {
      std::vector<Choice> choices;
      for (std::size_t i = 0; i < n; ++i)
        if (chosen_[i] != kNone) choices.push_back({i, S_.edges[i][chosen_[i]]});
      if (depth < 1 || depth + 2 >= n || feasible(choices)) search(depth + 1, next, cells);
    }
    chosen_[level] = kNone;
  }

  // All n edges chosen: alpha from the n equalities, then every inequality with a margin.
  void leaf(std::vector<MixedCell>& cells) {
    const std::size_t n = A_.size();
    const auto N = static_cast<Eigen::Index>(n);
    Eigen::MatrixXd D(N, N);
    Eigen::VectorXd rhs(N);
    for (std::size_t i = 0; i < n; ++i) {
      const Edge& e = S_.edges[i][chosen_[i]];
      for (std::size_t j = 0; j < n; ++j)
        D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = A_[i][e[1]][j] - A_[i][e[0]][j];
      rhs(static_cast<Eigen::Index>(i)) = w_[i][e[0]] - w_[i][e[1]];
    }
    const auto lu = D.fullPivLu();
    if (lu.rank() < N) return;  // edges in a hyperplane: no cell (a generic lifting has no such facet)
    const Eigen::VectorXd alpha = lu.solve(rhs);
    const double tolerance = 1e-9 * (1 + alpha.cwiseAbs().maxCoeff());
    for (std::size_t i = 0; i < n; ++i) {
      const Edge& e = S_.edges[i][chosen_[i]];
      double base = w_[i][e[0]];
      for (std::size_t j = 0; j < n; ++j) base += A_[i][e[0]][j] * alpha(static_cast<Eigen::Index>(j));
      for (std::size_t k = 0; k < A_[i].size(); ++k) {
        if (k == e[0] || k == e[1]) continue;
        double v = w_[i][k];
        for (std::size_t j = 0; j < n; ++j) v += A_[i][k][j] * alpha(static_cast<Eigen::Index>(j));
        const double margin = v - base;
        if (margin < -tolerance) return;
        if (margin <= tolerance) {
          S_.tie = true;
          return;
        }
      }
    }
    // The volume exactly (integer determinant).
    fmpz_mat_t M;
    fmpz_mat_init(M, static_cast<slong>(n), static_cast<slong>(n));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        fmpz_set_si(fmpz_mat_entry(M, i, j), static_cast<slong>(D(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j))));
    fmpz_t det;
    fmpz_init(det);
    fmpz_mat_det(det, M);
    fmpz_abs(det, det);
    const bool zero = fmpz_is_zero(det), huge = fmpz_bits(det) > 62;
    const std::uint64_t volume = huge ? 0 : fmpz_get_ui(det);
    fmpz_clear(det);
    fmpz_mat_clear(M);
    if (zero) return;
    if (huge || S_.total.fetch_add(volume) + volume > S_.max_volume) {
      S_.incomplete = true;
      return;
    }
    MixedCell cell;
    for (std::size_t i = 0; i < n; ++i) cell.edges.push_back(S_.edges[i][chosen_[i]]);
    cell.normal.assign(alpha.data(), alpha.data() + n);
    cell.volume = volume;
    cells.push_back(std::move(cell));
  }

  SearchShared& S_;
  const std::vector<Support>& A_;
  const std::vector<std::vector<double>>& w_;
  int n_;
  FeasibilityProgram lp_;
  std::vector<std::vector<std::vector<char>>> compatible_;
  std::vector<std::size_t> chosen_;  // per support: an edge index, or kNone
};

}  // namespace

MixedVolumeResult mixed_cells(const std::vector<Support>& supports, const MixedVolumeOptions& options) {
  const std::size_t n = supports.size();
  if (n == 0) throw InputError("mixed volume: no supports");
  for (std::size_t i = 0; i < n; ++i) {
    if (supports[i].size() < 2)
      throw InputError("mixed volume: support " + std::to_string(i + 1) + " has fewer than two points");
    for (const auto& a : supports[i])
      if (a.size() != n)
        throw InputError("mixed volume: support " + std::to_string(i + 1) + " has a point of " +
                         std::to_string(a.size()) + " coordinates; " + std::to_string(n) + " supports need " +
                         std::to_string(n));
  }
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  for (int attempt = 0; attempt < options.max_liftings; ++attempt) {
    MixedVolumeResult out;
    out.supports = supports;
    out.seed = options.seed + static_cast<std::uint64_t>(attempt);
    out.liftings_tried = attempt + 1;
    SplitMix64 rng(out.seed);
    for (const auto& A : supports) {
      out.lifting.emplace_back();
      for (std::size_t k = 0; k < A.size(); ++k) out.lifting.back().push_back(rng.uniform01());
    }
    for (std::size_t i = 0; i < options.base_lifting.size() && i < n; ++i)
      for (std::size_t k = 0; k < options.base_lifting[i].size() && k < supports[i].size(); ++k)
        out.lifting[i][k] += options.base_lifting[i][k];
    SearchShared shared{out.supports, out.lifting, options.max_volume, {}, {}, {}, {}};
    {
      CellSearch setup(shared);
      for (std::size_t i = 0; i < n; ++i) shared.edges.push_back(setup.lower_edges(i));
      out.linear_programs = setup.linear_programs;
    }
    // One job per lower edge of the support with the fewest: its cells, in the jobs' order.
    std::size_t first = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (shared.edges[i].size() < shared.edges[first].size()) first = i;
    std::vector<std::vector<MixedCell>> found(shared.edges[first].size());
    std::atomic<std::size_t> next{0}, programs{0};
    const auto caller = std::this_thread::get_id();
    run_worker_threads(threads, [&] {
      CellSearch search(shared);
      for (std::size_t k; (k = next++) < found.size() && !shared.stopped();) search.branch(first, k, found[k]);
      programs += search.linear_programs;
      // The volumes' determinants leave FLINT's per-thread integer caches behind in a worker.
      if (std::this_thread::get_id() != caller) flint_cleanup();
    });
    if (shared.tie) continue;
    out.linear_programs += programs;
    out.complete = !shared.incomplete;
    for (auto& cells : found)
      for (auto& cell : cells) {
        out.mixed_volume += cell.volume;
        out.cells.push_back(std::move(cell));
      }
    return out;
  }
  throw std::runtime_error("mixed volume: " + std::to_string(options.max_liftings) +
                           " random liftings all had ties; the mixed cells are not fine");
}

}  // namespace landscape::algebra
