#include "landscape/experiments/activations.hpp"

#include <gtest/gtest.h>

#include "landscape/spec/error.hpp"

using landscape::experiments::resolve_activation;

TEST(Activations, PlainTextsPassThrough) {
  EXPECT_EQ(resolve_activation("relu", nullptr), "relu");
  EXPECT_EQ(resolve_activation("poly:0,1,1/2", nullptr), "poly:0,1,1/2");
}

#ifdef LANDSCAPE_WITH_ALGEBRA
// The degree-2 Legendre approximation of ReLU on [-2, 2] is 2 p(x/2) with p(t) = 3/32 + t/2 +
// 15/32 t^2 on [-1, 1]: 3/16 + x/2 + 15/64 x^2, sup-norm error 2 * 3/32 at x = 0 (closed form).
TEST(Activations, ReluApproxBecomesTheExactPolynomial) {
  nlohmann::json info;
  EXPECT_EQ(resolve_activation("relu-approx:2:2", &info), "poly:3/16,1/2,15/64");
  EXPECT_EQ(info["degree"], 2);
  EXPECT_EQ(info["basis"], "legendre");
  EXPECT_NEAR(info["sup_error"].get<double>(), 2 * 3.0 / 32, 1e-12);
  EXPECT_EQ(info["requested"], "relu-approx:2:2");
}
#endif

class MalformedActivation : public ::testing::TestWithParam<const char*> {};

TEST_P(MalformedActivation, NamesTheActivationField) {
  try {
    resolve_activation(GetParam(), nullptr);
    FAIL() << GetParam();
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "activation");
    EXPECT_NE(e.rule().find(GetParam()), std::string::npos) << e.rule();
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, MalformedActivation,
                         ::testing::Values("relu-approx:x:4", "relu-approx:2", "relu-approx:0:4", "relu-approx:2:-1",
                                           "relu-approx:2:2:fourier"));
