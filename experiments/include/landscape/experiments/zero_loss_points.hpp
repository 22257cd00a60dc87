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

// The labels of `data` for `net`: its CSV y columns, or `labels` ("random:seed=S"), or the exact
// outputs of a teacher network (`teacher_file`: one rational per line in the parameter order;
// polynomial activations only); at most one source (FieldError("labels") otherwise), random:seed=0
// when none is given.
struct ResolvedLabels {
  RationalMatrix labels;
  std::string source;  // "csv", "random:seed=S" or "teacher:FILE"
  std::optional<std::vector<Rational>> teacher;
};
ResolvedLabels resolve_labels(const NetSpec& net, const Dataset& data, const std::optional<std::string>& labels,
                              const std::optional<std::string>& teacher_file);

// Cooper's construction sized to the data when no architecture is given: `inputs` (else a CSV's
// columns less its label columns when `labels_in_file`, else 1 for random data) inputs, `depth`
// hidden layers of `width` units (else N, the number of points), `outputs` outputs. Returns the
// widths "d0,...,dL"; `note` receives how d0 was read off a CSV (empty otherwise).
struct MemorizeShape {
  std::optional<std::uint64_t> inputs, width;
  std::uint64_t depth = 1, outputs = 1;
  std::string data;  // random[:...] or a CSV file
  bool labels_in_file = true;
};
std::string memorize_arch(const MemorizeShape& shape, std::string* note);

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
