// The one dense matrix type of the project: rows of values (exact rationals, field elements,
// doubles, multiprecision reals); m[i][j] is row i, column j. Numerical kernels convert to Eigen
// where they factor (see algebra/src/dense_solver.hpp).
#pragma once

#include <vector>

namespace landscape {

template <typename T>
using RowMatrix = std::vector<std::vector<T>>;

}  // namespace landscape
