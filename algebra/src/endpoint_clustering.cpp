// The aggregate layer: path results -> distinct solutions. Endpoints of finite paths that lie
// within a tolerance of each other form one solution; the number of paths in it is its
// multiplicity.
#include <algorithm>

#include "complex_vectors.hpp"
#include "landscape/algebra/homotopy.hpp"

namespace landscape::algebra {

std::vector<Solution> cluster_endpoints(std::vector<PathResult>& paths) {
  std::vector<std::size_t> finite;
  for (std::size_t k = 0; k < paths.size(); ++k)
    if (paths[k].status == PathStatus::Nonsingular || paths[k].status == PathStatus::Singular)
      finite.push_back(k);
  // Sort by the real part of the first coordinate so that neighbours are close in the list.
  std::sort(finite.begin(), finite.end(), [&](std::size_t a, std::size_t b) {
    return paths[a].endpoint[0].real() < paths[b].endpoint[0].real();
  });
  std::vector<Solution> solutions;
  std::vector<bool> used(paths.size(), false);
  for (std::size_t ai = 0; ai < finite.size(); ++ai) {
    const std::size_t a = finite[ai];
    if (used[a]) continue;
    used[a] = true;
    Solution s;
    s.point = paths[a].endpoint;
    s.paths = {a};
    const double scale = 1 + norm_inf(s.point);
    const double tol = (paths[a].status == PathStatus::Nonsingular ? 1e-8 : 1e-4) * scale;
    for (std::size_t bi = ai + 1; bi < finite.size(); ++bi) {
      const std::size_t b = finite[bi];
      if (paths[b].endpoint[0].real() - s.point[0].real() > 1e-4 * scale) break;
      if (used[b]) continue;
      const double d = distance_inf(paths[b].endpoint, s.point);
      if (d <= std::max(tol, (paths[b].status == PathStatus::Nonsingular ? 1e-8 : 1e-4) * scale)) {
        used[b] = true;
        s.paths.push_back(b);
      }
    }
    s.multiplicity = static_cast<int>(s.paths.size());
    bool any_singular = false;
    for (auto k : s.paths) {
      any_singular = any_singular || paths[k].status == PathStatus::Singular;
      s.winding_number = std::max(s.winding_number, paths[k].winding_number);
    }
    // One path per isolated regular solution: more than one means singular (or a path jumped,
    // which the caller re-tracks).
    s.status = any_singular || s.multiplicity > 1 ? PathStatus::Singular : PathStatus::Nonsingular;
    s.real = paths[a].real;
    s.condition = paths[a].condition;
    s.residual = paths[a].residual;
    for (auto k : s.paths) paths[k].multiplicity = s.multiplicity;
    solutions.push_back(std::move(s));
  }
  return solutions;
}

}  // namespace landscape::algebra
