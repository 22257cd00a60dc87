// Levenberg-Marquardt to zero loss on the algebra's exact data, and the gap rule that counts the
// non-zero values of a spectrum.
#include "landscape/nn/zero_loss_fit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "landscape/nn/curvature.hpp"
#include "landscape/nn/training.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/weights_file.hpp"

using namespace landscape;
using namespace landscape::nn;
namespace fs = std::filesystem;

namespace {
std::string trained(const std::string& name, const std::string& dataset, const std::string& dtype) {
  const std::string d = ::testing::TempDir() + "landscape_fit_" + name + "_" + std::to_string(::getpid());
  fs::remove_all(d);
  TrainConfig c;
  c.arch = dataset.rfind("exact", 0) == 0 ? "2,8,1" : "2,8,3";
  c.activation = "softplus";
  c.dataset = dataset;
  c.dtype = dtype;
  c.batch_size = 0;
  c.optimizer = "adam";
  c.lr = 0.01;
  c.epochs = 50;
  c.threads = 1;
  c.out_dir = d;
  train(c, nullptr);
  return d;
}
}  // namespace

TEST(RankByGap, SplitsAtTheLargestRatioBelowTheCeiling) {
  double gap = 0;
  EXPECT_EQ(rank_by_gap({5, -3, 1e-14, -1e-15, 0}, 1e4, &gap), 2);
  EXPECT_DOUBLE_EQ(gap, 3 / 1e-14);
  EXPECT_EQ(rank_by_gap({2, 0, 0}, 1e4, &gap), 1);  // exact zeros are zero
  EXPECT_DOUBLE_EQ(gap, 2 / 2e-30);
  // A spread of non-zero values (all above 1e-8 of the largest) is no split.
  EXPECT_EQ(rank_by_gap({1, 1e-4, 1e-7}, 1e4, &gap), 3);
  EXPECT_TRUE(std::isinf(gap));
  // A split whose ratio is below min_ratio is not clear: everything counts as non-zero.
  EXPECT_EQ(rank_by_gap({1, 1e-9, 5e-10}, 1e10, &gap), 3);
  EXPECT_EQ(rank_by_gap({0, 0}, 1e4, &gap), 0);
}

TEST(ZeroLossFit, LevenbergMarquardtReachesZeroLossWithAFullRankJacobian) {
  const auto dir = trained("exact", "exact:d=2,n=6,outputs=1,seed=1,labels=2", "float64");
  const auto fit = fit_to_zero_loss(dir, {});
  EXPECT_GT(fit.initial_loss, 1e-6);  // 50 Adam epochs do not fit the points
  EXPECT_LT(fit.final_loss, 1e-24);
  EXPECT_LE(fit.steps, 50);
  EXPECT_EQ(fit.parameters, 33u);
  EXPECT_EQ(fit.equations, 6);
  EXPECT_EQ(fit.jacobian_rank, 6);  // N * dL: the zero-loss set is a manifold of dimension K - 6 here
  ASSERT_EQ(fit.jacobian_singular_values.size(), 6u);
  // The finished point is the run's final weights, for every reader of the run.
  Curvature c(dir, {});
  EXPECT_NEAR(c.loss(), fit.final_loss, 1e-22);
  EXPECT_EQ(read_weights_file(dir + "/weights.json").parameters.size(), 33u);
}

TEST(ZeroLossFit, RefusesFloat32AndClassificationRuns) {
  EXPECT_THROW(fit_to_zero_loss(trained("f32", "exact:d=2,n=6,outputs=1,seed=1", "float32"), {}), InputError);
  EXPECT_THROW(fit_to_zero_loss(trained("ce", "synthetic:d=2,n=20,test=5,teacher=4,classes=3", "float64"), {}), InputError);
}
