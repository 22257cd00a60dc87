#include "landscape/experiments/zero_loss_points.hpp"

#include <gtest/gtest.h>

#include <fstream>

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

// The construction sized to the data: d0 from the CSV's columns (less its label columns), the
// hidden width N from the number of points; the fields that cannot fit are named.
TEST(ZeroLossPoints, MemorizeArchIsReadOffTheData) {
  const std::string csv = ::testing::TempDir() + "memorize_arch.csv";
  {
    std::ofstream f(csv);
    f << "x1,x2,x3,y\n1,0,2,1\n0,1,1,-1\n2,1,0,1/2\n";
  }
  MemorizeShape s;
  s.data = csv;
  std::string note;
  EXPECT_EQ(memorize_arch(s, &note), "3,3,1");
  EXPECT_NE(note.find("3 input(s) and 1 label column(s)"), std::string::npos) << note;
  s.labels_in_file = false;
  s.depth = 2;
  s.outputs = 2;
  EXPECT_EQ(memorize_arch(s, nullptr), "4,3,3,2");
  s.data = "random:n=7,seed=1";
  s.width = 9;
  EXPECT_EQ(memorize_arch(s, &note), "1,9,9,2");
  s.width.reset();
  EXPECT_EQ(memorize_arch(s, nullptr), "1,7,7,2");
  s.depth = 0;
  try {
    memorize_arch(s, nullptr);
    FAIL() << "depth 0 accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "depth");
  }
  s.depth = 1;
  s.data = csv;
  s.labels_in_file = true;
  s.outputs = 4;  // 4 label columns leave no input
  try {
    memorize_arch(s, nullptr);
    FAIL() << "no input column accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "inputs");
  }
}

// Labels from the CSV, a random spec or a teacher's exact outputs, one source at a time.
TEST(ZeroLossPoints, LabelsComeFromOneSource) {
  const NetSpec net = NetSpec::parse("1,1,1", Activation::parse("square"), true);  // f = w2 (w1 x + b1)^2 + b2
  Dataset data;
  data.inputs = {{Rational(1)}, {Rational(2)}};
  const auto random = resolve_labels(net, data, std::string("random:seed=3"), std::nullopt);
  EXPECT_EQ(random.source, "random:seed=3");
  EXPECT_EQ(random.labels[1][0].text(), random_labels(2, 1, 3)[1][0].text());
  EXPECT_EQ(resolve_labels(net, data, std::nullopt, std::nullopt).source, "random:seed=0");
  const std::string teacher = ::testing::TempDir() + "teacher_labels.txt";
  {
    std::ofstream f(teacher);
    f << "2\n-1\n3\n1/2\n";  // w1 = 2, b1 = -1, w2 = 3, b2 = 1/2: f(1) = 7/2, f(2) = 55/2
  }
  const auto t = resolve_labels(net, data, std::nullopt, teacher);
  EXPECT_EQ(t.labels[0][0].text(), "7/2");
  EXPECT_EQ(t.labels[1][0].text(), "55/2");
  ASSERT_TRUE(t.teacher.has_value());
  data.labels = {{Rational(1)}, {Rational(0)}};
  EXPECT_EQ(resolve_labels(net, data, std::nullopt, std::nullopt).source, "csv");
  try {
    resolve_labels(net, data, std::string("random:seed=1"), std::nullopt);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "labels");
  }
  data.labels.clear();
  EXPECT_THROW(resolve_labels(net, data, std::string("normal:seed=1"), std::nullopt), FieldError);
}
