#include <gtest/gtest.h>

#include <algorithm>

#include "landscape/algebra/homotopy.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
PathResult path(ComplexVector endpoint, PathStatus status, std::size_t index) {
  PathResult p;
  p.index = index;
  p.status = status;
  p.endpoint = std::move(endpoint);
  p.real = true;
  return p;
}
}  // namespace

// Planted endpoints: three singular paths within 1e-6 of (1, 2) (a triple solution), regular
// ones at (-1, 0.5) and (3, 1), and a path at infinity and a failed one that are no solutions.
TEST(EndpointClustering, PlantedEndpointsGiveTheirMultiplicities) {
  std::vector<PathResult> paths = {
      path({1.0 + 1e-6, 2.0}, PathStatus::Singular, 0),
      path({-1.0, 0.5}, PathStatus::Nonsingular, 1),
      path({1.0, 2.0 - 1e-6}, PathStatus::Singular, 2),
      path({0.0, 1.0, 1e-12}, PathStatus::AtInfinity, 3),
      path({3.0, 1.0}, PathStatus::Nonsingular, 4),
      path({1.0 - 1e-6, 2.0}, PathStatus::Singular, 5),
      path({7.0, 7.0}, PathStatus::Failed, 6),
  };
  const auto solutions = cluster_endpoints(paths);
  ASSERT_EQ(solutions.size(), 3u);
  int triple = 0;
  for (const auto& s : solutions) {
    if (s.multiplicity == 3) {
      ++triple;
      EXPECT_EQ(s.status, PathStatus::Singular);
      EXPECT_NEAR(s.point[0].real(), 1.0, 1e-5);
      std::vector<std::size_t> members = s.paths;
      std::sort(members.begin(), members.end());
      EXPECT_EQ(members, (std::vector<std::size_t>{0, 2, 5}));
    } else {
      EXPECT_EQ(s.multiplicity, 1);
      EXPECT_EQ(s.status, PathStatus::Nonsingular);
    }
  }
  EXPECT_EQ(triple, 1);
  const std::vector<int> expected_multiplicity = {3, 1, 3, 1, 1, 3, 1};
  for (std::size_t k = 0; k < paths.size(); ++k) EXPECT_EQ(paths[k].multiplicity, expected_multiplicity[k]) << k;
}

// Two non-singular paths at one point: one solution of multiplicity 2, which is singular (a
// regular solution receives one path; the driver re-tracks such pairs). Non-singular endpoints
// 1e-6 apart are two solutions (the tolerance for them is 1e-8), singular ones are one (1e-4).
TEST(EndpointClustering, TolerancesDependOnTheStatus) {
  std::vector<PathResult> jumped = {path({0.5, 0.5}, PathStatus::Nonsingular, 0),
                                    path({0.5 + 1e-12, 0.5}, PathStatus::Nonsingular, 1)};
  const auto one = cluster_endpoints(jumped);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].multiplicity, 2);
  EXPECT_EQ(one[0].status, PathStatus::Singular);

  std::vector<PathResult> near = {path({0.5, 0.5}, PathStatus::Nonsingular, 0),
                                  path({0.5 + 1e-6, 0.5}, PathStatus::Nonsingular, 1)};
  EXPECT_EQ(cluster_endpoints(near).size(), 2u);
  std::vector<PathResult> near_singular = {path({0.5, 0.5}, PathStatus::Singular, 0),
                                           path({0.5 + 1e-6, 0.5}, PathStatus::Singular, 1)};
  EXPECT_EQ(cluster_endpoints(near_singular).size(), 1u);
}
