// Lanczos extremes, Hutchinson / Hutch++ traces and the SLQ density against matrices whose
// spectra are planted (Q diag(lambda) Q^T with a random orthogonal Q) and against Eigen's dense
// eigensolver.
#include "landscape/analysis/spectral.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <random>

#include "landscape/spec/error.hpp"

namespace landscape::analysis {
namespace {

Eigen::MatrixXd planted(const std::vector<double>& lambda, unsigned seed) {
  const auto n = static_cast<Eigen::Index>(lambda.size());
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) m(i, j) = g(rng);
  const Eigen::MatrixXd q = Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ();
  Eigen::VectorXd d(n);
  for (Eigen::Index i = 0; i < n; ++i) d[i] = lambda[static_cast<std::size_t>(i)];
  return q * d.asDiagonal() * q.transpose();
}

LinearOperator as_operator(const Eigen::MatrixXd& a, int* count = nullptr) {
  return [&a, count](const std::vector<double>& x, std::vector<double>& y) {
    if (count) ++*count;
    Eigen::Map<Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size())) =
        a * Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
  };
}

// A Hessian-like spectrum: a few outliers, a bulk near zero, a few small negative values.
std::vector<double> hessian_like(std::size_t n) {
  std::vector<double> l;
  for (double v : {40.0, 25.0, 17.0, 11.0, 7.5, 5.0}) l.push_back(v);
  for (double v : {-0.8, -0.45, -0.2}) l.push_back(v);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-0.05, 0.5);
  while (l.size() < n) l.push_back(u(rng));
  return l;
}

TEST(Extremes, TopAndBottomOfAPlantedSpectrumToTheTolerance) {
  const auto lambda = hessian_like(400);
  const Eigen::MatrixXd a = planted(lambda, 1);
  ExtremeOptions o;
  o.top = 5;
  o.bottom = 2;
  o.tolerance = 1e-8;
  const auto r = extreme_eigenvalues(as_operator(a), 400, o);
  ASSERT_TRUE(r.converged);
  EXPECT_TRUE(r.multiplicity_checked);
  const std::vector<double> top = {40, 25, 17, 11, 7.5}, bottom = {-0.8, -0.45};
  ASSERT_EQ(r.top.size(), 5u);
  ASSERT_EQ(r.bottom.size(), 2u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(r.top[i], top[i], 1e-8 * 40) << i;
    EXPECT_LE(r.top_residuals[i], r.absolute_tolerance);
  }
  for (std::size_t i = 0; i < 2; ++i) EXPECT_NEAR(r.bottom[i], bottom[i], 1e-8 * 40) << i;
  EXPECT_NEAR(r.scale, 40, 1e-6);
  EXPECT_LT(r.matvecs, 400);  // far fewer products than the dimension
}

TEST(Extremes, RitzVectorsAreEigenvectors) {
  const auto lambda = hessian_like(200);
  const Eigen::MatrixXd a = planted(lambda, 2);
  ExtremeOptions o;
  o.top = 3;
  o.bottom = 1;
  o.vectors = true;
  const auto r = extreme_eigenvalues(as_operator(a), 200, o);
  ASSERT_EQ(r.top_vectors.size(), 3u);
  ASSERT_EQ(r.bottom_vectors.size(), 1u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Eigen::Map<const Eigen::VectorXd> y(r.top_vectors[i].data(), 200);
    EXPECT_NEAR(y.norm(), 1.0, 1e-12);
    EXPECT_LE((a * y - r.top[i] * y).norm(), 1e-5 * 40);
  }
}

TEST(Extremes, FindsEveryCopyOfAMultipleEigenvalue) {
  // 9 (three times), 4 (twice), then well-separated single values and a bulk in [0, 1]: the first
  // pass converges on 9, 4, 3, 2.5, 2 (each seen once) before rounding errors could grow copies.
  std::vector<double> lambda = {9, 9, 9, 4, 4, 3, 2.5, 2, -2, -2, -1.5};
  for (int i = 0; i < 589; ++i) lambda.push_back(i / 589.0);
  const Eigen::MatrixXd a = planted(lambda, 3);
  ExtremeOptions o;
  o.top = 5;
  o.bottom = 2;
  o.tolerance = 1e-4;
  o.check_multiplicity = false;
  const auto once = extreme_eigenvalues(as_operator(a), lambda.size(), o);
  ASSERT_TRUE(once.converged);
  EXPECT_NEAR(once.top[1], 4, 1e-4 * 9);  // the copies of 9 are missed
  EXPECT_NEAR(once.bottom[1], -1.5, 1e-4 * 9);
  EXPECT_FALSE(once.multiplicity_checked);
  o.check_multiplicity = true;
  const auto r = extreme_eigenvalues(as_operator(a), lambda.size(), o);
  ASSERT_TRUE(r.converged);
  EXPECT_TRUE(r.multiplicity_checked);
  const std::vector<double> top = {9, 9, 9, 4, 4};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(r.top[i], top[i], 1e-4 * 9) << i;
  EXPECT_NEAR(r.bottom[0], -2, 1e-4 * 9);
  EXPECT_NEAR(r.bottom[1], -2, 1e-4 * 9);
  EXPECT_GE(r.passes, 4);  // two copies of 9, one of 4, one of -2 (bottom and top may share passes), and a pass finding none
}

