// What every libFuzzer target of the readers shares: bad input must end in the project's
// InputError (or FieldError, which is one); any other exception escapes the target, and libFuzzer
// reports it (uncaught exception -> abort) as a crash, as it does a sanitizer report. A reader that
// accepts its input must also return something consistent; `require` turns a broken invariant into
// a crash with the reason printed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "landscape/spec/error.hpp"

namespace landscape::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

inline std::vector<unsigned char> bytes_of(const std::uint8_t* data, std::size_t size) {
  return std::vector<unsigned char>(data, data + size);
}

inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// Runs `read`; an InputError is the expected refusal of bad input.
template <class Read>
int refuse_only_input_errors(Read&& read) {
  try {
    read();
  } catch (const landscape::InputError&) {
  }
  return 0;
}

}  // namespace landscape::fuzz
