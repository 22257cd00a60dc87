#include "landscape/experiments/activations.hpp"

#include <gtest/gtest.h>

#include <cmath>

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
  EXPECT_EQ(resolve_activation("relu-approx:2:2", &info), "poly:3/16,1/2,15/64@2");
  EXPECT_EQ(info["degree"], 2);
  EXPECT_EQ(info["basis"], "legendre");
  EXPECT_NEAR(info["sup_error"].get<double>(), 2 * 3.0 / 32, 1e-12);
  EXPECT_EQ(info["requested"], "relu-approx:2:2");
  EXPECT_LE(info["sup_error_lower"].get<double>(), 2 * 3.0 / 32);
  EXPECT_GE(info["sup_error_upper"].get<double>(), 2 * 3.0 / 32);
}
#endif

#if defined(LANDSCAPE_WITH_ALGEBRA) && defined(LANDSCAPE_WITH_TORCH)
// With a dtype the evaluation-error bound is checked against the approximation error: in
// float32, Clenshaw's bound at degree 60 on [-2, 2] is far below eps = 0.01035 (mpmath), so the
// activation is accepted and both numbers are reported; float64's bound is 2^29 times smaller.
TEST(Activations, EvaluationErrorBoundPerDtype) {
  nlohmann::json f32, f64, plain;
  resolve_activation("relu-approx:60:2", &f32, "float32");
  resolve_activation("relu-approx:60:2", &f64, "float64");
  const double b32 = f32["evaluation_error_bound"].get<double>(), b64 = f64["evaluation_error_bound"].get<double>();
  EXPECT_GT(b32, 0);
  EXPECT_LT(b32, f32["sup_error_lower"].get<double>());
  EXPECT_NEAR(b64 / b32, std::ldexp(1.0, -29), std::ldexp(1.0, -33));
  EXPECT_EQ(f32["dtype"], "float32");
  // a plain poly: reports its bound: x^2 in float32 on [-1, 1], a few units of 2^-24
  EXPECT_EQ(resolve_activation("poly:0,0,1", &plain, "float32"), "poly:0,0,1");
  EXPECT_EQ(plain["evaluation_interval"], "1");
  EXPECT_GT(plain["evaluation_error_bound"].get<double>(), std::ldexp(1.0, -24));
  EXPECT_LT(plain["evaluation_error_bound"].get<double>(), std::ldexp(1.0, -19));
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
