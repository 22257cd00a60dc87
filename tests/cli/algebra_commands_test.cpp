// `landscape system` and `landscape dim` end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(AlgebraCommands, SystemJson) {
  const Outcome r = run("system --arch 3,2,1 --act square --data random:n=2,seed=1 --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 11);
  EXPECT_EQ(j["equations"], 2);
  EXPECT_EQ(j["degrees"], nlohmann::json({3, 3}));
  EXPECT_EQ(j["bezout_bound"], "9");
  EXPECT_EQ(j["expected_dimension"], 9);
  EXPECT_EQ(j["paper_degree"], 2);
  EXPECT_EQ(j["paper_bezout_bound"], "4");
  EXPECT_EQ(j["labels"], "random:seed=0");
  EXPECT_DOUBLE_EQ(j["log10_bezout"].get<double>(), std::log10(9.0));
}

TEST(AlgebraCommands, SystemCriticalAndFormats) {
  const Outcome r = run("system --arch 2,1,1 --data random:n=2,seed=1 --critical --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["critical"]["equations"], 5);
  for (const auto& d : j["critical"]["degrees"]) EXPECT_LE(d.get<int>(), 5);  // 2 D - 1
  const Outcome phc = run("system --arch 2,1,1 --data random:n=2,seed=1 --format phc");
  ASSERT_EQ(phc.status, 0);
  EXPECT_EQ(phc.out.substr(0, phc.out.find('\n')), "2 5");
  const Outcome m2 = run("system --arch 2,1,1 --data random:n=2,seed=1 --format m2");
  EXPECT_EQ(m2.out.rfind("R = QQ[w1_1_1, w1_1_2, b1_1, w2_1_1, b2_1", 0), 0u);
}

TEST(AlgebraCommands, DimWithTeacherAndFunctionalDimension) {
  // 3,2,1 without bias: K = 8, functional dimension 5 (not the naive 6).
  const auto teacher = write_temp("teacher8.txt", "1\n-2\n1/2\n3\n1\n-1\n2\n-1/3\n");
  const Outcome r = run("dim --arch 3,2,1 --no-bias --data random:n=3,seed=2 --teacher " + teacher +
                    " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 8);
  EXPECT_EQ(j["jacobian_rank"], 3);
  EXPECT_EQ(j["dimension"], 5);
  EXPECT_EQ(j["expected_dimension"], 5);
  EXPECT_EQ(j["functional_dimension"], 5);
  EXPECT_EQ(j["smooth_of_expected_dimension"], true);
  EXPECT_EQ(j["method"], "exact over Q at the teacher point");
  const Outcome coefficients = run("dim --arch 2,2,1 --no-bias --data random:n=4 "
                               "--functional-method coefficients --json");
  ASSERT_EQ(coefficients.status, 0) << coefficients.err;
  const auto k = nlohmann::json::parse(coefficients.out);
  EXPECT_EQ(k["functional_dimension"], 3);
  EXPECT_TRUE(k["dimension"].is_null());
  EXPECT_EQ(k["inconsistent_for_generic_labels"], true);
  // At the all-zero teacher every Jacobian entry vanishes: a singular point, whose tangent space
  // is everything (6) while the zero-loss set has dimension 4 there (Singular's local dimension,
  // see tests/algebra/jacobian_test.cpp): no dimension is claimed, only the bounds.
  const auto zero = write_temp("teacher0.txt", "0\n0\n0\n0\n0\n0\n");
  const Outcome singular = run("dim --arch 2,2,1 --no-bias --data random:n=2,seed=1 --teacher " + zero + " --json");
  ASSERT_EQ(singular.status, 0) << singular.err;
  const auto s = nlohmann::json::parse(singular.out);
  EXPECT_TRUE(s["dimension"].is_null());
  EXPECT_EQ(s["tangent_dimension"], 6);
  EXPECT_EQ(s["dimension_bounds"], nlohmann::json::array({4, 6}));
  EXPECT_NE(s["summary"].get<std::string>().find("undecided"), std::string::npos);
}

TEST(AlgebraCommands, CsvWithLabelsAndTree4) {
  const auto csv = write_temp("tree.csv", "x1,x2,x3,x4,y\n1,2,3,4,1/2\n-1,0.5,2,1,3\n");
  const Outcome r = run("system --arch tree4 --act poly:0,1,1/2 --data " + csv + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["parameters"], 6);
  EXPECT_EQ(j["labels"], "csv");
  EXPECT_EQ(j["degrees"], nlohmann::json({6, 6}));  // l (l + 1)
  EXPECT_EQ(j["paper_degree"], 4);                   // l^d
}

// 64 layers of z^2: the outputs' degree is 2^64 in the weights; refused at once with one line
// (the degree used to wrap around, and building the system would never end).
TEST(AlgebraCommands, DegreePastTwoToTheSixtyTwoIsRefused) {
  std::string arch = "1";
  for (int k = 0; k < 64; ++k) arch += ",1";
  expect_input_error("system --arch " + arch + " --act square --data random:n=1", "--arch gives outputs of degree above 2^62");
}

// `critical` on f = w2 w1 x with the one point (1, 1) and lambda = 1/2 (closed form in
// tests/experiments/critical_points_test.cpp): 5 critical points, 3 real: two global minima of loss
// 3/8 and a saddle of index 1; the table and figure data are written; bad input is refused (a
// method that does not exist; monodromy with a weight decay of 0).
TEST(AlgebraCommands, CriticalPointsOfALinearNet) {
  const std::string data = write_temp("critical-point.csv", "x1,y1\n1,1\n"), out = run_dir("critical");
  const Outcome r = run("critical --arch 1,1,1 --no-bias --data " + data + " --weight-decay 1/2 --threads 1 --out " + out + " --json");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["solutions"], 5);
  EXPECT_EQ(j["real"], 3);
  EXPECT_EQ(j["by_kind"]["global minimum"], 2);
  EXPECT_EQ(j["by_kind"]["saddle"], 1);
  EXPECT_NEAR(j["lowest_loss"].get<double>(), 0.375, 1e-14);
  EXPECT_TRUE(std::filesystem::exists(out + "/critical-points.csv"));
  EXPECT_TRUE(std::filesystem::exists(out + "/loss-index.dat") || std::filesystem::exists(out + "/loss-index.csv"));
  expect_input_error("critical --arch 1,1,1 --act relu --data " + data + " --out " + run_dir("critical-relu"), "polynomial");
  expect_input_error("critical --arch 1,1,1 --data " + data + " --weight-decay -1 --out " + run_dir("critical-neg"), "weight-decay");
  expect_input_error("critical --arch 1,1,1 --data " + data + " --method bogus --out " + run_dir("critical-method"), "method");
  expect_input_error("critical --arch 1,1,1 --data " + data + " --method monodromy --weight-decay 0 --out " +
                         run_dir("critical-lambda"), "lambda_j > 0");
}
