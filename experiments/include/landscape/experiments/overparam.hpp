// Liao & Poggio 2017, App. D and Fig. 40: over-parametrization does not raise the validation error.
// The same recipe trained at several training-set sizes n and network widths W (the MLP's hidden
// layers all W wide; a dcnn's channels W, 2W, 4W, 8W); per run its parameters, parameters per
// training sample, final training and test errors.
//
// DIR/nN-wW are run directories; DIR/table.csv (n, width, parameters, parameters_per_sample,
// train_error, test_error, train_loss, diverged); the figure DIR/overparam (test error against
// parameters, one line per n; training error dashed); DIR/summary.json.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "landscape/experiments/output.hpp"
#include "landscape/nn/training.hpp"

namespace landscape::experiments {

struct OverparamOptions {
  nn::TrainConfig base;                 // the recipe (model mlp with an arch d0,...,dL, or dcnn)
  std::vector<int> sizes = {1000, 2000, 5000};  // training-set sizes n, each >= 1
  std::vector<int> widths = {8, 32, 128, 512};  // widths W, each 1..100000
  std::string out_dir;                  // required

  bool is_valid(std::string* error) const;
};

struct OverparamRow {
  int n = 0, width = 0;
  std::int64_t parameters = 0;
  double train_error = 0, test_error = 0, train_loss = 0;
  bool diverged = false;
};

struct OverparamResult : ProtocolResult {
  std::vector<OverparamRow> rows;  // sizes outer, widths inner
};

// Throws FieldError for invalid options (an mlp without arch; a model other than mlp and dcnn).
OverparamResult run_overparam(const OverparamOptions& options, std::ostream* log);

}  // namespace landscape::experiments
