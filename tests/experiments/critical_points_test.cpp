#include "landscape/experiments/critical_points.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

namespace {
// f = w2 w1 x (1 -> 1 -> 1, linear, no biases) on the one point x = 1, y = 1.
CriticalPointsOptions product_net(const std::string& weight_decay) {
  CriticalPointsOptions o;
  o.problem.net = NetSpec::parse("1,1,1", Activation::parse("poly:0,1"), false);
  o.problem.inputs = {{Rational(1)}};
  o.problem.labels = {{Rational(1)}};
  o.weight_decay = weight_decay;
  o.threads = 1;
  o.out_dir = experiments_testing::fresh_dir("critical");
  return o;
}
}  // namespace

// L = 1/2 (w1 w2 - 1)^2 + 1/4 (w1^2 + w2^2) (lambda = 1/2). grad L = 0: w1 = w2 = 0, or
// w1 w2 - 1 = -w1 lambda / w2 with w1^2 = w2^2: w1 = w2 = +-sqrt(1 - lambda) (real, loss 3/8,
// Hessian the identity) and w1 = -w2 = +-i sqrt(1 + lambda) (not real). So 5 critical points, 3
// real: two global minima (the sign symmetry) and the origin, a saddle of index 1 (Hessian
// eigenvalues -1/2 and 3/2) with loss 1/2.
TEST(CriticalPointsProtocol, ClosedFormOfALinearProductNet) {
  const auto o = product_net("1/2");
  const auto r = find_critical_points(o, nullptr);
  const auto j = r.to_json();
  EXPECT_EQ(j["solutions"], 5);
  EXPECT_EQ(j["certified"], 5);
  EXPECT_EQ(j["certified_real"], 3);
  EXPECT_EQ(j["failed"], 0);
  EXPECT_EQ(j["complete"], true);
  ASSERT_EQ(r.real_points.size(), 3u);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(r.real_points[k].kind, "global minimum");
    EXPECT_EQ(r.real_points[k].index, 0);
    EXPECT_NEAR(r.real_points[k].loss, 0.375, 1e-14);
    EXPECT_NEAR(std::abs(r.real_points[k].w[0]), std::sqrt(0.5), 1e-12);
    EXPECT_TRUE(r.real_points[k].proved);
  }
  EXPECT_EQ(r.real_points[2].kind, "saddle");
  EXPECT_EQ(r.real_points[2].index, 1);
  EXPECT_EQ(r.real_points[2].nullity, 0);
  EXPECT_NEAR(r.real_points[2].loss, 0.5, 1e-14);
  EXPECT_EQ(j["by_index"]["0"], 2);
  EXPECT_EQ(j["by_index"]["1"], 1);
  EXPECT_EQ(j["lambdas"], nlohmann::json({"1/2", "1/2"}));
  std::ifstream csv(o.out_dir + "/critical-points.csv");
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "loss,index,nullity,kind,proved,w1_1_1,w2_1_1");
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/summary.json"));
}

// Random weight decay is drawn from the seed (recorded), each lambda in [1/10, 1): the same seed,
// the same lambdas and counts; lambda >= 1 would leave only the origin real.
TEST(CriticalPointsProtocol, RandomWeightDecayRepeats) {
  auto o = product_net("random");
  const auto a = find_critical_points(o, nullptr).to_json();
  o.out_dir = experiments_testing::fresh_dir("critical");
  const auto b = find_critical_points(o, nullptr).to_json();
  EXPECT_EQ(a["lambdas"], b["lambdas"]);
  EXPECT_EQ(a["real"], b["real"]);
  for (const auto& l : a["lambdas"]) {
    const double v = Rational::parse(l.get<std::string>())->to_double();
    EXPECT_GE(v, 0.1);
    EXPECT_LT(v, 1.0);
  }
}

// Bad input: a non-polynomial activation, a negative or malformed weight decay, no output directory.
TEST(CriticalPointsProtocol, RefusesBadInput) {
  auto o = product_net("1/2");
  o.problem.net = NetSpec::parse("1,1,1", Activation::parse("relu"), false);
  EXPECT_THROW(find_critical_points(o, nullptr), InputError);
  for (const char* bad : {"-1", "often", ""}) {
    auto p = product_net(bad);
    EXPECT_THROW(find_critical_points(p, nullptr), FieldError) << bad;
  }
  auto q = product_net("1/2");
  q.out_dir.clear();
  EXPECT_THROW(find_critical_points(q, nullptr), FieldError);
}

