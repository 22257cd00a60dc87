#include "landscape/experiments/perturb_retrain.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "experiments_test_support.hpp"
#include "landscape/nn/trajectory.hpp"

using namespace landscape::experiments;

// Planted correctness: A right on samples 0, 1; B on 0, 2; C on 0, 1, 2 (four samples).
// P(B right | A right) = 1/2, P(C right | A right) = 1, P(A right | C right) = 2/3;
// P(B wrong | A wrong) = 1/2 (both wrong only on sample 3), P(C wrong | A wrong) = 1/2.
TEST(PerturbRetrain, AgreementMatricesOfPlantedPredictions) {
  std::vector<std::vector<double>> right, wrong;
  agreement_matrices({{1, 1, 0, 0}, {1, 0, 1, 0}, {1, 1, 1, 0}}, &right, &wrong);
  EXPECT_DOUBLE_EQ(right[0][1], 0.5);
  EXPECT_DOUBLE_EQ(right[0][2], 1.0);
  EXPECT_DOUBLE_EQ(right[2][0], 2.0 / 3);
  EXPECT_DOUBLE_EQ(wrong[0][1], 0.5);
  EXPECT_DOUBLE_EQ(wrong[0][2], 0.5);
  EXPECT_DOUBLE_EQ(wrong[2][0], 1.0);
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(right[i][i], 1.0);
  // A model never wrong has no P(. wrong | it wrong): NaN, not a made-up number.
  agreement_matrices({{1, 1}, {1, 0}}, &right, &wrong);
  EXPECT_TRUE(std::isnan(wrong[0][1]));
}

TEST(PerturbRetrain, OptionsValidateThemselves) {
  PerturbRetrainOptions o;
  o.out_dir = "x";
  std::string error;
  EXPECT_TRUE(o.is_valid(&error));
  o.copies = 1;
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "copies 1: must be in 2..50");
  o.copies = 2;
  o.at.clear();
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error.rfind("at ", 0), 0u);
}

TEST(PerturbRetrain, CopiesStartFromThePerturbedBaseAndAreCompared) {
  PerturbRetrainOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.at = {1};
  o.copies = 2;
  o.retrain = 1;
  o.out_dir = landscape::experiments_testing::fresh_dir("perturb");
  const auto r = run_perturb_retrain(o, nullptr);
  ASSERT_EQ(r.p_correct_given_correct.size(), 1u);
  ASSERT_EQ(r.p_correct_given_correct[0].size(), 3u);  // two copies and the reference
  for (const auto& row : r.p_correct_given_correct[0])
    for (double p : row) EXPECT_TRUE(p >= 0 && p <= 1);
  const auto j = r.to_json();
  EXPECT_EQ(j["epoch1"]["copies"].size(), 2u);
  EXPECT_EQ(j["epoch1"]["interpolation"]["before retraining"]["t"].size(), 13u);
}

// M_final: the base run continued by full-batch gradient descent; its copies start from its end,
// perturbed, and retrain by gradient descent when asked (one step per epoch).
TEST(PerturbRetrain, FinalModelByFullBatchDescentIsPerturbedToo) {
  PerturbRetrainOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.at = {1};
  o.copies = 2;
  o.retrain = 2;
  o.final_epochs = 3;
  o.full_batch_retrain = true;
  o.out_dir = landscape::experiments_testing::fresh_dir("perturb-final");
  const auto r = run_perturb_retrain(o, nullptr);
  ASSERT_EQ(r.p_correct_given_correct.size(), 2u);  // epoch 1, then M_final
  const auto j = r.to_json();
  EXPECT_EQ(j["final_run"]["epochs"], 3);
  const auto base = landscape::nn::read_trajectory(o.out_dir + "/base/trajectory.h5");
  const auto final_run = landscape::nn::read_trajectory(o.out_dir + "/final/trajectory.h5");
  EXPECT_EQ(final_run.parameters.front(), base.parameters.back());
  EXPECT_EQ(final_run.step.back() - final_run.step.front(), 3);  // full batch: one step per epoch
  const auto copy = landscape::nn::read_trajectory(o.out_dir + "/final-copies/copy1/trajectory.h5");
  EXPECT_NE(copy.parameters.front(), final_run.parameters.back());
  EXPECT_EQ(copy.step.back() - copy.step.front(), 2);
  EXPECT_EQ(j["final"]["copies"].size(), 2u);
  for (const char* f : {"/retraining-final-error.dat", "/retraining-epoch1-loss.dat", "/interpolation-final.dat",
                        "/agreement-correct-final.dat"})
    EXPECT_TRUE(std::filesystem::exists(o.out_dir + f)) << f;
}
