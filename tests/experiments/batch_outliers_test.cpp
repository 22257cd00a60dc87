// The slides' outliers on a tiny classifier: the top eigenvalues of each run against the dense
// Hessian (every column a Hessian-vector product, eigenvalues by Eigen), the outlier count by the
// largest gap, and the refusals.
#include "landscape/experiments/batch_outliers.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include "experiments_test_support.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

TEST(BatchOutliers, TopEigenvaluesPerBatchSizeAgainstTheDenseHessian) {
  BatchOutliersOptions o;
  o.base = experiments_testing::tiny_config(4);  // MLP 6-12-3, 3 classes, 123 parameters
  o.batches = {8, 200};
  o.tolerance = 1e-5;  // float32 products: their rounding (about 1e-7 relative) is the floor
  o.out_dir = experiments_testing::fresh_dir("batch_outliers");
  const auto r = run_batch_outliers(o);
  const auto& rows = r.details["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(r.details["classes"], 3);
  for (const auto& row : rows) {
    ASSERT_EQ(row["top"].size(), 6u);  // twice the classes
    EXPECT_TRUE(row["converged"].get<bool>());
    nn::CurvatureOptions co;
    nn::Curvature c(row["run_dir"].get<std::string>(), co);
    const Eigen::VectorXd l = experiments_testing::dense_hessian_eigenvalues(c);
    const auto n = l.size();
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(row["top"][i].get<double>(), l[n - 1 - i], 1e-5 * l[n - 1]) << i;
    // The count sits at the largest ratio between consecutive top eigenvalues.
    const int k = row["outliers"];
    ASSERT_GE(k, 1);
    ASSERT_LE(k, 5);
    for (int i = 0; i + 1 < 6; ++i)
      EXPECT_LE(l[n - 1 - i] / l[n - 2 - i], row["gap"].get<double>() * (1 + 1e-3)) << i;
  }
  const double rho = r.details["largest_vs_batch"];
  EXPECT_TRUE(rho == 1.0 || rho == -1.0);  // two runs: the ranks agree or they do not
}

TEST(BatchOutliers, RefusesOneBatchSizeAndRegressionData) {
  BatchOutliersOptions o;
  o.base = experiments_testing::tiny_config(1);
  o.out_dir = experiments_testing::fresh_dir("batch_outliers_bad");
  o.batches = {32};
  try {
    run_batch_outliers(o);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "batches");
  }
  o.batches = {16, 64};
  o.base.dataset = "synthetic:d=6,n=100,test=20,teacher=8,classes=0,seed=1";
  o.base.arch = "6,12,1";
  try {
    run_batch_outliers(o);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "dataset");
  }
}
