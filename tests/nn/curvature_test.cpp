// Curvature products of trained runs against second algorithms: second differences of the loss
// (evaluated by the probes, without autograd), the identity H = G for a model linear in its
// parameters, and Lanczos on the products against Eigen on the dense matrix.
#include "landscape/nn/curvature.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <Eigen/Dense>
#include <cmath>
#include <filesystem>
#include <random>

#include "landscape/analysis/spectral.hpp"
#include "landscape/nn/probes.hpp"
#include "landscape/nn/training.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::nn;
namespace fs = std::filesystem;

namespace {

std::string trained(const std::string& name, const std::string& arch, const std::string& activation,
                    const std::string& dataset, const std::string& loss, const std::string& dtype) {
  const std::string d = ::testing::TempDir() + "landscape_curvature_" + name + "_" + std::to_string(::getpid());
  fs::remove_all(d);
  TrainConfig c;
  c.model = "mlp";
  c.arch = arch;
  c.activation = activation;
  c.dataset = dataset;
  c.loss = loss;
  c.epochs = 4;
  c.lr = 0.05;
  c.dtype = dtype;
  c.threads = 1;
  c.out_dir = d;
  train(c, nullptr);
  return d;
}

const std::string& classifier() {  // cross-entropy, 3 classes, float64
  static const std::string d = trained("ce", "6,10,8,3", "softplus", "synthetic:d=6,n=300,test=100,teacher=8,classes=3,seed=2",
                                       "ce", "float64");
  return d;
}
const std::string& regression() {  // squared error, 1 output, float32 (evaluated in float64 below)
  static const std::string d = trained("mse", "4,7,1", "square", "synthetic:d=4,n=120,test=50,teacher=5,classes=0,seed=3", "auto",
                                       "float32");
  return d;
}

std::vector<double> random_vector(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  std::vector<double> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}
std::vector<double> shifted(const std::vector<double>& w, double a, const std::vector<double>& u, double b,
                            const std::vector<double>& v) {
  std::vector<double> r(w);
  for (std::size_t i = 0; i < r.size(); ++i) r[i] += a * u[i] + b * v[i];
  return r;
}

// u^T H v from the loss alone: (L(w+eu+ev) - L(w+eu-ev) - L(w-eu+ev) + L(w-eu-ev)) / (4 e^2).
double second_difference(Probe& probe, const std::vector<double>& w, const std::vector<double>& u,
                         const std::vector<double>& v, double e) {
  auto loss = [&](double a, double b) { return probe.evaluate_at(shifted(w, a, u, b, v), nullptr, true, false).train_loss; };
  return (loss(e, e) - loss(e, -e) - loss(-e, e) + loss(-e, -e)) / (4 * e * e);
}

}  // namespace

TEST(Curvature, HessianProductsMatchSecondDifferencesOfTheLoss) {
  for (const std::string* dir : {&classifier(), &regression()}) {
    CurvatureOptions o;
    o.dtype = "float64";
    Curvature c(*dir, o);
    Probe probe(*dir, "final", "cpu", 1);
    ASSERT_EQ(probe.train_samples(), c.samples());
    const auto w = c.weights();
    const auto u = random_vector(w.size(), 1), v = random_vector(w.size(), 2);
    std::vector<double> hv;
    c.apply(CurvatureKind::Hessian, v, hv);
    // Truncation error ~ (eps |u|)^2 (|u| ~ sqrt(K)); rounding ~ ulp(L) / eps^2: the probes
    // evaluate in the run's dtype, float32 for the regression run, hence its larger step.
    const bool f64 = *dir == classifier();
    const double expected = second_difference(probe, w, u, v, f64 ? 1e-4 : 1e-2);
    if (f64) {
      EXPECT_NEAR(dot(u, hv), expected, 1e-5 * std::abs(expected) + 1e-7) << *dir;
    } else {  // the float32 run: the probes evaluate in float32, so the differences are coarser
      EXPECT_NEAR(dot(u, hv), expected, 2e-2 * std::abs(expected) + 1e-3) << *dir;
    }
    EXPECT_EQ(c.products(), 1);
  }
}

