#include "parse_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace landscape::algebra::detail {

namespace {

bool space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Upper bounds for one subexpression: its terms, and its coefficients written over one common
// denominator Q as integers P_i / Q: log10 of the l1 norm sum |P_i| (which bounds every |P_i|, and
// is submultiplicative), and the decimal digits of Q (0 when Q = 1).
struct Bound {
  double terms = 1;
  double log_norm = 0;
  double denominator = 0;
};

// log10(10^x + 10^y) without overflow.
double log_sum(double x, double y) {
  const double hi = std::max(x, y), lo = std::min(x, y);
  return hi + std::log10(1 + std::pow(10.0, lo - hi));
}

const char* const kExponentRefusal = "has an exponent above 10,000 (above 64 on a parenthesized expression or a number)";

// Recursive descent over FLINT's grammar (sums of products of signed powers of numbers, names and
// parenthesized expressions; '**' is '^'), carrying a Bound for each subexpression.
class Reader {
 public:
  explicit Reader(const std::string& text) : s_(text) {}

  ParseCost run() {
    Bound b;
    if (sum(b, 0)) {
      skip();
      if (i_ != s_.size()) fail("cannot be parsed");
    }
    return {b.terms, products_, all_digits(b), b.log_norm + 1, b.denominator, why_};
  }

 private:
  const std::string& s_;
  std::size_t i_ = 0;
  double products_ = 0;
  std::string why_;

  bool fail(const char* why) {
    if (why_.empty()) why_ = why;
    return false;
  }
  void skip() {
    while (i_ < s_.size() && space(s_[i_])) ++i_;
  }
  bool at(char c) {
    skip();
    return i_ < s_.size() && s_[i_] == c;
  }
  bool power_sign() {
    skip();
    if (i_ < s_.size() && s_[i_] == '^') return ++i_, true;
    if (i_ + 1 < s_.size() && s_[i_] == '*' && s_[i_ + 1] == '*') return i_ += 2, true;
    return false;
  }
  // Every numerator has at most log_norm + 1 digits.
  static double all_digits(const Bound& b) { return b.terms * (b.log_norm + 1) + b.denominator; }
  bool within(const Bound& b) {
    if (b.terms > kMaxExpandedTerms) return fail("expands to more than 1,000,000 terms");
    if (all_digits(b) > kMaxCoefficientDigits)
      return fail("expands to coefficients of more than 10^7 digits in all");
    if (products_ > kMaxTermProducts) return fail("takes more than 10^8 term products to expand");
    return true;
  }
  // An unsigned integer literal of at most 8 digits (more are refused: no exponent is that large).
  bool exponent(unsigned long& value) {
    skip();
    std::size_t digits = 0;
    value = 0;
    for (; i_ < s_.size() && digit(s_[i_]); ++i_, ++digits) {
      if (digits == 8) return fail(kExponentRefusal);
      value = value * 10 + static_cast<unsigned long>(s_[i_] - '0');
    }
    return digits > 0 || fail("cannot be parsed");
  }

  bool sum(Bound& b, int depth) {
    if (!product(b, depth)) return false;
    while (at('+') || at('-')) {
      ++i_;
      Bound more;
      if (!product(more, depth)) return false;
      // P1/Q1 + P2/Q2 = (P1 Q2 + P2 Q1) / (Q1 Q2).
      b.log_norm = log_sum(b.log_norm + more.denominator, more.log_norm + b.denominator);
      b.denominator += more.denominator;
      b.terms += more.terms;
      if (!within(b)) return false;
    }
    return true;
  }
  bool product(Bound& b, int depth) {
    if (!power(b, depth)) return false;
    for (;;) {
      skip();
      if (i_ + 1 < s_.size() && s_[i_] == '*' && s_[i_ + 1] != '*') {
        ++i_;
        Bound factor;
        if (!power(factor, depth)) return false;
        products_ += b.terms * factor.terms;
        b.log_norm += factor.log_norm;
        b.denominator += factor.denominator;
        b.terms *= factor.terms;
        if (!within(b)) return false;
      } else if (i_ < s_.size() && s_[i_] == '/') {
        // FLINT divides by whatever follows and aborts on zero: a coefficient's denominator must be
        // a non-zero integer literal (it may carry an exponent, as in 1/2^3).
        ++i_;
        skip();
        bool nonzero = false;
        for (std::size_t j = i_; j < s_.size() && digit(s_[j]); ++j) nonzero = nonzero || s_[j] != '0';
        if (!nonzero) return fail("divides by something other than a non-zero integer");
        Bound divisor;
        if (!power(divisor, depth)) return false;
        products_ += b.terms;
        b.denominator += std::floor(divisor.log_norm) + 1;
        if (!within(b)) return false;
      } else {
        return true;
      }
    }
  }
  bool power(Bound& b, int depth) {
    while (at('+') || at('-')) ++i_;  // signs
    skip();
    if (i_ >= s_.size()) return fail("cannot be parsed");
    bool variable = false;
    b = Bound{};
    if (s_[i_] == '(') {
      if (depth >= kMaxNesting) return fail("nests parentheses more than 256 deep");
      ++i_;
      if (!sum(b, depth + 1)) return false;
      if (!at(')')) return fail("cannot be parsed");
      ++i_;
    } else if (digit(s_[i_])) {
      const std::size_t start = i_;
      while (i_ < s_.size() && digit(s_[i_])) ++i_;
      b.log_norm = static_cast<double>(i_ - start);  // n < 10^digits
    } else if (name_start(s_[i_])) {
      while (i_ < s_.size() && name_char(s_[i_])) ++i_;
      variable = true;
    } else {
      return fail("cannot be parsed");
    }
    while (power_sign()) {
      unsigned long e = 0;
      if (!exponent(e)) return false;
      if (e > (variable ? kMaxVariableExponent : kMaxGroupExponent)) return fail(kExponentRefusal);
      variable = false;
      // A sum of t terms to the power k has at most B_k = C(t + k - 1, k) terms; the power is
      // expanded by multiplying the (k-1)-th by the base, B_(k-1) * t term products each.
      const double e_ = static_cast<double>(e);
      double bound = 1;
      for (unsigned long k = 1; k <= e && bound <= kMaxExpandedTerms; ++k) {
        if (k >= 2) products_ += bound * b.terms;
        bound = bound * (b.terms + static_cast<double>(k) - 1) / static_cast<double>(k);
      }
      b.log_norm *= e_;
      b.denominator *= e_;
      b.terms = bound;
      if (!within(b)) return false;
    }
    return true;
  }
};

}  // namespace

ParseCost parse_cost(const std::string& text) { return Reader(text).run(); }

}  // namespace landscape::algebra::detail