// ||B y - theta y|| in double for each Ritz pair.
std::vector<double> true_residuals(const Eigen::MatrixXd& b, const std::vector<double>& values,
                                   const std::vector<std::vector<double>>& vectors) {
  std::vector<double> out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Eigen::Map<const Eigen::VectorXd> y(vectors[i].data(), b.rows());
    out.push_back((b * y - values[i] * y).norm());
  }
  return out;
}

TEST(Extremes, ACopyNextToTheKthValueBehindAFastOutlierIsFound) {
  // An outlier (100) converges in a few steps, so the check pass's minimum is short; the missed
  // copy of 5 sits 0.1 above the third value 4.9 and 0.2 above the rest: the check must still find it.
  std::vector<double> lambda = {100, 5, 5, 4.9, 4.8};
  for (int i = 0; i < 595; ++i) lambda.push_back(4.5 * i / 595.0);
  const Eigen::MatrixXd a = planted(lambda, 15);
  ExtremeOptions o;
  o.top = 3;
  o.tolerance = 1e-4;
  o.check_multiplicity = false;
  const auto once = extreme_eigenvalues(as_operator(a), lambda.size(), o);
  ASSERT_TRUE(once.converged);
  EXPECT_NEAR(once.top[2], 4.9, 1e-4 * 100);  // one pass sees 5 once
  o.check_multiplicity = true;
  for (std::uint64_t seed = 0; seed < 8; ++seed) {  // whichever start vectors
    o.seed = seed;
    const auto r = extreme_eigenvalues(as_operator(a), lambda.size(), o);
    ASSERT_TRUE(r.converged) << seed;
    EXPECT_TRUE(r.multiplicity_checked) << seed;
    const std::vector<double> top = {100, 5, 5};
    for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(r.top[i], top[i], 1e-4 * 100) << seed << ", " << i;
  }
}

TEST(Extremes, ResidualsFromTheProductsAreTheTrueOnes) {
  // An operator with a skew part of size 1e-3 (as non-symmetric rounding in a product would give):
  // Lanczos' recurrence assumes symmetry and its own estimate sees nothing of it; the residuals
  // from the kept components must be ||B y - theta y|| itself, at no extra product.
  const auto lambda = hessian_like(500);
  const Eigen::MatrixXd a = planted(lambda, 12);
  std::mt19937_64 rng(13);
  std::normal_distribution<double> g;
  Eigen::MatrixXd skew(500, 500);
  for (Eigen::Index i = 0; i < 500; ++i)
    for (Eigen::Index j = 0; j < 500; ++j) skew(i, j) = g(rng) * 1e-3 / std::sqrt(500.0);
  const Eigen::MatrixXd b = a + (skew - skew.transpose()) / 2;
  int count = 0;
  ExtremeOptions o;
  o.top = 5;
  o.bottom = 2;
  o.tolerance = 1e-3;
  o.vectors = true;
  const auto r = extreme_eigenvalues(as_operator(b, &count), 500, o);
  ASSERT_TRUE(r.converged);
  EXPECT_EQ(r.matvecs, count);
  const auto top = true_residuals(b, r.top, r.top_vectors), bottom = true_residuals(b, r.bottom, r.bottom_vectors);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_GT(top[i], 1e-5) << i;  // the skew part shows
    EXPECT_NEAR(r.top_residuals[i], top[i], 1e-9 * top[i] + 1e-12) << i;
  }
  for (std::size_t i = 0; i < 2; ++i) EXPECT_NEAR(r.bottom_residuals[i], bottom[i], 1e-9 * bottom[i] + 1e-12) << i;
}

