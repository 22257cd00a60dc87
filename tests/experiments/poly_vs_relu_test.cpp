#include "landscape/experiments/poly_vs_relu.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "experiments_test_support.hpp"

using namespace landscape::experiments;

TEST(PolyVsRelu, OptionsValidateThemselves) {
  PolyVsReluOptions o;
  o.out_dir = "x";
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.basis = "fourier";
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "basis 'fourier': expected legendre or chebyshev");
  o.basis = "legendre";
  o.degree = 0;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "degree 0: must be in 1..200");
}

TEST(PolyVsRelu, BothRunsAndTheirGap) {
  PolyVsReluOptions o;
  o.base = landscape::experiments_testing::tiny_config(2);
  o.base.preact_norm = true;
  o.degree = 6;
  o.interval = "4";
  o.out_dir = landscape::experiments_testing::fresh_dir("polyrelu");
  const auto r = run_poly_vs_relu(o, nullptr);
  EXPECT_DOUBLE_EQ(r.test_error_gap, r.poly_test_error - r.relu_test_error);
  const auto j = r.to_json();
  EXPECT_EQ(j["relu"]["activation"], "relu");
  EXPECT_EQ(j["poly"]["activation"].get<std::string>().rfind("poly:", 0), 0u);
  // The degree-6 Legendre approximation on [-4, 4]: a sup-norm error of a few tenths.
  EXPECT_GT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.01);
  EXPECT_LT(j["polynomial"]["sup_error_vs_relu"].get<double>(), 0.5);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/poly-vs-relu-error.gp"));
}
