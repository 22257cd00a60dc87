#include "landscape/algebra/multiprecision.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

using namespace landscape;
using namespace landscape::algebra;

namespace {
// Significant digits of "d.ddd...e-xx".
std::size_t significant_digits(const std::string& s) {
  std::size_t n = 0;
  for (char c : s.substr(0, s.find('e')))
    if (c >= '0' && c <= '9') ++n;
  return n;
}
}  // namespace

// A Real prints with its own precision (30 digits: 1 + 32 significant digits in scientific
// notation), wherever it is printed, and reads back to the same number.
TEST(Multiprecision, DecimalStringsUseTheNumbersOwnPrecision) {
  Real third;
  {
    PrecisionScope precision(30);
    third = Real(1) / Real(3);
  }
  EXPECT_EQ(third.precision(), 30u);
  std::string printed;
  {
    PrecisionScope precision(200);
    printed = to_decimal_string(third);
  }
  EXPECT_EQ(significant_digits(printed), 33u);
  EXPECT_EQ(printed.substr(0, 6), "3.3333");
  PrecisionScope precision(30);
  EXPECT_EQ(Real(printed), third);
}

TEST(Multiprecision, ScopesNestAndRestore) {
  const unsigned outside = Real::default_precision();
  {
    PrecisionScope a(40);
    EXPECT_EQ(Real::default_precision(), 40u);
    {
      PrecisionScope b(90);
      EXPECT_EQ(Real(1).precision(), 90u);
    }
    EXPECT_EQ(Real::default_precision(), 40u);
  }
  EXPECT_EQ(Real::default_precision(), outside);
}

// The default precision is one per process: a scope in another thread must wait until this
// thread's scope has ended instead of changing the precision under it.
TEST(Multiprecision, ScopesInTwoThreadsDoNotOverlap) {
  std::atomic<bool> other_started{false}, other_entered{false};
  std::thread other;
  {
    PrecisionScope mine(40);
    other = std::thread([&] {
      other_started = true;
      PrecisionScope theirs(80);
      other_entered = true;
    });
    while (!other_started) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(other_entered);
    EXPECT_EQ(Real::default_precision(), 40u);
    EXPECT_EQ((Real(1) / Real(3)).precision(), 40u);
  }
  other.join();
  EXPECT_TRUE(other_entered);
}

// Far below double's range: log10 |-3 * 10^-500| = log10(3) - 500.
TEST(Multiprecision, Log10OfTinyNumbers) {
  Real tiny;
  {
    PrecisionScope precision(50);
    tiny = Real("-3e-500");
  }
  EXPECT_NEAR(log10_abs(tiny), std::log10(3.0) - 500, 1e-9);
  EXPECT_EQ(log10_abs(Real(0)), -std::numeric_limits<double>::infinity());
}
