// Helpers of the protocols library's tests: a tiny generated data set and training options that
// train in well under a second, and fresh per-process directories.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include <Eigen/Dense>

#include "landscape/nn/curvature.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments_testing {

// A fresh (removed) directory for this test process.
inline std::string fresh_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "experiments_" + std::to_string(::getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

// An MLP 6-12-3 on 400 generated samples (3 classes), one thread, epoch-end records.
inline nn::TrainConfig tiny_config(int epochs = 2) {
  nn::TrainConfig c;
  c.model = "mlp";
  c.arch = "6,12,3";
  c.dataset = "synthetic:d=6,n=400,test=100,teacher=8,classes=3,seed=1";
  c.lr = 0.05;
  c.epochs = epochs;
  c.threads = 1;
  c.record_every = 0;
  return c;
}

// The eigenvalues (ascending) of the dense Hessian of `c` at its current weights: every column a
// Hessian-vector product, the eigenvalues by Eigen (the second algorithm the curvature tests use).
inline Eigen::VectorXd dense_hessian_eigenvalues(nn::Curvature& c, nn::CurvatureKind kind = nn::CurvatureKind::Hessian) {
  const auto h = c.dense(kind);
  const auto n = static_cast<Eigen::Index>(h.size());
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) m(i, j) = h[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(m, Eigen::EigenvaluesOnly).eigenvalues();
}

}  // namespace landscape::experiments_testing
