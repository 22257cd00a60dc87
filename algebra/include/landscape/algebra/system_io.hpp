// Reading polynomial systems written for other programs.
//
//   PHCpack: the number of equations (optionally followed by the number of unknowns), then the
//            polynomials, each ending in ';' (they may span lines); anything after the last one
//            (PHCpack's "TITLE :" sections) is ignored. Variables are named by their first
//            appearance. Coefficients are integers, rationals or decimals (read exactly, 1.5E-3 =
//            3/2000); '**' is accepted for '^'. Complex coefficients (PHCpack's i) are refused.
//   m2:      the form `landscape system --format m2` writes: R = QQ[v1, ..., vn, ...];
//            I = ideal(p1, ..., pm);
#pragma once

#include <string>

#include "landscape/algebra/zero_loss_system.hpp"

namespace landscape::algebra {

enum class SystemFormat { PHCpack, Macaulay2 };

SystemFormat parse_system_format(const std::string& name);  // "phc" or "m2"

// Parses `text`; `source` names it in error messages (InputError on malformed input).
PolynomialSystem parse_system(const std::string& text, SystemFormat format,
                              const std::string& source = "system");

PolynomialSystem read_system_file(const std::string& path, SystemFormat format);

// Standard test systems, as PHCpack text.
//   cyclic-n: sum_i prod_{j<k} x_{(i+j) mod n} = 0 for k = 1..n-1, x_0 ... x_{n-1} = 1
//             (70 solutions for n = 5, 156 for 6, 924 of which 56 real for 7);
//   katsura-n: n + 1 unknowns u_0..u_n with u_{-k} = u_k and u_k = 0 for k > n,
//             sum_l u_l u_{m-l} = u_m (m = 0..n-1) and sum_l u_l = 1 (2^n solutions).
std::string cyclic_system_text(int n);
std::string katsura_system_text(int n);

}  // namespace landscape::algebra
