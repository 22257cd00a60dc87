// Exact numbers as the user wrote them, without any big-number library.
//
// A Rational keeps an integer numerator and a positive integer denominator as decimal digit
// strings, so "1/3", "-0.125" and "2.5e-3" are held exactly; the algebra turns them into FLINT
// rationals, the floating side into doubles. The spec stays free of dependencies this way.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace landscape {

class Rational {
 public:
  Rational() = default;
  Rational(std::int64_t numerator, std::int64_t denominator = 1) {
    if (denominator < 0) {
      numerator = -numerator;
      denominator = -denominator;
    }
    numerator_ = std::to_string(numerator);
    denominator_ = std::to_string(denominator);
  }

  // Parses an integer ("-12"), a decimal ("0.125", "3.", "2.5e-3") or a fraction ("7/-3" is not
  // allowed: the denominator is a positive integer, "7/3" and "-7/3" are). Returns nullopt when
  // `text` is none of these; nan and inf are never numbers here.
  static std::optional<Rational> parse(const std::string& text) {
    const std::string s = trim(text);
    const auto slash = s.find('/');
    if (slash != std::string::npos) {
      std::string p = s.substr(0, slash), q = s.substr(slash + 1);
      if (!is_integer(p) || !is_unsigned_integer(q) || all_zeros(q)) return std::nullopt;
      return Rational(normalize_integer(p), normalize_integer(q));
    }
    return parse_decimal(s);
  }

  const std::string& numerator() const { return numerator_; }
  const std::string& denominator() const { return denominator_; }
  bool is_integer() const { return denominator_ == "1"; }

  // "p" for integers, "p/q" otherwise (not reduced: "2/4" stays "2/4").
  std::string text() const { return is_integer() ? numerator_ : numerator_ + "/" + denominator_; }

  double to_double() const {
    return static_cast<double>(std::strtold(numerator_.c_str(), nullptr) /
                               std::strtold(denominator_.c_str(), nullptr));
  }

 private:
  Rational(std::string numerator, std::string denominator)
      : numerator_(std::move(numerator)), denominator_(std::move(denominator)) {}

  static std::string trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) return "";
    const auto end = s.find_last_not_of(" \t\r\n");
    return s.substr(begin, end - begin + 1);
  }
  static bool is_unsigned_integer(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  }
  static bool is_integer(const std::string& s) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) return is_unsigned_integer(s.substr(1));
    return is_unsigned_integer(s);
  }
  static bool all_zeros(const std::string& digits) {
    return digits.find_first_not_of('0') == std::string::npos;
  }
  // Drops a leading '+' and leading zeros; "-0" becomes "0".
  static std::string normalize_integer(const std::string& s) {
    bool negative = !s.empty() && s[0] == '-';
    std::string digits = (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
    const auto first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    return (negative && digits != "0") ? "-" + digits : digits;
  }

  static std::optional<Rational> parse_decimal(const std::string& s) {
    std::size_t i = 0;
    std::string sign;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) sign = s[i++] == '-' ? "-" : "";
    std::string integer_part, fraction_part;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') integer_part += s[i++];
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') fraction_part += s[i++];
    }
    if (integer_part.empty() && fraction_part.empty()) return std::nullopt;
    long exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      const std::string e = s.substr(i + 1);
      if (!is_integer(e) || e.size() > 6) return std::nullopt;
      exponent = std::stol(e);
      i = s.size();
    }
    if (i != s.size()) return std::nullopt;
    std::string numerator = integer_part + fraction_part;
    long scale = static_cast<long>(fraction_part.size()) - exponent;  // value = numerator / 10^scale
    std::string denominator = "1";
    if (scale > 0)
      denominator += std::string(static_cast<std::size_t>(scale), '0');
    else
      numerator += std::string(static_cast<std::size_t>(-scale), '0');
    return Rational(normalize_integer(sign + numerator), denominator);
  }

  std::string numerator_ = "0";
  std::string denominator_ = "1";
};

}  // namespace landscape
