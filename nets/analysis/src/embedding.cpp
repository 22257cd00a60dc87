#include "landscape/analysis/embedding.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

#include "landscape/spec/error.hpp"

namespace landscape::analysis {

namespace {

Eigen::MatrixXd to_matrix(const RowMatrix<double>& rows, const char* what) {
  if (rows.empty()) throw InputError(std::string(what) + ": no rows");
  const auto p = rows.front().size();
  Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(p));
  for (std::size_t t = 0; t < rows.size(); ++t) {
    if (rows[t].size() != p) throw InputError(std::string(what) + ": rows of different lengths");
    for (std::size_t k = 0; k < p; ++k) {
      if (!std::isfinite(rows[t][k])) throw InputError(std::string(what) + ": a value is not finite (row " + std::to_string(t) + ")");
      m(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(k)) = rows[t][k];
    }
  }
  return m;
}

// Eigenpairs of a symmetric matrix, largest eigenvalue first.
void sorted_eigen(const Eigen::MatrixXd& s, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(s);
  const Eigen::Index n = s.rows();
  values = solver.eigenvalues().reverse();
  vectors = solver.eigenvectors().rowwise().reverse();
  (void)n;
}

}  // namespace

Pca pca(const RowMatrix<double>& rows, int k) {
  const Eigen::MatrixXd m = to_matrix(rows, "pca");
  if (m.rows() < 2) throw InputError("pca: needs at least two rows");
  const Eigen::RowVectorXd mean = m.colwise().mean();
  const Eigen::MatrixXd x = m.rowwise() - mean;
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
  sorted_eigen(x * x.transpose(), values, vectors);
  const double total = std::max(0.0, values.sum());
  const double tiny = std::max(1e-300, 1e-12 * std::abs(values(0)));
  Eigen::Index keep = 0;
  while (keep < values.size() && values(keep) > tiny) ++keep;
  if (k > 0) keep = std::min<Eigen::Index>(keep, k);
  Pca r;
  r.mean.assign(mean.data(), mean.data() + mean.size());
  r.coordinates.assign(static_cast<std::size_t>(m.rows()), std::vector<double>(static_cast<std::size_t>(keep)));
  for (Eigen::Index c = 0; c < keep; ++c) {
    const double lambda = values(c);
    r.explained_variance.push_back(lambda / static_cast<double>(m.rows() - 1));
    r.explained_variance_ratio.push_back(total > 0 ? lambda / total : 0);
    // Component: X^T v / sqrt(lambda), a unit vector; its sign makes the largest entry positive.
    Eigen::VectorXd component = x.transpose() * vectors.col(c) / std::sqrt(lambda);
    Eigen::Index at = 0;
    component.cwiseAbs().maxCoeff(&at);
    const double sign = component(at) < 0 ? -1.0 : 1.0;
    component *= sign;
    r.components.emplace_back(component.data(), component.data() + component.size());
    const Eigen::VectorXd projection = x * component;
    for (Eigen::Index t = 0; t < m.rows(); ++t) r.coordinates[static_cast<std::size_t>(t)][static_cast<std::size_t>(c)] = projection(t);
  }
  return r;
}

RowMatrix<double> relative_to_last(const RowMatrix<double>& trajectory) {
  if (trajectory.size() < 2) throw InputError("a trajectory needs at least two records");
  RowMatrix<double> out;
  const auto& last = trajectory.back();
  for (std::size_t t = 0; t + 1 < trajectory.size(); ++t) {
    std::vector<double> d(last.size());
    for (std::size_t k = 0; k < d.size(); ++k) d[k] = trajectory[t][k] - last[k];
    out.push_back(std::move(d));
  }
  return out;
}

Dissimilarity parse_dissimilarity(const std::string& text) {
  if (text == "euclidean") return Dissimilarity::Euclidean;
  if (text == "cosine") return Dissimilarity::Cosine;
  throw FieldError("dissimilarity", "'" + text + "': expected cosine (1 - cos) or euclidean");
}

