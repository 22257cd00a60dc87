// Errors shared by every part of the project.
//
// InputError is bad input from the user (a malformed option, an unreadable or corrupt file,
// a non-polynomial activation where a polynomial is needed). The CLI prints its message as one
// line `error: <message>` and exits with status 2. Anything else that escapes is a runtime
// failure (exit 1).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace landscape {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// A bad value in one field of an options struct (Ceres' Options::IsValid pattern). `field` is the
// struct member's name ("batch_size"), `rule` what the value is and the rule it breaks ("0: must be
// >= 1, or 0 for full batch" reads as "batch_size 0: must be ..."). Libraries name fields, never
// command-line flags: the CLI maps the field to its flag when it prints the error.
class FieldError : public InputError {
 public:
  FieldError(std::string field, std::string rule)
      : InputError(field + " " + rule), field_(std::move(field)), rule_(std::move(rule)) {}
  const std::string& field() const { return field_; }
  const std::string& rule() const { return rule_; }

 private:
  std::string field_, rule_;
};

}  // namespace landscape
