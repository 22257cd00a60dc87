#include "landscape/experiments/zero_loss_sets.hpp"

#include <gtest/gtest.h>

#include "experiments_test_support.hpp"

using namespace landscape;
using namespace landscape::experiments;

// 3-2-1 with z^2 on 2 points: each output has degree 3 in the weights (closed form l (l-0) + 1 for
// the linear output layer), Bezout 3 * 3 = 9, expected dimension K - N = 11 - 2.
TEST(ZeroLossSets, SystemDegreesAgainstClosedForms) {
  ZeroLossProblem p;
  p.net = NetSpec::parse("3,2,1", Activation::parse("square"), true);
  p.inputs = random_points(2, 3, 1);
  p.labels = random_labels(2, 1, 0);
  const auto r = zero_loss_system_report(p, true);
  const auto j = r.to_json();
  EXPECT_EQ(j["degrees"], nlohmann::json({3, 3}));
  EXPECT_EQ(j["closed_form_degree"], 3);
  EXPECT_EQ(j["bezout_bound"], "9");
  EXPECT_EQ(j["expected_dimension"], 9);
  EXPECT_EQ(j["paper_bezout_bound"], "4");  // Liao & Poggio's l^(N d) = 2^2
  ASSERT_TRUE(r.critical.has_value());
  EXPECT_EQ(j["critical"]["equations"], 11);  // one per parameter
}

// f = v1 (w1.x)^2 + v2 (w2.x)^2 sweeps the quadratic forms of rank <= 2 in three variables: the
// hypersurface det = 0 of the 6-dimensional space of quadratic forms, dimension 5 (closed form),
// by both methods.
TEST(ZeroLossSets, FunctionalDimensionOfSquaredUnits) {
  DimensionOptions o;
  o.problem.net = NetSpec::parse("3,2,1", Activation::parse("square"), false);
  o.problem.inputs = random_points(3, 3, 1);
  o.problem.labels = random_labels(3, 1, 0);
  EXPECT_EQ(zero_loss_dimension(o).to_json()["functional_dimension"], 5);
  o.functional_by_coefficients = true;
  const auto j = zero_loss_dimension(o).to_json();
  EXPECT_EQ(j["functional_dimension"], 5);
  EXPECT_EQ(j["parameters"].is_null(), true);  // the problem's description is the caller's
  EXPECT_EQ(j["expected_dimension"], 8 - 3);
}
