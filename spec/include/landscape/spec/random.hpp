// A seeded random source whose numbers are the same on every platform and compiler.
//
// std::uniform_int_distribution and friends are implementation-defined, so a seed recorded in a
// result would not reproduce the same data elsewhere. SplitMix64 (Steele, Lea, Flood 2014) with
// our own range mapping is fully specified here.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

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

  // Standard normal deviate by the Box-Muller transform: sqrt(-2 log u) cos(2 pi v) of two
  // uniforms, u in (0, 1] so that the log is finite. The sine branch is not kept: every call
  // draws exactly two numbers, so a sequence does not depend on how calls interleave.
  double normal() {
    const double u = 1.0 - uniform01(), v = uniform01();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
  }

 private:
  std::uint64_t state_;
};

// Fisher-Yates shuffle: for i = n-1 down to 1, swap item i with a uniform item of 0..i. Every
// permutation is equally likely, and the result is a function of the seed alone.
template <class T>
void shuffle(std::vector<T>& items, SplitMix64& rng) {
  for (std::size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1], items[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(i - 1)))]);
}

// 0, 1, ..., n-1 in a random order (shuffle).
inline std::vector<std::int64_t> random_permutation(std::int64_t n, SplitMix64& rng) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  shuffle(order, rng);
  return order;
}

}  // namespace landscape
