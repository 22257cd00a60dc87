// `landscape relu-approx` end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(ReluCommands, ReluApprox) {
  const std::string dir = ::testing::TempDir() + std::to_string(::getpid()) + "_relu";
  const Outcome r = run("relu-approx --interval 2 --degrees 2,4 --basis legendre --out " + dir + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["approximations"].size(), 2u);
  EXPECT_EQ(j["approximations"][0]["activation"], "poly:3/16,1/2,15/64");  // 2 p(x/2), p as on [-1, 1]
  EXPECT_NEAR(j["approximations"][0]["sup_error"].get<double>(), 2 * 3.0 / 32, 1e-12);
  EXPECT_NE(slurp(dir + "/relu_approx.csv").find("legendre,4,"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir + "/relu_approx_error.gp"));
  expect_input_error("relu-approx --degrees 5..2 --out " + dir, "--degrees");
  expect_input_error("relu-approx --interval -1 --out " + dir, "--interval");
  expect_input_error("relu-approx --basis fourier --out " + dir, "--basis");
}
