// Small dense square linear systems A y = b over double or MPFR complex numbers, by Eigen's LU
// with partial pivoting; the factorization's storage is kept between calls (one solver per
// tracker, so no allocation per step). Shared by the path trackers, the endgame and monodromy.
#pragma once

#include <Eigen/Dense>

#include <cstddef>

namespace landscape::algebra {

template <class C>
class DenseSolver {
 public:
  using Matrix = Eigen::Matrix<C, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using Vector = Eigen::Matrix<C, Eigen::Dynamic, 1>;

  explicit DenseSolver(int n) : lu_(n), y_(n) {}

  // Solves A y = b with A row-major n x n (left unchanged) and b overwritten by y. False for an
  // exactly singular A (a zero pivot: Eigen's LU does not divide by it but does not fail either).
  bool solve(const C* A, C* b, int n) {
    lu_.compute(Eigen::Map<const Matrix>(A, n, n));
    const auto diagonal = lu_.matrixLU().diagonal();
    for (Eigen::Index k = 0; k < diagonal.size(); ++k)
      if (diagonal(k) == C()) return false;
    Eigen::Map<Vector> rhs(b, n);
    y_ = lu_.solve(rhs);
    rhs = y_;
    return true;
  }

 private:
  Eigen::PartialPivLU<Matrix> lu_;
  Vector y_;
};

}  // namespace landscape::algebra
