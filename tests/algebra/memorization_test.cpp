#include "landscape/algebra/memorization.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/real_network.hpp"

using namespace landscape;
using namespace landscape::algebra;

// The headline case: 20 random points in R^3, smooLU, width 20 (K = 101), 100 digits.
TEST(Memorization, TwentyPointsInR3WithSmooLU) {
  const auto net = NetSpec::parse("3,20,1", Activation::parse("smoolu"), true);
  const auto x = random_points(20, 3, 1);
  const auto y = random_labels(20, 1, 0);
  const auto m = memorize(net, x, y, 100);
  EXPECT_EQ(m.parameters.size(), 101u);
  EXPECT_LT(log10_abs(m.max_abs_residual), -90);
  EXPECT_EQ(m.jacobian_rank, 20);
  // Independently of the residual computed inside: Lemma 3.3's matrix A_ij = sigma(hidden unit j
  // at point i), with the points sorted by a.x, is lower triangular with a positive diagonal.
  PrecisionScope precision(m.working_digits);
  std::vector<std::pair<Real, std::size_t>> order;
  for (std::size_t i = 0; i < 20; ++i) {
    Real t(0);
    for (int j = 0; j < 3; ++j) t += Real(m.projection[j]) * rational_to<Real>(x[i][j]);
    order.emplace_back(t, i);
  }
  std::sort(order.begin(), order.end());
  for (std::size_t r = 0; r < 20; ++r) {
    const auto& xi = x[order[r].second];
    for (std::size_t j = 0; j < 20; ++j) {
      Real z = m.parameters[60 + j];  // bias b1_j
      for (int c = 0; c < 3; ++c) z += m.parameters[j * 3 + c] * rational_to<Real>(xi[c]);
      if (j > r) {
        EXPECT_LE(z, 0) << r << "," << j;
      } else if (j == r) {
        EXPECT_GT(z, 0) << r;
      }
    }
  }
  // And a plain double forward pass fits the labels to double precision, relative to the size of
  // the terms that cancel in the output layer.
  std::vector<double> w;
  for (const auto& p : m.parameters) w.push_back(static_cast<double>(p));
  double scale = 0;
  for (std::size_t k = 80; k < 100; ++k) scale = std::max(scale, std::abs(w[k]));
  for (std::size_t i = 0; i < 20; ++i) {
    std::vector<double> xi;
    for (const auto& r : x[i]) xi.push_back(r.to_double());
    EXPECT_NEAR(forward(net, w, xi)[0], y[i][0].to_double(), 1e-12 * scale * 1e3);
  }
}

TEST(Memorization, DeeperNetsVectorOutputsAndOtherRectifiedActivations) {
  struct Case { const char* arch; const char* act; std::size_t n; };
  for (const auto& c : {Case{"2,3,4,8,1", "smoolu", 8}, Case{"2,10,3", "relu", 10},
                        Case{"1,2,7,2", "rectpow:3", 7}, Case{"3,12,2", "smoolu", 12}}) {
    const auto net = NetSpec::parse(c.arch, Activation::parse(c.act), true);
    const auto x = random_points(c.n, net.inputs(), 21);
    const auto y = random_labels(c.n, net.outputs(), 22);
    const auto m = memorize(net, x, y, 60, 3);
    EXPECT_LT(log10_abs(m.max_abs_residual), -50) << c.arch << " " << c.act;
    // Re-evaluate independently at the working precision.
    PrecisionScope precision(m.working_digits);
    Real worst(0);
    for (const auto& r : real_residuals(net, to_reals(x), to_reals(y), m.parameters))
      worst = std::max(worst, Real(abs(r)));
    EXPECT_LT(log10_abs(worst), -50) << c.arch;
    EXPECT_EQ(m.jacobian_rank, static_cast<long>(c.n * net.outputs())) << c.arch;
  }
}

TEST(Memorization, RefusesWhatTheLemmaExcludes) {
  const auto x = random_points(5, 2, 1);
  const auto y = random_labels(5, 1, 2);
  auto dup = x;
  dup[3] = dup[1];
  EXPECT_THROW(memorize(NetSpec::parse("2,5,1", Activation::parse("smoolu"), true), dup, y, 40), InputError);
  EXPECT_THROW(memorize(NetSpec::parse("2,5,1", Activation::parse("softplus"), true), x, y, 40), InputError);
  EXPECT_THROW(memorize(NetSpec::parse("2,5,1", Activation::parse("square"), true), x, y, 40), InputError);
  EXPECT_THROW(memorize(NetSpec::parse("2,4,1", Activation::parse("smoolu"), true), x, y, 40), InputError);
  EXPECT_THROW(memorize(NetSpec::parse("2,5,1", Activation::parse("smoolu"), false), x, y, 40), InputError);
  EXPECT_THROW(memorize(NetSpec::parse("2,1", Activation::parse("smoolu"), true), x, y, 40), InputError);
}