TEST(Extremes, ResidualsOfRoundedProductsAsGoodAsExplicitOnes) {
  // float32 rounding of x and of A x: the kept residuals and the ones from a fresh product (one
  // more product per pair) both land within the rounding (|A| 2^-24 sqrt n, about 5e-5 here) of
  // the exact residual.
  const auto lambda = hessian_like(500);
  const Eigen::MatrixXd a = planted(lambda, 14);
  const LinearOperator rounded = [&](const std::vector<double>& x, std::vector<double>& y) {
    Eigen::VectorXd xf(500);
    for (Eigen::Index i = 0; i < 500; ++i) xf[i] = static_cast<float>(x[static_cast<std::size_t>(i)]);
    const Eigen::VectorXd ax = a * xf;
    for (Eigen::Index i = 0; i < 500; ++i) y[static_cast<std::size_t>(i)] = static_cast<float>(ax[i]);
  };
  ExtremeOptions o;
  o.top = 5;
  o.tolerance = 1e-4;
  o.vectors = true;
  const auto kept = extreme_eigenvalues(rounded, 500, o);
  o.explicit_residuals = true;
  const auto fresh = extreme_eigenvalues(rounded, 500, o);
  EXPECT_EQ(fresh.matvecs, kept.matvecs + 5);  // the same passes, and one product per pair
  ASSERT_TRUE(kept.converged);
  const auto exact = true_residuals(a, kept.top, kept.top_vectors);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(kept.top[i], fresh.top[i]);
    EXPECT_NEAR(kept.top_residuals[i], exact[i], 5e-5) << i;
    EXPECT_NEAR(fresh.top_residuals[i], exact[i], 5e-5) << i;
  }
}

TEST(Extremes, TheLastDimensionIsCheckedAgainstTheBottomToo) {
  // n = 4, eigenvalues 7, 3, -2, -2: with one dimension left the check pass sees one value, -2.
  const Eigen::MatrixXd a = planted({7, 3, -2, -2}, 11);
  ExtremeOptions o;
  o.top = 1;
  o.bottom = 2;
  const auto r = extreme_eigenvalues(as_operator(a), 4, o);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.top[0], 7, 1e-10);
  EXPECT_NEAR(r.bottom[0], -2, 1e-10);
  EXPECT_NEAR(r.bottom[1], -2, 1e-10);
}

TEST(Extremes, WholeSpectrumOfASmallMatrixMatchesEigen) {
  const auto lambda = hessian_like(12);
  const Eigen::MatrixXd a = planted(lambda, 4);
  ExtremeOptions o;
  o.top = 8;
  o.bottom = 4;
  const auto r = extreme_eigenvalues(as_operator(a), 12, o);
  ASSERT_TRUE(r.converged);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(a);
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(r.top[static_cast<std::size_t>(i)], es.eigenvalues()[11 - i], 1e-10);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(r.bottom[static_cast<std::size_t>(i)], es.eigenvalues()[i], 1e-10);
}

TEST(Extremes, LowRankOperatorBreaksDownAndRestarts) {
  // Rank 3: the Krylov space is invariant after 3 steps; the zero eigenvalue is still found.
  std::vector<double> lambda(50, 0.0);
  lambda[0] = 5, lambda[1] = 2, lambda[2] = -1;
  const Eigen::MatrixXd a = planted(lambda, 5);
  ExtremeOptions o;
  o.top = 4;
  o.bottom = 1;
  const auto r = extreme_eigenvalues(as_operator(a), 50, o);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(r.top[0], 5, 1e-10);
  EXPECT_NEAR(r.top[1], 2, 1e-10);
  EXPECT_NEAR(r.top[2], 0, 1e-10);
  EXPECT_NEAR(r.top[3], 0, 1e-10);
  EXPECT_NEAR(r.bottom[0], -1, 1e-10);
}

TEST(Extremes, NotConvergedWhenTheStepsRunOut) {
  const auto lambda = hessian_like(300);
  const Eigen::MatrixXd a = planted(lambda, 6);
  ExtremeOptions o;
  o.top = 5;
  o.max_steps = 6;
  o.tolerance = 1e-12;
  const auto r = extreme_eigenvalues(as_operator(a), 300, o);
  EXPECT_FALSE(r.converged);
  EXPECT_FALSE(r.multiplicity_checked);
  EXPECT_GT(*std::max_element(r.top_residuals.begin(), r.top_residuals.end()), r.absolute_tolerance);
}

TEST(Extremes, RefusesImpossibleRequestsAndNonFiniteProducts) {
  const Eigen::MatrixXd a = planted({1, 2, 3}, 7);
  ExtremeOptions o;
  o.top = 3;
  o.bottom = 1;
  EXPECT_THROW(extreme_eigenvalues(as_operator(a), 3, o), InputError);
  o.top = 0;
  o.bottom = 0;
  EXPECT_THROW(extreme_eigenvalues(as_operator(a), 3, o), InputError);
  o.top = 1;
  const LinearOperator nan = [](const std::vector<double>&, std::vector<double>& y) { y.assign(y.size(), NAN); };
  EXPECT_THROW(extreme_eigenvalues(nan, 3, o), InputError);
}

