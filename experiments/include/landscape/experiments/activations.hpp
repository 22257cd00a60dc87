// Activation texts as the user writes them, resolved to the shared description (spec/): a
// "relu-approx:DEGREE:A[:chebyshev]" becomes the exact polynomial the algebra computes (Liao &
// Poggio 2017, Section 3: a polynomial epsilon-approximation of ReLU on [-A, A]), spelled
// "poly:c0,...,cl@A" (evaluated by LibTorch in the Chebyshev basis of [-A, A]); any other text
// is returned as it is. Needs the algebra for relu-approx (FieldError otherwise).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace landscape::experiments {

// The activation text for TrainConfig::activation; `info` (may be null) receives, for
// relu-approx, {"requested", "degree", "basis", "sup_error" (the upper end of its enclosure),
// "sup_error_lower", "sup_error_upper", "activation"}. With the run's `dtype` (float32, float64;
// empty: no check) and the LibTorch part built, a relu-approx whose proven evaluation-error bound in
// that dtype (nn/polynomial_evaluation.hpp) exceeds its approximation error is refused
// (FieldError "activation", with both numbers), and `info` also receives {"dtype",
// "evaluation_error_bound"}; for a plain poly: activation `info` receives {"requested", "dtype",
// "evaluation_interval", "evaluation_error_bound"}.
std::string resolve_activation(const std::string& text, nlohmann::json* info, const std::string& dtype = "");

}  // namespace landscape::experiments