TEST(Curvature, GaussNewtonEqualsTheHessianForAModelLinearInItsParameters) {
  // One layer, no hidden units: f(x) = W x + b is linear in (W, b), so the Hessian of the loss is
  // J^T H_l J exactly and the residual part vanishes; both losses.
  for (const auto& loss : {"ce", "mse"}) {
    const auto dir = trained(std::string("linear_") + loss, "6,3", "relu",
                             "synthetic:d=6,n=200,test=50,teacher=8,classes=3,seed=4", loss, "float64");
    Curvature c(dir, {});
    const auto h = c.dense(CurvatureKind::Hessian), g = c.dense(CurvatureKind::GaussNewton);
    double scale = 0, diff = 0;
    for (std::size_t i = 0; i < h.size(); ++i)
      for (std::size_t j = 0; j < h.size(); ++j) {
        scale = std::max(scale, std::abs(h[i][j]));
        diff = std::max(diff, std::abs(h[i][j] - g[i][j]));
      }
    EXPECT_GT(scale, 1e-3) << loss;
    EXPECT_LT(diff, 1e-12 * scale) << loss;
    std::vector<double> r;
    c.apply(CurvatureKind::Residual, random_vector(c.parameters(), 3), r);
    for (double x : r) EXPECT_LT(std::abs(x), 1e-12 * scale) << loss;
    fs::remove_all(dir);
  }
}

TEST(Curvature, GaussNewtonIsPositiveSemidefiniteAndTheSplitAddsUp) {
  Curvature c(classifier(), {});
  const auto h = c.dense(CurvatureKind::Hessian), g = c.dense(CurvatureKind::GaussNewton),
             r = c.dense(CurvatureKind::Residual);
  const auto n = static_cast<Eigen::Index>(h.size());
  Eigen::MatrixXd H(n, n), G(n, n), R(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto a = static_cast<std::size_t>(i), b = static_cast<std::size_t>(j);
      H(i, j) = h[a][b], G(i, j) = g[a][b], R(i, j) = r[a][b];
    }
  EXPECT_LT((H - G - R).norm(), 1e-12 * H.norm());
  const Eigen::VectorXd gl = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G).eigenvalues();
  EXPECT_GT(gl.minCoeff(), -1e-12 * gl.maxCoeff());
  // Cross-entropy over 3 classes: the rows of H_l sum to zero, so G has rank at most 2 per sample;
  // with 300 samples that bounds nothing here, but the 3 output biases share one null direction
  // (adding a constant to every logit changes no probability): G and H both annihilate it.
  std::vector<double> shift(static_cast<std::size_t>(n), 0.0), out;
  const auto& layers = c.layers();
  const auto& last_bias = layers.back();
  ASSERT_EQ(last_bias.shape.size(), 1u);
  for (std::int64_t k = 0; k < last_bias.size(); ++k) shift[static_cast<std::size_t>(last_bias.offset + k)] = 1.0;
  for (auto kind : {CurvatureKind::Hessian, CurvatureKind::GaussNewton}) {
    c.apply(kind, shift, out);
    double size = 0;
    for (double x : out) size = std::max(size, std::abs(x));
    EXPECT_LT(size, 1e-12 * H.norm());
  }
  const Eigen::VectorXd hl = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues();
  EXPECT_LT(hl.minCoeff(), -1e-6 * hl.maxCoeff());  // 4 epochs from random weights: not at a minimum
}

TEST(Curvature, LanczosOnTheProductsAgreesWithTheDenseSpectrum) {
  Curvature c(classifier(), {});
  const auto h = c.dense(CurvatureKind::Hessian);
  const auto n = static_cast<Eigen::Index>(h.size());
  Eigen::MatrixXd H(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) H(i, j) = h[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
  const Eigen::VectorXd l = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues();
  analysis::ExtremeOptions o;
  o.top = 5;
  o.bottom = 2;
  o.tolerance = 1e-9;
  const auto r = analysis::extreme_eigenvalues(
      [&](const std::vector<double>& x, std::vector<double>& y) { c.apply(CurvatureKind::Hessian, x, y); },
      c.parameters(), o);
  ASSERT_TRUE(r.converged);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(r.top[static_cast<std::size_t>(i)], l[n - 1 - i], 1e-9 * l[n - 1]) << i;
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(r.bottom[static_cast<std::size_t>(i)], l[i], 1e-9 * l[n - 1]) << i;
}

TEST(Curvature, SubsetsDtypesAndRefusals) {
  CurvatureOptions o;
  o.samples = 50;
  o.chunk = 7;  // chunks that do not divide the set: the mean is still over exactly 50 samples
  Curvature part(classifier(), o);
  EXPECT_EQ(part.samples(), 50);
  EXPECT_EQ(part.dtype(), "float64");
  o.chunk = 50;
  Curvature whole_chunk(classifier(), o);
  const auto v = random_vector(part.parameters(), 5);
  std::vector<double> a, b;
  part.apply(CurvatureKind::Hessian, v, a);
  whole_chunk.apply(CurvatureKind::Hessian, v, b);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-12 * (1 + std::abs(b[i])));
  EXPECT_NEAR(part.loss(), whole_chunk.loss(), 1e-14);
  CurvatureOptions f32;
  EXPECT_EQ(Curvature(regression(), f32).dtype(), "float32");
  f32.checkpoint = "17";  // not recorded
  EXPECT_THROW(Curvature(regression(), f32), InputError);
  CurvatureOptions bad;
  bad.dtype = "float16";
  EXPECT_THROW(Curvature(regression(), bad), FieldError);
  EXPECT_THROW(parse_curvature_kind("fisher"), FieldError);
  std::vector<double> out;
  EXPECT_THROW(part.apply(CurvatureKind::Hessian, std::vector<double>(3, 1.0), out), InputError);
}

