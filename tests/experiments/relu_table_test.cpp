#include "landscape/experiments/relu_table.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape::experiments;

// On [-2, 2]: the degree-2 Legendre approximation 3/16 + x/2 + 15/64 x^2 with sup-norm error
// 2 * 3/32 at x = 0 (closed form); the table has the documented columns.
TEST(ReluTable, ExactCoefficientsErrorsAndTable) {
  ReluTableOptions o;
  o.interval = "2";
  o.degrees = {2, 4};
  o.chebyshev = false;
  o.out_dir = landscape::experiments_testing::fresh_dir("relu");
  const auto j = relu_approximation_table(o).to_json();
  ASSERT_EQ(j["approximations"].size(), 2u);
  EXPECT_EQ(j["approximations"][0]["activation"], "poly:3/16,1/2,15/64");
  EXPECT_NEAR(j["approximations"][0]["sup_error"].get<double>(), 2 * 3.0 / 32, 1e-12);
  EXPECT_LT(j["approximations"][1]["sup_error"].get<double>(), j["approximations"][0]["sup_error"].get<double>());
  std::ifstream in(o.out_dir + "/relu_approx.csv");
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header, "basis,degree,sup_error,argmax,activation,sup_error_lower,sup_error_upper,enclosure_converged");
  EXPECT_LE(j["approximations"][0]["sup_error_lower"].get<double>(), 2 * 3.0 / 32);
  EXPECT_GE(j["approximations"][0]["sup_error_upper"].get<double>(), 2 * 3.0 / 32);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/relu_approx_error.gp"));
}

TEST(ReluTable, OptionsValidateThemselves) {
  ReluTableOptions o;
  o.degrees = {2};
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.interval = "-1";
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "interval '-1': a positive number");
  o.interval = "1";
  o.degrees = {201};
  EXPECT_FALSE(o.is_valid(&error));
  o.degrees = {2};
  o.legendre = o.chebyshev = false;
  EXPECT_FALSE(o.is_valid(&error));
}

TEST(ReluTable, DegreeSpellings) {
  EXPECT_EQ(parse_degrees("2..5"), (std::vector<int>{2, 3, 4, 5}));
  EXPECT_EQ(parse_degrees("8,2,200"), (std::vector<int>{8, 2, 200}));
  for (const char* bad : {"5..2", "0", "201", "2,x", "", "2..", "1000"}) {
    try {
      parse_degrees(bad);
      FAIL() << bad;
    } catch (const landscape::FieldError& e) {
      EXPECT_EQ(e.field(), "degrees") << bad;
    }
  }
}
