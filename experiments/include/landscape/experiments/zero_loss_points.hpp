// Zero-loss points and what holds there (Cooper 2018): Cooper's construction written as a weights
// file (Lemma 3.3, Cor. 3.4, Remark 4.2), the Hessian's eigenvalue counts against Prop. 2.3
// (N*dL positive, K - N*dL zero, none negative), and a walk along the zero-loss manifold
// (Thm 2.1). Each returns its result as JSON (the keys the CLI documents) with a summary line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "landscape/algebra/manifold_walk.hpp"
#include "landscape/experiments/output.hpp"
#include "landscape/spec/dataset.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/weights_file.hpp"

namespace landscape::experiments {

// The network and its exact data: what the algebra's zero-loss system is built from.
struct ZeroLossProblem {
  NetSpec net;
  RationalMatrix inputs, labels;
  std::string data_source, labels_source;  // recorded in the weights file
};

struct MemorizeOptions {
  ZeroLossProblem problem;
  unsigned digits = 100;        // MPFR working precision asked for, 20..10000
  std::uint64_t seed = 0;       // of the projection vector a
  std::string weights_file;     // written (JSON weights file); required

  bool is_valid(std::string* error) const;
};
ProtocolResult memorize_points(const MemorizeOptions& options);

struct HessianOptions {
  ZeroLossProblem problem;
  std::vector<Rational> parameters;    // the point, in the shared parameter order
  std::string weights_path;            // where they came from (recorded)
  unsigned digits = 100;               // 20..10000
  bool exact = false;                  // also count over Q (polynomial activation)
  std::optional<Rational> threshold;   // |eigenvalue| <= threshold counts as zero
  bool list_eigenvalues = false;

  bool is_valid(std::string* error) const;
};
ProtocolResult hessian_at(const HessianOptions& options);

struct WalkOnManifoldOptions {
  ZeroLossProblem problem;
  std::vector<Rational> parameters;    // the start, a zero-loss point
  std::string weights_path;
  algebra::WalkOptions walk;           // steps, digits, seed, step_fraction
  std::optional<WeightsFile> save_as;  // write the end point as this weights file (its parameters replaced)
  std::string save_path;

  bool is_valid(std::string* error) const;
};
ProtocolResult walk_on_manifold(const WalkOnManifoldOptions& options);

}  // namespace landscape::experiments