TEST(Curvature, ProductsFollowTheWeightsSet) {
  CurvatureOptions o;
  o.dtype = "float64";
  Curvature c(classifier(), o);
  const auto w = c.weights();
  const auto v = random_vector(w.size(), 7);
  std::vector<double> at_w, moved, back;
  c.apply(CurvatureKind::Hessian, v, at_w);
  c.set_weights(shifted(w, 0.5, v, 0, v));
  EXPECT_EQ(c.weights(), shifted(w, 0.5, v, 0, v));
  c.apply(CurvatureKind::Hessian, v, moved);
  EXPECT_GT(std::abs(dot(v, moved) - dot(v, at_w)), 1e-6 * std::abs(dot(v, at_w)));  // elsewhere, other curvature
  c.set_weights(w);
  c.apply(CurvatureKind::Hessian, v, back);
  EXPECT_EQ(back, at_w);
  EXPECT_THROW(c.set_weights(std::vector<double>(5, 0.0)), InputError);
  double mean_loss = 0;
  EXPECT_EQ(c.gradient(&mean_loss), c.gradient());  // the loss beside it, from the same passes
  EXPECT_NEAR(mean_loss, c.loss(), 1e-14 * c.loss());
  // The kept first-order graph (one chunk here) gives the products of forward, backward and double
  // backward each time, before and after the weights move.
  CurvatureOptions anew = o;
  anew.keep_graph = false;
  Curvature recomputed(classifier(), anew);
  std::vector<double> r;
  recomputed.apply(CurvatureKind::Hessian, v, r);
  for (std::size_t i = 0; i < r.size(); ++i) EXPECT_NEAR(r[i], at_w[i], 1e-13 * (1 + std::abs(r[i])));
  recomputed.set_weights(shifted(w, 0.5, v, 0, v));
  recomputed.apply(CurvatureKind::Hessian, v, r);
  for (std::size_t i = 0; i < r.size(); ++i) EXPECT_NEAR(r[i], moved[i], 1e-13 * (1 + std::abs(r[i])));
}

// The multi-class hinge is piecewise linear in the outputs: its Gauss-Newton part is zero, so the
// Hessian is all residual, and u^T H v still matches second differences of the loss (with steps
// of 1e-5, small enough that no sample's hinge or rival class changes between the four points:
// a step of 1e-4 crosses a kink here and is off by 40).
TEST(Curvature, HingeLossHasNoGaussNewtonPart) {
  const std::string dir = trained("hinge", "6,10,3", "softplus", "synthetic:d=6,n=200,test=50,teacher=8,classes=3,seed=2",
                                  "hinge", "float64");
  Curvature c(dir, {});
  const auto u = random_vector(c.parameters(), 5), v = random_vector(c.parameters(), 6);
  std::vector<double> g, h, r;
  c.apply(CurvatureKind::GaussNewton, v, g);
  c.apply(CurvatureKind::Hessian, v, h);
  c.apply(CurvatureKind::Residual, v, r);
  double g_size = 0, h_size = 0, gap = 0;
  for (std::size_t i = 0; i < h.size(); ++i)
    g_size = std::max(g_size, std::abs(g[i])), h_size = std::max(h_size, std::abs(h[i])), gap = std::max(gap, std::abs(h[i] - r[i]));
  EXPECT_EQ(g_size, 0.0);
  EXPECT_GT(h_size, 1e-6);
  EXPECT_EQ(gap, 0.0);
  Probe probe(dir, "final", "cpu", 1);
  EXPECT_NEAR(second_difference(probe, probe.parameters(), u, v, 1e-5), dot(u, h), 1e-3 * (1 + std::abs(dot(u, h))));
  EXPECT_TRUE(c.classification());
}
