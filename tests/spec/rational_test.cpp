#include "landscape/spec/rational.hpp"

#include <gtest/gtest.h>

using landscape::Rational;

TEST(Rational, ParsesIntegersDecimalsAndFractionsExactly) {
  EXPECT_EQ(Rational::parse("-12")->text(), "-12");
  EXPECT_EQ(Rational::parse("+007")->text(), "7");
  EXPECT_EQ(Rational::parse("0.125")->text(), "125/1000");
  EXPECT_EQ(Rational::parse("-.5")->text(), "-5/10");
  EXPECT_EQ(Rational::parse("3.")->text(), "3");
  EXPECT_EQ(Rational::parse("2.5e-3")->text(), "25/10000");
  EXPECT_EQ(Rational::parse("1.5E2")->text(), "150");
  EXPECT_EQ(Rational::parse(" 1/3 ")->text(), "1/3");
  EXPECT_EQ(Rational::parse("-7/3")->text(), "-7/3");
  EXPECT_EQ(Rational::parse("-0")->text(), "0");
}

TEST(Rational, RejectsWhatIsNotANumber) {
  for (const char* bad : {"", "abc", "1/0", "1/-3", "1/2.5", "nan", "inf", "1e", "1.2.3", "--1",
                          "1,5", "0x10", "1/"})
    EXPECT_FALSE(Rational::parse(bad)) << bad;
}

TEST(Rational, DoubleViewIsCorrectlyRoundedForSmallFractions) {
  EXPECT_DOUBLE_EQ(Rational::parse("1/3")->to_double(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(Rational::parse("-0.125")->to_double(), -0.125);
  EXPECT_DOUBLE_EQ(Rational(-6, 4).to_double(), -1.5);
  EXPECT_EQ(Rational(3, -4).text(), "-3/4");
}
