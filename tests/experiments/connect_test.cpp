// connect: the trained curve between two Fashion-MNIST MLP minima from different seeds has less
// than half the straight line's barrier; the endpoints are the two models; the curve's midpoint
// is (w_A + 2 theta + w_B) / 4 for the bend saved in bend.h5; the refusals.
#include "landscape/experiments/connect.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments_test_support.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

namespace {

std::string fashion_run(const std::string& name, std::uint64_t seed, bool batch_norm = false) {
  const std::string d = experiments_testing::fresh_dir(name);
  auto c = experiments_testing::tiny_config(4);
  c.arch = "784,32,10";
  c.dataset = "fashion-mnist:n=2000,test=500,seed=7";  // one subset for both runs; the run's seed: its initialization and order
  c.seed = seed;
  c.preact_norm = batch_norm;
  c.out_dir = d;
  nn::train(c, nullptr);
  return d;
}

const std::string& run_a() {
  static const std::string d = fashion_run("connect_a", 1);
  return d;
}
const std::string& run_b() {
  static const std::string d = fashion_run("connect_b", 2);
  return d;
}

// The CSV's rows as numbers.
std::vector<std::vector<double>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string f;
    rows.emplace_back();
    while (std::getline(fields, f, ',')) rows.back().push_back(std::stod(f));
  }
  return rows;
}

}  // namespace

TEST(Connect, TheTrainedCurveHasLessThanHalfTheLinesBarrier) {
  ConnectOptions o;
  o.run_dir = run_a();
  o.to_dir = run_b();
  o.points = 21;
  o.threads = 1;
  o.out_dir = experiments_testing::fresh_dir("connect");
  const auto r = connect_minima(o, nullptr);
  ASSERT_EQ(r.t.size(), 21u);
  // The endpoints are the two models, on both paths.
  nn::Probe a(run_a(), "final", "cpu", 1), b(run_b(), "final", "cpu", 1);
  const double la = a.evaluate_at(a.parameters(), nullptr, true, false).train_loss;
  const double lb = b.evaluate_at(b.parameters(), nullptr, true, false).train_loss;
  EXPECT_NEAR(r.line_train_loss.front(), la, 1e-6 * la);
  EXPECT_NEAR(r.curve_train_loss.front(), la, 1e-6 * la);
  EXPECT_NEAR(r.line_train_loss.back(), lb, 1e-6 * lb);
  EXPECT_NEAR(r.curve_train_loss.back(), lb, 1e-6 * lb);
  // Minima from different seeds: a barrier on the line, less than half of it on the curve.
  EXPECT_GT(r.line_barrier, 0.1);
  EXPECT_LT(r.curve_barrier, 0.5 * r.line_barrier);
  EXPECT_EQ(r.details["line_barrier"].get<double>(), r.line_barrier);
  // The curve's midpoint is the Bezier formula at the bend written to bend.h5.
  const auto theta = nn::read_h5_arrays(o.out_dir + "/bend.h5", {"parameters"})[0].second.values;
  const auto wa = a.parameters(), wb = b.parameters();
  ASSERT_EQ(theta.size(), wa.size());
  std::vector<double> mid(wa.size());
  for (std::size_t k = 0; k < mid.size(); ++k) mid[k] = 0.25 * wa[k] + 0.5 * theta[k] + 0.25 * wb[k];
  const auto rows = read_csv(o.out_dir + "/connect.csv");
  ASSERT_EQ(rows.size(), 21u);
  EXPECT_DOUBLE_EQ(rows[10][0], 0.5);
  const double at_mid = a.evaluate_at(mid, nullptr, true, false).train_loss;
  EXPECT_NEAR(rows[10][3], at_mid, 1e-6 * at_mid);
  EXPECT_NEAR(r.curve_train_loss[10], at_mid, 1e-6 * at_mid);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/summary.json"));
}

TEST(Connect, PolygonalChainAndRefusals) {
  ConnectOptions o;
  o.run_dir = run_a();
  o.to_dir = run_b();
  o.curve = "polychain";
  o.steps = 0;  // the bend stays at the midpoint of the line: the chain is the line
  o.points = 5;
  o.threads = 1;
  o.out_dir = experiments_testing::fresh_dir("connect_chain");
  const auto r = connect_minima(o, nullptr);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(r.curve_train_loss[i], r.line_train_loss[i], 1e-6 * r.line_train_loss[i]) << i;
  o.out_dir = experiments_testing::fresh_dir("connect_refused");
  o.curve = "spline";
  EXPECT_THROW(connect_minima(o, nullptr), FieldError);
  o.curve = "bezier";
  o.points = 2;
  EXPECT_THROW(connect_minima(o, nullptr), FieldError);
  o.points = 5;
  // Two runs of different architectures.
  const std::string other = experiments_testing::fresh_dir("connect_other");
  auto c = experiments_testing::tiny_config(1);
  c.out_dir = other;
  nn::train(c, nullptr);
  o.to_dir = other;
  try {
    connect_minima(o, nullptr);
    ADD_FAILURE() << "two architectures accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "to_dir");
  }
  // A model with BatchNorm statistics.
  const std::string bn = experiments_testing::fresh_dir("connect_bn");
  c.preact_norm = true;
  c.out_dir = bn;
  nn::train(c, nullptr);
  o.run_dir = o.to_dir = bn;
  try {
    connect_minima(o, nullptr);
    ADD_FAILURE() << "a BatchNorm model accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "run_dir");
  }
  EXPECT_FALSE(std::filesystem::exists(o.out_dir + "/summary.json"));
}
