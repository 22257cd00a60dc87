// A seeded random source whose numbers are the same on every platform and compiler.
//
// std::uniform_int_distribution and friends are implementation-defined, so a seed recorded in a
// result would not reproduce the same data elsewhere. SplitMix64 (Steele, Lea, Flood 2014) with
// our own range mapping is fully specified here.
#pragma once

#include <cstdint>

namespace landscape {

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // Uniform integer in [lo, hi] (inclusive). The modulo bias is below 2^-50 for the small
  // ranges used here; rejection keeps it exactly uniform anyway.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    std::uint64_t r = next();
    while (r >= limit) r = next();
    return lo + static_cast<std::int64_t>(r % span);
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace landscape
