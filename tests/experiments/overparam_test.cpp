#include "landscape/experiments/overparam.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

// Every (n, W) pair is one run whose parameter count is the closed form of the MLP 6-W-3:
// 6W + W + 3W + 3 weights and biases.
TEST(Overparam, OneRunPerSizeAndWidth) {
  OverparamOptions o;
  o.base = experiments_testing::tiny_config(2);
  o.sizes = {100, 300};
  o.widths = {10, 2};  // the widest first: rise_at_widest must still take W = 10
  o.out_dir = experiments_testing::fresh_dir("overparam");
  const auto r = run_overparam(o, nullptr);
  ASSERT_EQ(r.rows.size(), 4u);
  for (const auto& row : r.rows) EXPECT_EQ(row.parameters, 10 * row.width + 3);
  EXPECT_EQ(r.rows[0].n, 100);
  EXPECT_EQ(r.rows[0].width, 10);
  EXPECT_EQ(r.rows[2].n, 300);
  const auto j = r.to_json();
  EXPECT_DOUBLE_EQ(j["rows"][3]["parameters_per_sample"].get<double>(), 23.0 / 300);
  std::ifstream config(o.out_dir + "/n300-w2/config.json");
  std::string text((std::istreambuf_iterator<char>(config)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("n=300"), std::string::npos);
  EXPECT_NE(text.find("6,2,3"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/table.csv"));
  const double best = std::min(r.rows[2].test_error, r.rows[3].test_error);
  EXPECT_DOUBLE_EQ(j["rise_at_widest"]["300"].get<double>(), r.rows[2].test_error - best);
}

TEST(Overparam, OptionsValidateThemselves) {
  OverparamOptions o;
  o.out_dir = "x";
  o.base.arch = "784,64,10";
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.base.arch = "784,10";
  EXPECT_FALSE(o.is_valid(&error));
  o.base.arch = "784,64,10";
  o.widths = {0};
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "widths 0: must be in 1..100000");
  o.widths = {4};
  o.base.model = "resnet20";
  EXPECT_THROW(run_overparam(o, nullptr), FieldError);
}
