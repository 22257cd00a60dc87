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

// "@A" names the evaluation interval and leaves the polynomial as it is.
TEST(Activation, EvaluationIntervalSuffix) {
  const auto a = Activation::parse("poly:3/16,1/2,15/64@2");
  EXPECT_EQ(a.degree(), 2);
  EXPECT_EQ(a.coefficients[2].text(), "15/64");
  EXPECT_EQ(a.evaluation_interval.text(), "2");
  EXPECT_EQ(a.name, "poly:3/16,1/2,15/64@2");
  EXPECT_DOUBLE_EQ(a(2.0), 3.0 / 16 + 1 + 15.0 / 16);
  EXPECT_EQ(Activation::parse("poly:0,1").evaluation_interval.text(), "1");
  EXPECT_EQ(Activation::parse("poly:0,1@1/3").evaluation_interval.text(), "1/3");
  for (const char* bad : {"poly:0,1@", "poly:0,1@0", "poly:0,1@-2", "poly:0,1@x"})
    EXPECT_THROW(Activation::parse(bad), landscape::FieldError) << bad;
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

// Errors name the options field (the CLI prints its flag) and the value.
TEST(Activation, ErrorsNameTheActivationField) {
  try {
    Activation::parse("poly:1");
    FAIL() << "no error";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "activation");
    EXPECT_EQ(e.rule(), "'poly:1': a polynomial activation needs degree >= 1 (a non-zero c1..cl)");
    EXPECT_EQ(std::string(e.what()), "activation " + e.rule());
  }
  EXPECT_THROW(Activation::parse("tanh"), landscape::FieldError);
}

TEST(Activation, TheAlgebraRefusesNonPolynomials) {
  EXPECT_THROW(Activation::parse("relu").require_polynomial("test"), InputError);
  EXPECT_NO_THROW(Activation::parse("poly:0,1").require_polynomial("test"));
}

// The first and second derivatives against central finite differences, for every kind.
TEST(Activation, DerivativesMatchFiniteDifferences) {
  for (const char* name : {"poly:1/2,-1,0,1/3", "square", "smoolu", "softplus", "rectpow:3", "relu"}) {
    const auto a = Activation::parse(name);
    for (double z : {-1.7, -0.3, 0.4, 1.3, 2.9}) {
      const auto d = landscape::activation_derivatives(a, z);
      const double h = 1e-5;
      const auto plus = landscape::activation_derivatives(a, z + h);
      const auto minus = landscape::activation_derivatives(a, z - h);
      EXPECT_NEAR(d[0], a(z), 1e-12) << name << " at " << z;
      EXPECT_NEAR(d[1], (plus[0] - minus[0]) / (2 * h), 1e-6 * (1 + std::abs(d[1]))) << name << " at " << z;
      EXPECT_NEAR(d[2], (plus[1] - minus[1]) / (2 * h), 1e-5 * (1 + std::abs(d[2]))) << name << " at " << z;
    }
  }
}
