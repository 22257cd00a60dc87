#include "landscape/spec/random.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

using landscape::SplitMix64;

TEST(SplitMix64, MatchesTheReferenceSequence) {
  // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(rng.next(), 0x06C45D188009454FULL);
}

TEST(SplitMix64, UniformIntStaysInRangeAndHitsBothEnds) {
  SplitMix64 rng(42);
  bool low = false, high = false;
  for (int i = 0; i < 10000; ++i) {
    const auto v = rng.uniform_int(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    low |= v == -3;
    high |= v == 3;
  }
  EXPECT_TRUE(low && high);
  const double u = rng.uniform01();
  EXPECT_GE(u, 0.0);
  EXPECT_LT(u, 1.0);
}

// Reference values from an independent implementation (Python: SplitMix64 with the same range
// mapping, then Box-Muller / Fisher-Yates as documented in random.hpp).
TEST(SplitMix64, NormalMatchesBoxMullerOnTheReferenceSequence) {
  SplitMix64 rng(0);
  EXPECT_NEAR(rng.normal(), -1.8839083333524405, 1e-15);
  EXPECT_NEAR(rng.normal(), 0.22760793546360525, 1e-15);
}

TEST(SplitMix64, NormalHasMeanZeroAndVarianceOne) {
  SplitMix64 rng(7);
  const int n = 200000;
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    squares += z * z;
  }
  // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(squares / n, 1.0, 0.015);
}

TEST(Shuffle, IsTheFisherYatesPermutationOfTheSeed) {
  SplitMix64 rng(1);
  EXPECT_EQ(landscape::random_permutation(10, rng), (std::vector<std::int64_t>{4, 2, 8, 1, 9, 3, 0, 6, 7, 5}));
  // Every permutation of 3 items appears, each about 1/6 of the time.
  std::map<std::vector<int>, int> counts;
  for (int i = 0; i < 6000; ++i) {
    std::vector<int> v = {0, 1, 2};
    landscape::shuffle(v, rng);
    ++counts[v];
  }
  ASSERT_EQ(counts.size(), 6u);
  for (const auto& [permutation, count] : counts) EXPECT_NEAR(count, 1000, 150);
  std::vector<int> empty;
  landscape::shuffle(empty, rng);
  EXPECT_TRUE(empty.empty());
}