TEST(Trace, ExactHutchinsonAndHutchPlusPlus) {
  const auto lambda = hessian_like(300);
  const Eigen::MatrixXd a = planted(lambda, 8);
  const double exact = a.trace();
  int count = 0;
  TraceOptions o;
  o.method = TraceMethod::Exact;
  const auto e = trace_estimate(as_operator(a, &count), 300, o);
  EXPECT_NEAR(e.value, exact, 1e-9);
  EXPECT_EQ(e.matvecs, 300);
  EXPECT_EQ(count, 300);
  // Hutch++ with 60 products: the outliers are captured exactly by Q; the remainder is small.
  o.method = TraceMethod::HutchPlusPlus;
  o.matvecs = 60;
  const auto hpp = trace_estimate(as_operator(a), 300, o);
  EXPECT_EQ(hpp.matvecs, 60);
  EXPECT_NEAR(hpp.value, exact, 4 * hpp.standard_error + 1e-9);
  EXPECT_LT(std::abs(hpp.value - exact) / exact, 0.02);
  o.method = TraceMethod::Hutchinson;
  const auto h = trace_estimate(as_operator(a), 300, o);
  EXPECT_NEAR(h.value, exact, 4 * h.standard_error);
  EXPECT_GT(h.standard_error, hpp.standard_error);  // the outliers dominate Hutchinson's variance
  // The same seed repeats exactly.
  EXPECT_EQ(trace_estimate(as_operator(a), 300, o).value, h.value);
}

TEST(Trace, HutchPlusPlusIsExactForLowRank) {
  std::vector<double> lambda(100, 0.0);
  lambda[0] = 3, lambda[1] = -1, lambda[2] = 0.5;
  const Eigen::MatrixXd a = planted(lambda, 9);
  TraceOptions o;
  o.matvecs = 30;
  const auto r = trace_estimate(as_operator(a), 100, o);
  EXPECT_NEAR(r.value, 2.5, 1e-10);
  EXPECT_NEAR(r.standard_error, 0, 1e-10);
}

TEST(Density, QuadratureReproducesMomentsAndIntegratesToOne) {
  const auto lambda = hessian_like(200);
  const Eigen::MatrixXd a = planted(lambda, 10);
  DensityOptions o;
  o.probes = 8;
  o.steps = 30;
  const auto d = spectral_density(as_operator(a), 200, o);
  ASSERT_EQ(d.nodes.size(), 8u);
  EXPECT_EQ(d.matvecs, 8 * 30);
  // Gauss quadrature with m nodes is exact for polynomials of degree 2m - 1: per probe,
  // sum_i w_i theta_i^k = v^T A^k v / |v|^2; averaged over probes it estimates tr(A^k) / n.
  double m1 = 0, m2 = 0;
  for (std::size_t p = 0; p < 8; ++p) {
    double w = 0;
    for (std::size_t i = 0; i < d.nodes[p].size(); ++i) {
      w += d.weights[p][i];
      m1 += d.weights[p][i] * d.nodes[p][i] / 8;
      m2 += d.weights[p][i] * d.nodes[p][i] * d.nodes[p][i] / 8;
    }
    EXPECT_NEAR(w, 1.0, 1e-12);
  }
  // Against tr(M) / n within 4 standard errors: a Rademacher z has Var(z^T M z) = 2 (|M|_F^2 - sum M_ii^2).
  auto error = [](const Eigen::MatrixXd& m) {
    return std::sqrt(2 * (m.squaredNorm() - m.diagonal().squaredNorm()) / 8) / 200;
  };
  EXPECT_NEAR(m1, a.trace() / 200, 4 * error(a));
  EXPECT_NEAR(m2, (a * a).trace() / 200, 4 * error(a * a));
  // The outliers are nodes of every probe (Lanczos finds extreme eigenvalues first).
  for (const auto& nodes : d.nodes) EXPECT_NEAR(*std::max_element(nodes.begin(), nodes.end()), 40, 1e-6);
  std::vector<double> grid;
  for (int i = 0; i <= 4000; ++i) grid.push_back(-2 + 44.0 * i / 4000);
  const auto density = smoothed_density(d, grid, 0.1);
  double integral = 0;
  for (std::size_t i = 1; i < grid.size(); ++i) integral += 0.5 * (density[i] + density[i - 1]) * (grid[i] - grid[i - 1]);
  EXPECT_NEAR(integral, 1.0, 1e-6);
}

}  // namespace
}  // namespace landscape::analysis
