// Errors shared by every part of the project.
//
// InputError is bad input from the user (a malformed option, an unreadable or corrupt file,
// a non-polynomial activation where a polynomial is needed). The CLI prints its message as one
// line `error: <message>` and exits with status 2. Anything else that escapes is a runtime
// failure (exit 1).
#pragma once

#include <stdexcept>
#include <string>

namespace landscape {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace landscape
