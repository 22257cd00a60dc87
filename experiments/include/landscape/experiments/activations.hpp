// Activation texts as the user writes them, resolved to the shared description (spec/): a
// "relu-approx:DEGREE:A[:chebyshev]" becomes the exact polynomial the algebra computes (Liao &
// Poggio 2017, Section 3: a polynomial epsilon-approximation of ReLU on [-A, A]); any other text
// is returned as it is. Needs the algebra for relu-approx (FieldError otherwise).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace landscape::experiments {

// The activation text for TrainConfig::activation; `info` (may be null) receives, for
// relu-approx, {"requested", "degree", "basis", "sup_error", "activation"}.
std::string resolve_activation(const std::string& text, nlohmann::json* info);

}  // namespace landscape::experiments
