// Writing a polynomial system for other computer-algebra systems.
//
//   m2        Macaulay2: a ring QQ[...] and an ideal
//   singular  Singular: ring r = 0, (...), dp; ideal I = ...;
//   phc       PHCpack's input format: "#equations #unknowns", then one polynomial per line
//             ending in ';'. Each equation is written as its primitive integer multiple (same
//             zeros, integer coefficients), since PHCpack reads coefficients as floating point.
//   json      {"variables": [...], "equations": ["...", ...]} in FLINT's syntax (p/q coefficients)
#pragma once

#include <string>

#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

enum class ExportFormat { Macaulay2, Singular, PHCpack, Json };

// Parses "m2", "singular", "phc" or "json"; throws InputError otherwise.
ExportFormat parse_export_format(const std::string& name);

std::string export_system(const PolynomialSystem& system, ExportFormat format);

}  // namespace landscape::algebra