// The product net by monodromy in the weight decay (one hidden unit: the live pattern gives the 4
// non-zero points, the origin is added): the closed form's 5 points, 3 real, complete by the trace
// test; the same real points, losses and kinds as the homotopy.
TEST(CriticalPointsProtocol, MonodromyFindsTheClosedForm) {
  auto o = product_net("1/2");
  o.method = "monodromy";
  const auto r = find_critical_points(o, nullptr);
  const auto j = r.to_json();
  EXPECT_EQ(j["method"], "monodromy");
  EXPECT_EQ(j["solutions"], 5);
  EXPECT_EQ(j["certified_real"], 3);
  EXPECT_EQ(j["patterns"], 1);
  EXPECT_EQ(j["trace_test"]["verdict"], "complete") << j["trace_test"].dump();
  EXPECT_EQ(j["complete"], true);
  ASSERT_EQ(r.real_points.size(), 3u);
  EXPECT_EQ(r.real_points[0].kind, "global minimum");
  EXPECT_NEAR(r.real_points[0].loss, 0.375, 1e-14);
  EXPECT_EQ(r.real_points[2].kind, "saddle");
  EXPECT_NEAR(r.real_points[2].loss, 0.5, 1e-14);
}

// With biases, and with sigma(0) != 0, no coordinate subspace is special in the same way, but the
// loops still run in the weight decays: the same critical points as the homotopy (a second
// algorithm), kind by kind, and a complete trace test.
TEST(CriticalPointsProtocol, MonodromyAgreesWithTheHomotopyWithBiases) {
  for (const std::string activation : {"poly:0,1", "poly:1,1"}) {
    auto o = product_net("1/2");
    o.problem.net = NetSpec::parse("1,1,1", Activation::parse(activation), true);
    o.weight_decay = "random";
    const auto h = find_critical_points(o, nullptr).to_json();
    o.method = "monodromy";
    o.out_dir = experiments_testing::fresh_dir("critical-monodromy");
    const auto m = find_critical_points(o, nullptr).to_json();
    EXPECT_EQ(h["complete"], true) << activation;
    EXPECT_EQ(m["trace_test"]["verdict"], "complete") << activation << m["trace_test"].dump();
    EXPECT_EQ(m["complete"], true) << activation;
    EXPECT_EQ(m["solutions"], h["solutions"]) << activation;
    EXPECT_EQ(m["certified_real"], h["certified_real"]) << activation;
    EXPECT_EQ(m["by_kind"], h["by_kind"]) << activation;
    EXPECT_EQ(m["by_index"], h["by_index"]) << activation;
    EXPECT_NEAR(m["lowest_loss"].get<double>(), h["lowest_loss"].get<double>(), 1e-12) << activation;
  }
}

// Monodromy needs every lambda > 0 (the loops run in them); a method that does not exist is a
// field error.
TEST(CriticalPointsProtocol, MonodromyRefusesWhatItCannotDo) {
  auto q = product_net("0");
  q.method = "monodromy";
  EXPECT_THROW(find_critical_points(q, nullptr), InputError);
  auto b = product_net("1/2");
  b.method = "bogus";
  EXPECT_THROW(find_critical_points(b, nullptr), FieldError);
}

// lambda = 1: the minima +-(sqrt(1 - lambda), ...) merge with the origin into one degenerate
// critical point (the Hessian [[1, -1], [-1, 1]] there is singular): the run is not complete and
// no point is called a global minimum.
TEST(CriticalPointsProtocol, ADegenerateCriticalPointIsNeverAGlobalMinimum) {
  const auto r = find_critical_points(product_net("1"), nullptr);
  const auto j = r.to_json();
  EXPECT_EQ(j["complete"], false);
  EXPECT_GE(j["singular"].get<int>(), 1);
  EXPECT_FALSE(j["by_kind"].contains("global minimum")) << j["by_kind"];
  for (const auto& p : r.real_points) EXPECT_NE(p.kind, "global minimum");
}
