// PCA and classical MDS against independent computations: an SVD of the centred data (PCA
// works through the Gram matrix), planted low-dimensional data, exact distances.
#include "landscape/analysis/embedding.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

using namespace landscape::analysis;
using landscape::RowMatrix;

namespace {
// Standard normal entries, the same on every platform (std::normal_distribution is not).
RowMatrix<double> random_rows(int t, int p, unsigned seed) {
  landscape::SplitMix64 rng(seed);
  RowMatrix<double> rows(t, std::vector<double>(p));
  for (auto& r : rows)
    for (auto& v : r) v = rng.normal();
  return rows;
}
}  // namespace

TEST(Pca, VarianceFractionsMatchAnSvdOfTheCentredData) {
  RowMatrix<double> rows = random_rows(12, 40, 1);
  for (int t = 0; t < 12; ++t)
    for (int k = 0; k < 40; ++k) rows[t][k] *= 1.0 + 0.2 * k;  // unequal variances
  const Pca p = pca(rows);
  Eigen::MatrixXd m(12, 40);
  for (int t = 0; t < 12; ++t)
    for (int k = 0; k < 40; ++k) m(t, k) = rows[t][k];
  m.rowwise() -= m.colwise().mean();
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(m, Eigen::ComputeThinV);
  const Eigen::VectorXd s2 = svd.singularValues().cwiseAbs2();
  ASSERT_EQ(p.explained_variance_ratio.size(), 11u);  // rank T - 1 after centring
  for (int c = 0; c < 11; ++c) {
    EXPECT_NEAR(p.explained_variance_ratio[c], s2(c) / s2.sum(), 1e-12);
    EXPECT_NEAR(p.explained_variance[c], s2(c) / 11, 1e-9);
    // Same component up to sign.
    double dot = 0;
    for (int k = 0; k < 40; ++k) dot += p.components[c][k] * svd.matrixV()(k, c);
    EXPECT_NEAR(std::abs(dot), 1.0, 1e-9);
  }
}

TEST(Pca, PlantedLineHasAllVarianceInOneComponent) {
  RowMatrix<double> rows;
  for (int t = 0; t < 6; ++t) rows.push_back({1.0 + 2.0 * t, -3.0 * t, 0.5 * t + 7});
  const Pca p = pca(rows);
  ASSERT_EQ(p.explained_variance_ratio.size(), 1u);
  EXPECT_NEAR(p.explained_variance_ratio[0], 1.0, 1e-12);
  const double norm = std::sqrt(4 + 9 + 0.25);
  EXPECT_NEAR(std::abs(p.components[0][1]), 3 / norm, 1e-12);
  const RowMatrix<double> rel = relative_to_last(rows);
  ASSERT_EQ(rel.size(), 5u);
  EXPECT_DOUBLE_EQ(rel[0][0], 1.0 - 11.0);
}

TEST(Mds, RecoversPlanarPointsUpToARigidMotion) {
  const RowMatrix<double> points = {{0, 0}, {3, 0}, {0, 4}, {1, 1}, {-2, 5}};
  const Mds m = classical_mds(dissimilarities(points, Dissimilarity::Euclidean), 2);
  EXPECT_LT(m.stress, 1e-10);
  for (std::size_t i = 0; i < points.size(); ++i)
    for (std::size_t j = 0; j < points.size(); ++j) {
      const double original = std::hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
      const double embedded = std::hypot(m.coordinates[i][0] - m.coordinates[j][0], m.coordinates[i][1] - m.coordinates[j][1]);
      EXPECT_NEAR(original, embedded, 1e-9);
    }
  // B = -1/2 J D^2 J is the Gram matrix of the centred points: same non-zero eigenvalues.
  Eigen::MatrixXd x(5, 2);
  for (int i = 0; i < 5; ++i) x(i, 0) = points[i][0], x(i, 1) = points[i][1];
  x.rowwise() -= x.colwise().mean();
  const Eigen::VectorXd gram = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(x * x.transpose()).eigenvalues().reverse();
  for (int c = 0; c < 5; ++c) EXPECT_NEAR(m.eigenvalues[c], gram(c), 1e-9);
}

TEST(Mds, CosineDissimilarityClosedForm) {
  const RowMatrix<double> rows = {{1, 0}, {0, 2}, {1, 1}};
  const RowMatrix<double> d = dissimilarities(rows, Dissimilarity::Cosine);
  EXPECT_NEAR(d[0][1], 1.0, 1e-15);
  EXPECT_NEAR(d[0][2], 1 - 1 / std::sqrt(2.0), 1e-15);
  EXPECT_EQ(d[1][1], 0.0);
  EXPECT_THROW(dissimilarities({{0, 0}, {1, 1}}, Dissimilarity::Cosine), landscape::InputError);
  const auto s = distances(rows);
  EXPECT_NEAR(s.pairwise[0][1], std::sqrt(5.0), 1e-15);
  EXPECT_NEAR(s.norms[1], 2.0, 1e-15);
}

TEST(Vectors, LerpAndDistance) {
  const std::vector<double> a = {1, 2, 3}, b = {3, 2, -1};
  EXPECT_EQ(lerp(a, b, 0.5), (std::vector<double>{2, 2, 1}));
  EXPECT_EQ(lerp(a, b, 0), a);
  EXPECT_DOUBLE_EQ(distance(a, b), std::sqrt(20.0));
  EXPECT_THROW(distance(a, {1.0}), landscape::InputError);
}

TEST(Mds, UnknownDissimilarityNamesItsField) {
  EXPECT_EQ(parse_dissimilarity("cosine"), Dissimilarity::Cosine);
  try {
    parse_dissimilarity("manhattan");
    FAIL() << "no error";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "dissimilarity");
    EXPECT_EQ(e.rule(), "'manhattan': expected cosine (1 - cos) or euclidean");
  }
}
