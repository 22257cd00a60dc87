// Cooper 2018 Prop. 2.3 at trained zero-loss points: a softplus net and Cooper's construction of
// the same data both have Hessian nullity K - N*dL (K = 2*7 + 7 + 7 + 1 = 29, N*dL = 5: 24).
#include "landscape/experiments/trained_nullity.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

TEST(TrainedNullity, TrainedAndConstructedPointsHaveNullityKMinusN) {
  TrainedNullityOptions o;
  o.activations = {"softplus"};
  o.widths = {7};
  o.points = 5;
  o.relu = false;
  o.epochs = 100;
  o.cooper_digits = 40;
  o.out_dir = experiments_testing::fresh_dir("trained_nullity");
  const auto r = run_trained_nullity(o);
  const auto& rows = r.details["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["kind"], "trained");
  EXPECT_EQ(rows[1]["kind"], "cooper");
  for (const auto& row : rows) {
    EXPECT_EQ(row["parameters"], 29);
    EXPECT_EQ(row["expected_nullity"], 24);
    EXPECT_EQ(row["nullity"], 24) << row.dump();
    EXPECT_EQ(row["jacobian_rank"], 5);
    EXPECT_TRUE(row["matches"].get<bool>());
  }
  EXPECT_LT(rows[0]["final_loss"].get<double>(), 1e-12);
  EXPECT_GT(rows[0]["gap"].get<double>(), 1e6);
  EXPECT_TRUE(r.details["agrees"].get<bool>());
  EXPECT_EQ(r.summary().rfind("AGREES", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/nullity.csv"));
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/softplus-w7/weights.json"));  // for `landscape hessian`
}

TEST(TrainedNullity, OptionsAreChecked) {
  TrainedNullityOptions o;
  o.out_dir = experiments_testing::fresh_dir("trained_nullity_bad");
  o.widths = {};
  EXPECT_THROW(run_trained_nullity(o), FieldError);
  o.widths = {0};
  try {
    run_trained_nullity(o);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "widths");
  }
}

// A net with K <= N*dL (width 1: K = 5 against 6 points) is outside Prop. 2.3: undecided, not a
// disagreement.
TEST(TrainedNullity, UnderparametrizedRowsAreUndecided) {
  TrainedNullityOptions o;
  o.activations = {"softplus"};
  o.widths = {1};
  o.relu = false;
  o.epochs = 20;
  o.out_dir = experiments_testing::fresh_dir("trained_nullity_small");
  const auto r = run_trained_nullity(o);
  ASSERT_EQ(r.details["rows"].size(), 1u);  // no Cooper row: width 1 < 6 points
  EXPECT_FALSE(r.details["rows"][0]["decided"].get<bool>());
  EXPECT_EQ(r.details["undecided"], 1);
  EXPECT_FALSE(r.details["agrees"].get<bool>());
  EXPECT_EQ(r.summary().rfind("UNDECIDED", 0), 0u) << r.summary();
}
