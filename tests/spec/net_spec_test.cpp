#include "landscape/spec/net_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace landscape;

TEST(NetSpec, ParameterOrderIsLibTorchs) {
  const auto net = NetSpec::parse("3,2,1", Activation::parse("square"), true);
  const auto layout = net.layout();
  ASSERT_EQ(layout.count(), 3u * 2 + 2 + 2 * 1 + 1);
  ASSERT_EQ(layout.blocks().size(), 4u);
  EXPECT_EQ(layout.blocks()[0].name, "layer1.weight");
  EXPECT_EQ(layout.blocks()[1].name, "layer1.bias");
  EXPECT_EQ(layout.blocks()[1].offset, 6u);
  EXPECT_EQ(layout.blocks()[2].name, "layer2.weight");
  // W row-major: index 1 is row 1, column 2; index 3 is row 2, column 1.
  EXPECT_EQ(layout.variable_name(0), "w1_1_1");
  EXPECT_EQ(layout.variable_name(1), "w1_1_2");
  EXPECT_EQ(layout.variable_name(3), "w1_2_1");
  EXPECT_EQ(layout.variable_name(6), "b1_1");
  EXPECT_EQ(layout.variable_name(8), "w2_1_1");
  EXPECT_EQ(layout.variable_name(10), "b2_1");
  EXPECT_EQ(NetSpec::parse("3,2,1", Activation::parse("square"), false).parameter_count(), 8u);
}

TEST(NetSpec, ForwardMatchesAHandComputation) {
  // f(x) = v1 (w11 x1 + w12 x2 + b1)^2 + v2 (w21 x1 + w22 x2 + b2)^2 + c
  const auto net = NetSpec::parse("2,2,1", Activation::parse("square"), true);
  const std::vector<double> w = {1, 2, 3, 4, 0.5, -1, 2, -3, 0.25};
  const double x1 = 0.5, x2 = -2;
  const double h1 = 1 * x1 + 2 * x2 + 0.5, h2 = 3 * x1 + 4 * x2 - 1;
  EXPECT_DOUBLE_EQ(forward(net, w, {x1, x2})[0], 2 * h1 * h1 - 3 * h2 * h2 + 0.25);
}

TEST(NetSpec, Tree4IsEquationFiveOfLiaoPoggio2017) {
  // P(W1 P(w1 x1 + w2 x2 + w3) + W2 P(w1 x3 + w2 x4 + w3) + W3) with P(z) = z + z^2/2
  const auto net = NetSpec::parse("tree4", Activation::parse("poly:0,1,1/2"), true);
  ASSERT_EQ(net.parameter_count(), 6u);
  EXPECT_EQ(net.layout().variable_name(2), "b1_1");
  const std::vector<double> w = {0.5, -1, 0.25, 2, 3, -0.5};
  const std::vector<double> x = {1, 2, -1, 0.5};
  auto P = [](double z) { return z + z * z / 2; };
  const double expected = P(2 * P(0.5 * 1 - 1 * 2 + 0.25) + 3 * P(0.5 * -1 - 1 * 0.5 + 0.25) - 0.5);
  EXPECT_DOUBLE_EQ(forward(net, w, x)[0], expected);
  EXPECT_EQ(net.activation_layers(), 2);
  EXPECT_EQ(net.weight_degree(), 2 * 3);  // l (l + 1), no linear output layer
  EXPECT_EQ(net.input_degree(), 4);       // l^d
}

TEST(NetSpec, DegreeClosedForms) {
  auto degree = [](const char* arch, const char* act) {
    return NetSpec::parse(arch, Activation::parse(act), true).weight_degree();
  };
  EXPECT_EQ(degree("3,5,1", "square"), 3);           // l + 1
  EXPECT_EQ(degree("3,5,5,1", "square"), 7);         // l (l + 1) + 1
  EXPECT_EQ(degree("3,5,5,5,1", "square"), 15);      // l (l (l + 1) + 1) + 1
  EXPECT_EQ(degree("3,5,5,1", "poly:0,0,0,1"), 13);  // 3 * 4 + 1
  EXPECT_EQ(degree("3,5,5,1", "poly:0,1"), 3);       // a product of three linear layers
  EXPECT_EQ(degree("3,1", "square"), 1);             // no hidden layer: linear
  EXPECT_EQ(NetSpec::parse("3,5,5,1", Activation::parse("poly:0,0,0,1"), true).input_degree(), 9);
}

TEST(NetSpec, MalformedArchitecturesAreInputErrors) {
  for (const char* bad : {"", "3", "3,,1", "3,0,1", "3,-2,1", "a,b", "3,2,1,", "tree5"})
    EXPECT_THROW(NetSpec::parse(bad, Activation::parse("square"), true), InputError) << bad;
}

TEST(NetSpec, ErrorsNameTheArchField) {
  try {
    NetSpec::parse("3,,1", Activation::parse("square"), true);
    FAIL() << "no error";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "arch");
    EXPECT_EQ(e.rule(), "'3,,1': '' is not a positive width (expected d0,d1,...,dL or tree4)");
  }
}

// Degrees are checked arithmetic. z^2 through 61 hidden layers: l^d = 2^61 still fits; through
// 63 layers the degree passes 2^62 and is refused (it used to wrap around to a wrong number).
TEST(NetSpec, DegreesPastTwoToTheSixtyTwoAreRefused) {
  std::string widths = "1";
  for (int k = 0; k < 61; ++k) widths += ",1";
  widths += ",1";
  const auto fits = landscape::NetSpec::parse(widths, landscape::Activation::parse("square"), false);
  EXPECT_EQ(fits.input_degree(), 1LL << 61);
  const auto deep = landscape::NetSpec::parse(widths + ",1,1", landscape::Activation::parse("square"), false);
  try {
    deep.input_degree();
    FAIL();
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "arch");
  }
  EXPECT_THROW(deep.weight_degree(), landscape::FieldError);
}
