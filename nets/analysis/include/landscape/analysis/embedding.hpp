// PCA of parameter trajectories and classical multidimensional scaling of many models' weights
// (Lipton 2016, Li et al. 2018 Section 7, Liao & Poggio 2017 Section 4.1). No LibTorch: Eigen on plain vectors.
//
// Both work through a T x T matrix (T = number of models or records, small) instead of the
// P x P covariance (P = parameters, large): PCA from the Gram matrix of the centred rows, MDS from
// the double-centred squared dissimilarities.
#pragma once

#include <string>
#include <vector>

#include "landscape/spec/row_matrix.hpp"

namespace landscape::analysis {


struct Pca {
  std::vector<double> explained_variance;        // per component, largest first (divisor T - 1)
  std::vector<double> explained_variance_ratio;  // fractions of the total variance
  RowMatrix<double> components;                               // unit vectors in R^P, largest first
  RowMatrix<double> coordinates;                              // T x k: each row's projection on the components
  std::vector<double> mean;                      // the mean row that was subtracted
};

// PCA of `rows` (centred by their mean, as sklearn's PCA, which the reference tool uses), keeping
// `k` components (0: all non-zero ones).
Pca pca(const RowMatrix<double>& rows, int k = 0);

// The rows of a trajectory relative to its last row (w_t - w_final), the last row dropped: what
// Li et al. 2018 Section 7 feeds to PCA.
RowMatrix<double> relative_to_last(const RowMatrix<double>& trajectory);

enum class Dissimilarity { Euclidean, Cosine };  // Cosine: 1 - cos(angle)
Dissimilarity parse_dissimilarity(const std::string& text);

// Pairwise dissimilarities (T x T, symmetric, zero diagonal).
RowMatrix<double> dissimilarities(const RowMatrix<double>& rows, Dissimilarity kind);

struct Mds {
  RowMatrix<double> coordinates;                 // T x k
  std::vector<double> eigenvalues;  // of the double-centred matrix B, largest first (all T)
  double stress = 0;                // sqrt(sum (d_ij - |y_i - y_j|)^2 / sum d_ij^2) of the k-D fit
};

// Classical (Torgerson, strain) MDS: B = -1/2 J D^2 J, coordinates from B's top k eigenpairs.
Mds classical_mds(const RowMatrix<double>& dissimilarity, int k = 2);

// (1 - t) a + t b, and |a - b|: interpolation between two models and their distance.
std::vector<double> lerp(const std::vector<double>& a, const std::vector<double>& b, double t);
double distance(const std::vector<double>& a, const std::vector<double>& b);

// Euclidean distances between every pair of rows and each row's norm (Lipton 2016).
struct DistanceSummary {
  RowMatrix<double> pairwise;
  std::vector<double> norms;
};
DistanceSummary distances(const RowMatrix<double>& rows);

}  // namespace landscape::analysis
