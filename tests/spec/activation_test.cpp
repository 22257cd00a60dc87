#include "landscape/spec/activation.hpp"

#include <gtest/gtest.h>

#include <cmath>

using landscape::Activation;
using landscape::ActivationKind;
using landscape::InputError;

TEST(Activation, PolynomialCoefficientsAndDegree) {
  const auto a = Activation::parse("poly:1/2,0,-3,0");  // trailing zero dropped
  ASSERT_TRUE(a.is_polynomial());
  EXPECT_EQ(a.degree(), 2);
  EXPECT_EQ(a.coefficients[0].text(), "1/2");
  EXPECT_DOUBLE_EQ(a(2.0), 0.5 - 12.0);
  const auto s = Activation::parse("square");
  EXPECT_EQ(s.degree(), 2);
  EXPECT_DOUBLE_EQ(s(-3.0), 9.0);
}

TEST(Activation, ClosedFormsOfTheNonPolynomialOnes) {
  const auto smoolu = Activation::parse("smoolu");
  EXPECT_EQ(smoolu(-1.0), 0.0);
  EXPECT_EQ(smoolu(0.0), 0.0);
  EXPECT_DOUBLE_EQ(smoolu(2.0), 2.0 * std::exp(-0.5));
  EXPECT_TRUE(smoolu.is_rectified());
  EXPECT_DOUBLE_EQ(Activation::parse("relu")(-2.0), 0.0);
  EXPECT_DOUBLE_EQ(Activation::parse("relu")(2.5), 2.5);
  EXPECT_DOUBLE_EQ(Activation::parse("softplus")(0.0), std::log(2.0));
  EXPECT_FALSE(Activation::parse("softplus").is_rectified());
  const auto cube = Activation::parse("rectpow:3");
  EXPECT_DOUBLE_EQ(cube(2.0), 8.0);
  EXPECT_EQ(cube(-2.0), 0.0);
  EXPECT_TRUE(cube.is_rectified());
}

TEST(Activation, BadSpellingsAreInputErrors) {
  for (const char* bad : {"tanh", "poly:", "poly:1,x", "poly:5", "poly:0,0,0", "rectpow:0",
                          "rectpow:x", "poly:1/0,1"})
    EXPECT_THROW(Activation::parse(bad), InputError) << bad;
}

TEST(Activation, TheAlgebraRefusesNonPolynomials) {
  EXPECT_THROW(Activation::parse("relu").require_polynomial("test"), InputError);
  EXPECT_NO_THROW(Activation::parse("poly:0,1").require_polynomial("test"));
}
