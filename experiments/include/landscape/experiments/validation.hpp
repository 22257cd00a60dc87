// The checks behind the options structs' is_valid (Ceres' Options::IsValid pattern): each writes
// "FIELD VALUE: RULE" into *error and returns false when the rule is broken, so that checks chain
// with &&. throw_if_invalid turns a false is_valid into a FieldError (the CLI names the flag).
#pragma once

#include <cmath>
#include <sstream>
#include <string>

#include "landscape/spec/error.hpp"

namespace landscape::experiments {

template <typename T>
bool check_range(const std::string& field, T value, T lo, T hi, std::string* error) {
  if (value >= lo && value <= hi) return true;
  std::ostringstream m;
  m << field << " " << value << ": must be in " << lo << ".." << hi;
  if (error) *error = m.str();
  return false;
}

inline bool check_non_negative(const std::string& field, double value, std::string* error) {
  if (std::isfinite(value) && value >= 0) return true;
  std::ostringstream m;
  m << field << " " << value << ": must be a finite number >= 0";
  if (error) *error = m.str();
  return false;
}

inline bool check_positive(const std::string& field, double value, std::string* error) {
  if (std::isfinite(value) && value > 0) return true;
  std::ostringstream m;
  m << field << " " << value << ": must be a finite number > 0";
  if (error) *error = m.str();
  return false;
}

inline bool check_required(const std::string& field, const std::string& value, std::string* error) {
  if (!value.empty()) return true;
  if (error) *error = field + " is required";
  return false;
}

// Throws FieldError(field, rule) from the message of a failing options.is_valid.
template <typename Options>
void throw_if_invalid(const Options& options) {
  std::string error;
  if (options.is_valid(&error)) return;
  const auto space = error.find(' ');
  throw FieldError(error.substr(0, space), space == std::string::npos ? "" : error.substr(space + 1));
}

}  // namespace landscape::experiments
