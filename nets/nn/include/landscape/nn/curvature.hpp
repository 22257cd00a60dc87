// Curvature of a trained run's training loss (the 2018 slides; Cooper 2018 Section 2.2; Li et al.
// 2018 Section 6): Hessian-vector products by double backward, Gauss-Newton products J^T H_l J v
// and the residual part H - G, each averaged exactly over the evaluated training samples (in
// chunks, sums in float64). LibTorch-free interface (the implementation holds the model).
//
// The loss is the run's: the mean over samples of the cross-entropy, of the squared error
// summed over outputs |f(x) - y|^2 (regression, or MSE on one-hot labels), or of the multi-class
// hinge (piecewise linear in the outputs: its Gauss-Newton part J^T H_l J is zero). BatchNorm layers are
// in evaluation mode (their running statistics), so the loss is a fixed function of the parameters.
// Vectors are in the shared parameter order (the order of trajectory.h5 and of the algebra).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "landscape/nn/trajectory.hpp"

namespace landscape::nn {

enum class CurvatureKind { Hessian, GaussNewton, Residual };  // Residual = Hessian - GaussNewton
CurvatureKind parse_curvature_kind(const std::string& text);   // hessian, ggn, residual
std::string to_string(CurvatureKind k);

struct CurvatureOptions {
  std::string checkpoint = "final";  // or an epoch recorded in trajectory.h5
  std::string device = "cpu";        // cpu or cuda
  std::string dtype;                 // "" (the run's), float32 or float64
  std::int64_t samples = 0;          // the first n training samples (0: all)
  std::int64_t chunk = 0;            // samples per pass (0: 4,096 for an MLP, 1,000 otherwise)
  int threads = 0;                   // intra-op threads (0: the run's default)
  // When the samples fit in one chunk, keep the first-order graph (the gradient with its graph)
  // between Hessian products: each product is then one backward pass through it (about half the
  // work of forward, backward and double backward), at the memory of one chunk's graph, held.
  bool keep_graph = true;
};

class Curvature {
 public:
  Curvature(const std::string& run_dir, const CurvatureOptions& options);
  ~Curvature();
  Curvature(const Curvature&) = delete;
  Curvature& operator=(const Curvature&) = delete;

  std::size_t parameters() const;
  std::int64_t samples() const;
  std::string model_description() const;
  std::string dtype() const;  // float32 or float64
  bool classification() const;
  const std::vector<LayerInfo>& layers() const;
  std::vector<double> weights() const;  // at the checkpoint (or as set below)
  // Moves the model to other parameters (shared order; InputError for a wrong length): every
  // product after this is at those weights.
  void set_weights(const std::vector<double>& parameters);

  double loss();                    // the mean training loss over the samples
  // Its gradient; with `mean_loss`, also the loss, from the same forward passes.
  std::vector<double> gradient(double* mean_loss = nullptr);
  // out = M v for M the Hessian, Gauss-Newton matrix or residual part (out is resized).
  void apply(CurvatureKind kind, const std::vector<double>& v, std::vector<double>& out);
  // The whole matrix (parameters() products with unit vectors, symmetrized): for small nets.
  std::vector<std::vector<double>> dense(CurvatureKind kind);
  std::int64_t products() const;  // Hessian-vector-product equivalents so far (a residual counts two)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace landscape::nn
