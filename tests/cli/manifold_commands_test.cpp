// `landscape memorize`, `hessian` and `walk` end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(ManifoldCommands, MemorizeHessianWalk) {
  const std::string weights = ::testing::TempDir() + "memorized.json";
  const Outcome m = run("memorize --arch 2,6,1 --data random:n=6,seed=4 --digits 40 --out " + weights + " --json");
  ASSERT_EQ(m.status, 0) << m.err;
  const auto mj = nlohmann::json::parse(m.out);
  EXPECT_EQ(mj["parameters"], 25);
  EXPECT_EQ(mj["width"], 6);
  EXPECT_EQ(mj["jacobian_rank"], 6);
  EXPECT_LT(mj["log10_max_abs_residual"].get<double>(), -30);
  const auto file = nlohmann::json::parse(slurp(weights));
  EXPECT_EQ(file["activation"], "smoolu");
  EXPECT_EQ(file["parameters"].size(), 25u);
  EXPECT_EQ(file["data"], "random:n=6,seed=4");

  // hessian and walk take the data and labels the weights file recorded.
  const Outcome h = run("hessian --weights " + weights + " --json");
  ASSERT_EQ(h.status, 0) << h.err;
  const auto hj = nlohmann::json::parse(h.out);
  EXPECT_EQ(hj["positive"], 6);
  EXPECT_EQ(hj["zero"], 19);
  EXPECT_EQ(hj["negative"], 0);
  EXPECT_EQ(hj["jacobian_rank"], 6);
  EXPECT_EQ(hj["matches_prediction"], true);
  EXPECT_GT(hj["log10_gap_ratio"].get<double>(), 20);

  const std::string end = ::testing::TempDir() + "walked.json";
  const Outcome w = run("walk --weights " + weights + " --steps 3 --json --save " + end);
  ASSERT_EQ(w.status, 0) << w.err;
  const auto wj = nlohmann::json::parse(w.out);
  EXPECT_EQ(wj["min_jacobian_rank"], 6);
  EXPECT_LT(wj["log10_max_loss"].get<double>(), -40);
  EXPECT_GT(wj["distance"].get<double>(), 0);
  EXPECT_EQ(wj["trace"].size(), 3u);
  // The end point is again a zero-loss point.
  const Outcome h2 = run("hessian --weights " + end + " --json");
  ASSERT_EQ(h2.status, 0) << h2.err;
  EXPECT_EQ(nlohmann::json::parse(h2.out)["matches_prediction"], true);
}

TEST(ManifoldCommands, MemorizeWithoutArchUsesTheDataSize) {
  const std::string weights = ::testing::TempDir() + "memorized_auto.json";
  const Outcome m = run("memorize --inputs 3 --depth 2 --data random:n=5,seed=1 --digits 30 --out " + weights + " --json");
  ASSERT_EQ(m.status, 0) << m.err;
  EXPECT_EQ(nlohmann::json::parse(m.out)["arch"], nlohmann::json({3, 5, 5, 1}));
}

TEST(ManifoldCommands, MemorizeBadInput) {
  const std::string out = ::testing::TempDir() + "never_written.json";
  std::filesystem::remove(out);
  const auto dup = write_temp("dup.csv", "x1,x2,y\n1,2,3\n0,1,1\n1,2,5\n");
  expect_input_error("memorize --arch 2,3,1 --data " + dup + " --out " + out, "are equal");
  expect_input_error("memorize --arch 2,3,1 --act softplus --data random:n=3 --out " + out, "not rectified");
  expect_input_error("memorize --arch 2,2,1 --data random:n=3 --out " + out, "width 2 < N = 3");
  expect_input_error("memorize --arch 2,3,1 --data random:n=3 --digits 5 --out " + out, "--digits");
  EXPECT_FALSE(std::filesystem::exists(out));
  const auto short_weights = write_temp("short_weights.json",
                                        R"({"arch":[2,3,1],"activation":"smoolu","parameters":["1"]})");
  expect_input_error("hessian --weights " + short_weights + " --data random:n=3", "1 parameters");
  expect_input_error("walk --weights /nonexistent.json --data random:n=3", "cannot read");
}

// A CSV of 3 inputs and 1 label, no --arch and no --inputs: the layout is read off the file
// (3 inputs, width N = 4), not assumed to be one input.
TEST(ManifoldCommands, MemorizeInfersTheInputsFromTheCsv) {
  const auto csv = write_temp("points3d.csv", "x1,x2,x3,y\n1,0,2,1\n0,1,1,-1\n2,1,0,1/2\n1,1,1,3\n");
  const std::string weights = ::testing::TempDir() + "memorized_csv.json";
  const Outcome m = run("memorize --act smoolu --data " + csv + " --digits 30 --out " + weights + " --json");
  ASSERT_EQ(m.status, 0) << m.err;
  const auto j = nlohmann::json::parse(m.out);
  EXPECT_EQ(j["arch"], nlohmann::json({3, 4, 1}));
  EXPECT_EQ(j["labels"], "csv");
  EXPECT_LT(j["log10_max_abs_residual"].get<double>(), -15);
  EXPECT_NE(m.err.find("3 input(s) and 1 label column(s)"), std::string::npos) << m.err;
  // With labels from elsewhere every column is an input; two outputs leave two inputs.
  const Outcome two = run("memorize --data " + csv + " --outputs 2 --digits 30 --out " + weights + " --json");
  ASSERT_EQ(two.status, 0) << two.err;
  EXPECT_EQ(nlohmann::json::parse(two.out)["arch"], nlohmann::json({2, 4, 2}));
  const Outcome unlabelled = run("memorize --data " + csv + " --labels random:seed=2 --digits 30 --out " + weights + " --json");
  ASSERT_EQ(unlabelled.status, 0) << unlabelled.err;
  EXPECT_EQ(nlohmann::json::parse(unlabelled.out)["arch"], nlohmann::json({4, 4, 1}));
  // A layout that does not fit says which one would, and which option sets it.
  expect_input_error("memorize --inputs 1 --data " + csv + " --out " + weights, "3 inputs and 1 output");
  expect_input_error("memorize --inputs 1 --data " + csv + " --out " + weights, "--inputs");
  expect_input_error("hessian --weights " + weights + " --arch 2,4,1 --data " + csv, "--arch");
}

// A weights file whose recorded precision has the wrong JSON type: one error line, exit 2 (it was
// a raw JSON type_error and exit 1).
TEST(ManifoldCommands, WrongJsonTypeInTheWeightsFileIsBadInput) {
  const auto weights = write_temp("digits_string.json",
                                  R"({"arch":[1,1,1],"activation":"smoolu","parameters":["1","0","1","0"],"digits":"x"})");
  expect_input_error("hessian --weights " + weights + " --data random:n=1", "\"digits\" must be a number");
}