RowMatrix<double> dissimilarities(const RowMatrix<double>& rows, Dissimilarity kind) {
  const Eigen::MatrixXd m = to_matrix(rows, "dissimilarities");
  const Eigen::MatrixXd g = m * m.transpose();
  const Eigen::Index n = m.rows();
  RowMatrix<double> d(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(n), 0.0));
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      if (i == j) continue;
      double v;
      if (kind == Dissimilarity::Euclidean) {
        v = (m.row(i) - m.row(j)).norm();  // not from g: no cancellation for close rows
      } else {
        const double denominator = std::sqrt(g(i, i) * g(j, j));
        if (denominator == 0) throw InputError("cosine dissimilarity: a zero vector (row " + std::to_string(g(i, i) == 0 ? i : j) + ")");
        v = 1.0 - g(i, j) / denominator;
      }
      d[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = std::max(0.0, v);
    }
  return d;
}

Mds classical_mds(const RowMatrix<double>& dissimilarity, int k) {
  const Eigen::MatrixXd d = to_matrix(dissimilarity, "mds");
  const Eigen::Index n = d.rows();
  if (d.cols() != n) throw InputError("mds: the dissimilarity matrix is not square");
  if (k < 1) throw InputError("mds: needs at least one dimension");
  const Eigen::MatrixXd j = Eigen::MatrixXd::Identity(n, n) - Eigen::MatrixXd::Constant(n, n, 1.0 / static_cast<double>(n));
  const Eigen::MatrixXd b = -0.5 * j * d.cwiseProduct(d) * j;
  Eigen::VectorXd values;
  Eigen::MatrixXd vectors;
  sorted_eigen(0.5 * (b + b.transpose()), values, vectors);
  Mds r;
  r.eigenvalues.assign(values.data(), values.data() + values.size());
  const Eigen::Index keep = std::min<Eigen::Index>(k, n);
  r.coordinates.assign(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(k), 0.0));
  for (Eigen::Index c = 0; c < keep; ++c) {
    const double scale = std::sqrt(std::max(0.0, values(c)));
    Eigen::VectorXd v = vectors.col(c);
    Eigen::Index at = 0;
    v.cwiseAbs().maxCoeff(&at);
    if (v(at) < 0) v = -v;
    for (Eigen::Index i = 0; i < n; ++i) r.coordinates[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)] = scale * v(i);
  }
  double num = 0, den = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index q = i + 1; q < n; ++q) {
      double fit = 0;
      for (int c = 0; c < k; ++c)
        fit += std::pow(r.coordinates[static_cast<std::size_t>(i)][static_cast<std::size_t>(c)] - r.coordinates[static_cast<std::size_t>(q)][static_cast<std::size_t>(c)], 2);
      num += std::pow(d(i, q) - std::sqrt(fit), 2);
      den += d(i, q) * d(i, q);
    }
  r.stress = den > 0 ? std::sqrt(num / den) : 0;
  return r;
}

std::vector<double> lerp(const std::vector<double>& a, const std::vector<double>& b, double t) {
  if (a.size() != b.size()) throw InputError("interpolation between vectors of different lengths");
  std::vector<double> out(a.size());
  for (std::size_t k = 0; k < a.size(); ++k) out[k] = (1 - t) * a[k] + t * b[k];
  return out;
}

double distance(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw InputError("distance between vectors of different lengths");
  double s = 0;
  for (std::size_t k = 0; k < a.size(); ++k) s += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(s);
}

DistanceSummary distances(const RowMatrix<double>& rows) {
  DistanceSummary s;
  s.pairwise = dissimilarities(rows, Dissimilarity::Euclidean);
  for (const auto& r : rows) {
    double q = 0;
    for (double v : r) q += v * v;
    s.norms.push_back(std::sqrt(q));
  }
  return s;
}

}  // namespace landscape::analysis
