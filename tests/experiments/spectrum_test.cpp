// The spectrum protocol on a tiny trained MLP against the dense Hessian (every column a
// Hessian-vector product, eigenvalues by Eigen): extremes, trace, density and vector files, the
// Gauss-Newton split, and the refusals.
#include "landscape/experiments/spectrum.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <filesystem>
#include <fstream>

#include "experiments_test_support.hpp"
#include "landscape/nn/curvature.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;
namespace fs = std::filesystem;

namespace {

const std::string& run() {
  static const std::string dir = [] {
    const std::string d = experiments_testing::fresh_dir("spectrum_run");
    auto c = experiments_testing::tiny_config(3);
    c.activation = "softplus";
    c.out_dir = d;
    nn::train(c, nullptr);
    return d;
  }();
  return dir;
}

Eigen::VectorXd dense_eigenvalues(nn::CurvatureKind kind, const std::string& dtype) {
  nn::CurvatureOptions o;
  o.dtype = dtype;
  nn::Curvature c(run(), o);
  return experiments_testing::dense_hessian_eigenvalues(c, kind);
}

}  // namespace

TEST(Spectrum, ExtremesTraceDensityAndVectorsAgainstTheDenseHessian) {
  const Eigen::VectorXd l = dense_eigenvalues(nn::CurvatureKind::Hessian, "float64");
  const auto n = l.size();
  SpectrumOptions o;
  o.run_dir = run();
  o.dtype = "float64";
  o.top = 4;
  o.bottom = 2;
  o.trace = "auto";  // 6*12+12+12*3+3 = 123 parameters: exact
  o.density = true;
  o.density_steps = 40;
  o.vectors = true;
  o.out_dir = experiments_testing::fresh_dir("spectrum_out");
  const auto r = hessian_spectrum(o);
  ASSERT_TRUE(r.converged);
  ASSERT_EQ(n, 123);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(r.top[static_cast<std::size_t>(i)], l[n - 1 - i], 1e-6 * l[n - 1]) << i;
  for (int i = 0; i < 2; ++i) EXPECT_NEAR(r.bottom[static_cast<std::size_t>(i)], l[i], 1e-6 * l[n - 1]) << i;
  EXPECT_NEAR(r.trace, l.sum(), 1e-9 * l.cwiseAbs().sum());
  EXPECT_EQ(r.details["trace_method"], "exact");
  EXPECT_EQ(r.details["parameters"], 123);
  EXPECT_EQ(r.details["samples"], 400);
  EXPECT_GT(r.details["hvps"].get<int>(), 123);  // the exact trace alone takes 123
  EXPECT_TRUE(r.details.contains("seconds"));
  // density.csv integrates to 1; the vectors are unit eigenvectors in the shared order.
  std::ifstream csv(o.out_dir + "/density.csv");
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "eigenvalue,density");
  double integral = 0, x0 = 0, d0 = 0;
  for (bool first = true; std::getline(csv, line); first = false) {
    const double x = std::stod(line.substr(0, line.find(','))), d = std::stod(line.substr(line.find(',') + 1));
    if (!first) integral += 0.5 * (d + d0) * (x - x0);
    x0 = x, d0 = d;
  }
  EXPECT_NEAR(integral, 1.0, 1e-3);
  const auto arrays = nn::read_h5_arrays(o.out_dir + "/eigenvectors.h5", {"top_vectors", "top"});
  EXPECT_EQ(arrays[0].second.dims, (std::vector<std::int64_t>{4, 123}));
  double norm = 0;
  for (int k = 0; k < 123; ++k) norm += arrays[0].second.values[static_cast<std::size_t>(k)] * arrays[0].second.values[static_cast<std::size_t>(k)];
  EXPECT_NEAR(norm, 1.0, 1e-12);
  EXPECT_TRUE(fs::exists(o.out_dir + "/summary.json"));
  EXPECT_TRUE(fs::exists(o.out_dir + "/density.gp"));
}

TEST(Spectrum, Float32AndHutchPlusPlusAndTheGaussNewtonSplit) {
  const Eigen::VectorXd l = dense_eigenvalues(nn::CurvatureKind::Hessian, "float64");
  const Eigen::VectorXd g = dense_eigenvalues(nn::CurvatureKind::GaussNewton, "float64");
  const auto n = l.size();
  SpectrumOptions o;
  o.run_dir = run();
  o.top = 3;
  o.trace = "hutch++";
  o.trace_products = 60;
  o.ggn = true;
  const auto r = hessian_spectrum(o);  // float32 products, tolerance 1e-4
  ASSERT_TRUE(r.converged);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(r.top[static_cast<std::size_t>(i)], l[n - 1 - i], 1e-4 * l[n - 1]) << i;
  EXPECT_NEAR(r.trace, l.sum(), std::max(4 * r.trace_stderr, 1e-4 * l.cwiseAbs().sum()));
  EXPECT_LT(std::abs(r.trace - l.sum()) / l.sum(), 0.02);
  EXPECT_NEAR(r.details["ggn"]["top"][0].get<double>(), g[n - 1], 1e-4 * g[n - 1]);
  EXPECT_TRUE(r.details["residual_part"].contains("bottom"));
  EXPECT_EQ(r.details["dtype"], "float32");
}

TEST(Spectrum, RefusalsNameTheirField) {
  SpectrumOptions o;
  o.run_dir = run();
  auto field_of = [](const SpectrumOptions& bad) {
    try {
      hessian_spectrum(bad);
    } catch (const FieldError& e) {
      return e.field();
    }
    return std::string("(accepted)");
  };
  SpectrumOptions big = o;
  big.top = 120, big.bottom = 4;  // 124 > 123 parameters
  EXPECT_EQ(field_of(big), "top");
  SpectrumOptions density = o;
  density.density = true;  // without out_dir
  EXPECT_EQ(field_of(density), "out_dir");
  SpectrumOptions dtype = o;
  dtype.dtype = "half";
  EXPECT_EQ(field_of(dtype), "dtype");
  SpectrumOptions op = o;
  op.op = "fisher";
  EXPECT_EQ(field_of(op), "op");
  SpectrumOptions checkpoint = o;
  checkpoint.checkpoint = "99";
  EXPECT_THROW(hessian_spectrum(checkpoint), InputError);
}

// The default trace of a 784-2-10 MLP (1,600 parameters: Hutch++, 99 products) within 2% of the
// exact trace (1,600 products with unit vectors).
TEST(Spectrum, DefaultTraceOfA784x2x10MlpWithinTwoPercent) {
  const std::string d = experiments_testing::fresh_dir("spectrum_784_2_10");
  auto c = experiments_testing::tiny_config(3);
  c.arch = "784,2,10";
  c.dataset = "synthetic:d=784,n=300,test=50,teacher=16,classes=10,seed=3";
  c.out_dir = d;
  nn::train(c, nullptr);
  SpectrumOptions o;
  o.run_dir = d;
  o.top = 0;
  o.trace = "auto";
  const auto fast = hessian_spectrum(o);
  EXPECT_EQ(fast.details["trace_method"], "hutch++");
  EXPECT_EQ(fast.details["parameters"], 1600);
  o.trace = "exact";
  const auto exact = hessian_spectrum(o);
  EXPECT_EQ(exact.details["trace_hvps"], 1600);
  EXPECT_LT(std::abs(fast.trace - exact.trace), 0.02 * std::abs(exact.trace)) << fast.trace << " vs " << exact.trace;
}
