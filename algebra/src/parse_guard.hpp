// What FLINT's pretty parser may be given. It expands every product and power while it reads, has
// no limit of its own, and aborts the process on a zero divisor; so a text is read first here, by
// the same grammar, and refused with a reason if it divides by anything but a non-zero integer
// literal, has an exponent out of range, or would expand beyond the limits below.
#pragma once

#include <string>

namespace landscape::algebra::detail {

// An upper bound on the terms of every subexpression, and on the term-by-term products FLINT does
// to expand the whole text. (FLINT 2.9, 2 cores: (9 terms)^12 * (9 terms)^12, 1.6e10 products,
// took 119 s; 1e8 products take under a second.)
inline constexpr double kMaxExpandedTerms = 1e6;
inline constexpr double kMaxTermProducts = 1e8;
// ... and on the decimal digits of all its coefficients (fuzzing found a five-term group with
// 13-digit denominators to the 53rd power: 395,010 terms over a 689-digit denominator, 18 s under
// ASan).
inline constexpr double kMaxCoefficientDigits = 1e7;
// Exponents: an integer literal of at most 10,000 on a variable, at most 64 on a parenthesized
// expression or a number. Parentheses nest at most 256 deep.
inline constexpr unsigned long kMaxVariableExponent = 10000;
inline constexpr unsigned long kMaxGroupExponent = 64;
inline constexpr int kMaxNesting = 256;

struct ParseCost {
  double terms = 0;     // an upper bound on the expanded text's terms
  double products = 0;  // an upper bound on the term-by-term products of expanding it
  double digits = 0;    // an upper bound on the decimal digits of all its coefficients, as
                        // integers over one common denominator: terms * numerator + denominator
  double numerator = 0;    // ... digits of each of those integers (so of each reduced numerator)
  double denominator = 0;  // ... digits of the common denominator (0 when it is 1)
  std::string refused;  // empty when FLINT may be given the text; otherwise why not, as a clause
                        // ("expands to more than 1,000,000 terms"); then terms and products are partial
};
ParseCost parse_cost(const std::string& text);

}  // namespace landscape::algebra::detail
