#include "landscape/experiments/zero_loss_points.hpp"

#include <gtest/gtest.h>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

namespace {
// 5 random points in R^2, a smooLU net 2-5-1 (K = 21, N*dL = 5).
ZeroLossProblem problem() {
  ZeroLossProblem p;
  p.net = NetSpec::parse("2,5,1", Activation::parse("smoolu"), true);
  p.inputs = random_points(5, 2, 3);
  p.labels = random_labels(5, 1, 4);
  p.data_source = "random:n=5,seed=3";
  p.labels_source = "random:seed=4";
  return p;
}
}  // namespace

// Cooper 2018: the construction fits the points (residual far below 10^-(digits - 10)); there
// the Hessian has N*dL = 5 positive, K - N*dL = 16 zero and no negative eigenvalues (Prop. 2.3),
// and a walk in the null space stays at zero loss with the Jacobian's rank 5 (Thm 2.1).
TEST(ZeroLossPoints, ConstructionHessianAndWalk) {
  MemorizeOptions m;
  m.problem = problem();
  m.digits = 40;
  m.weights_file = experiments_testing::fresh_dir("memorized") + ".json";
  const auto made = memorize_points(m).to_json();
  EXPECT_LT(made["log10_max_abs_residual"].get<double>(), -30);
  EXPECT_EQ(made["jacobian_rank"], 5);
  const WeightsFile w = read_weights_file(m.weights_file);
  EXPECT_EQ(w.parameters.size(), 21u);

  HessianOptions h;
  h.problem = problem();
  h.parameters = w.rationals(m.weights_file);
  h.digits = 40;
  const auto hj = hessian_at(h).to_json();
  EXPECT_EQ(hj["positive"], 5);
  EXPECT_EQ(hj["zero"], 16);
  EXPECT_EQ(hj["negative"], 0);
  EXPECT_EQ(hj["matches_prediction"], true);

  WalkOnManifoldOptions walk;
  walk.problem = problem();
  walk.parameters = h.parameters;
  walk.walk.steps = 2;
  walk.walk.digits = 40;
  const auto wj = walk_on_manifold(walk).to_json();
  EXPECT_EQ(wj["min_jacobian_rank"], 5);
  EXPECT_LT(wj["log10_max_loss"].get<double>(), -40);
  EXPECT_GT(wj["distance"].get<double>(), 0);
}

TEST(ZeroLossPoints, PrecisionIsValidated) {
  MemorizeOptions m;
  m.problem = problem();
  m.digits = 5;
  m.weights_file = "never-written.json";
  try {
    memorize_points(m);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "digits");
    EXPECT_EQ(e.rule(), "5: must be in 20..10000");
  }
}
