#include "landscape/algebra/zero_loss_system.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/horner.hpp"
#include "landscape/spec/random.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;
using landscape::testing::random_weights;

namespace {
struct Case {
  const char* arch;
  const char* act;
  bool bias;
  std::size_t n;
};
const Case kCases[] = {{"3,2,1", "square", true, 3},      {"2,3,2", "poly:1,-1/2,1/3", true, 2},
                       {"2,2,2,1", "square", false, 4},   {"tree4", "poly:0,1,1/2", true, 3},
                       {"tree4", "square", false, 2},      {"3,1", "square", true, 2},
                       {"2,2,2,1", "poly:0,0,0,1", true, 2}};

}  // namespace

// The symbolic system, evaluated at random rational points, equals a plain floating-point forward
// pass of the same network minus the labels (and an exact rational forward pass, exactly).
TEST(ZeroLossSystem, EvaluatesToTheForwardPass) {
  for (const auto& c : kCases) {
    const auto net = NetSpec::parse(c.arch, Activation::parse(c.act), c.bias);
    const auto inputs = random_points(c.n, net.inputs(), 5);
    const auto labels = random_labels(c.n, net.outputs(), 6);
    const auto system = zero_loss_system(net, inputs, labels);
    ASSERT_EQ(system.equations.size(), c.n * net.outputs());
    for (std::uint64_t seed = 0; seed < 3; ++seed) {
      const auto w = random_weights(net.parameter_count(), 100 + seed);
      const auto w_exact = to_fractions(w);
      std::vector<double> w_double;
      for (const auto& r : w) w_double.push_back(r.to_double());
      const auto coefficients = to_fractions(net.activation.coefficients);
      for (std::size_t i = 0; i < c.n; ++i) {
        std::vector<double> x;
        for (const auto& r : inputs[i]) x.push_back(r.to_double());
        const auto f = forward(net, w_double, x);
        const auto f_exact = forward(net, w_exact, to_fractions(inputs[i]),
                                     [&](const Fraction& z) { return horner(coefficients, z); });
        for (int k = 0; k < net.outputs(); ++k) {
          const Fraction F = system.equations[i * net.outputs() + k].evaluate(w_exact);
          EXPECT_TRUE(F == f_exact[k] - Fraction(labels[i][k])) << c.arch << " " << c.act;
          const double expected = f[k] - labels[i][k].to_double();
          EXPECT_NEAR(F.to_double(), expected, 1e-9 * (1 + std::abs(expected))) << c.arch;
        }
      }
    }
  }
}

TEST(ZeroLossSystem, DegreesAndBezoutMatchTheClosedForm) {
  for (const auto& c : kCases) {
    const auto net = NetSpec::parse(c.arch, Activation::parse(c.act), c.bias);
    const auto inputs = random_points(c.n, net.inputs(), 9);
    const auto s = summarize(zero_loss_system(net, inputs, random_labels(c.n, net.outputs(), 1)));
    const long long D = net.weight_degree();
    for (long d : s.degrees) EXPECT_EQ(d, D) << c.arch << " " << c.act;
    // Bezout = D^(N dL), computed independently with doubles where it fits.
    const double bezout = std::pow(static_cast<double>(D), static_cast<double>(s.equations));
    EXPECT_EQ(std::stod(s.bezout_bound), bezout) << c.arch;
    EXPECT_NEAR(s.log10_bezout, std::log10(bezout), 1e-12);
    EXPECT_NEAR(s.log10_shub_smale, std::log10(bezout) / 2, 1e-12);
    EXPECT_EQ(s.expected_dimension,
              static_cast<long>(net.parameter_count()) - static_cast<long>(s.equations));
  }
  // Exact big Bezout numbers: 7^40 for 40 equations of degree 7.
  EXPECT_EQ(product_of_degrees(std::vector<long long>(40, 7)),
            "6366805760909027985741435139224001");
}

// Term counts that can be counted by hand: 3,2,1 with square and bias has, per equation,
// v_j (w_j . x + b_j)^2 = v_j * (10 monomials of degree 2 in 4 variables) for j = 1, 2, plus
// c and the constant -y: 2 * 10 + 2 = 22 terms (for data with no zero coordinate).
TEST(ZeroLossSystem, TermCountsByHand) {
  const auto net = NetSpec::parse("3,2,1", Activation::parse("square"), true);
  RationalMatrix inputs = {{Rational(1, 2), Rational(-2), Rational(3, 7)}};
  RationalMatrix labels = {{Rational(5)}};
  const auto s = summarize(zero_loss_system(net, inputs, labels));
  EXPECT_EQ(s.terms[0], 22);
  labels = {{Rational(0)}};
  EXPECT_EQ(summarize(zero_loss_system(net, inputs, labels)).terms[0], 21);
}

TEST(ZeroLossSystem, TeacherIsAZeroOfItsSystemAndOfTheCriticalSystem) {
  for (const auto& c : kCases) {
    const auto net = NetSpec::parse(c.arch, Activation::parse(c.act), c.bias);
    const auto inputs = random_points(c.n, net.inputs(), 21);
    const auto teacher = random_weights(net.parameter_count(), 22);
    const auto system = zero_loss_system(net, inputs, teacher_labels(net, inputs, teacher));
    const auto point = to_fractions(teacher);
    for (const auto& F : system.equations) EXPECT_TRUE(F.evaluate(point).is_zero()) << c.arch;
    const auto critical = critical_point_system(system);
    ASSERT_EQ(critical.equations.size(), net.parameter_count());
    for (const auto& G : critical.equations) EXPECT_TRUE(G.evaluate(point).is_zero()) << c.arch;
  }
}

// Away from zero loss, the critical system is 2 J^T F, with J from forward-mode differentiation.
TEST(ZeroLossSystem, CriticalSystemIsTwiceJTransposeF) {
  const auto net = NetSpec::parse("2,2,1", Activation::parse("poly:0,1,1"), true);
  const auto inputs = random_points(3, 2, 31);
  const auto system = zero_loss_system(net, inputs, random_labels(3, 1, 32));
  const auto critical = critical_point_system(system);
  const auto s = summarize(critical);
  // deg(F dF/dw_k) = D + deg(dF/dw_k): 2D - 1 for inner weights, D for the output bias.
  const long D = net.weight_degree();
  for (long d : s.degrees) EXPECT_LE(d, 2 * D - 1);
  EXPECT_EQ(*std::max_element(s.degrees.begin(), s.degrees.end()), 2 * D - 1);
  EXPECT_EQ(s.degrees.back(), D);
  const auto w = to_fractions(random_weights(net.parameter_count(), 33));
  const auto J = network_jacobian(net, inputs, w);
  for (std::size_t k = 0; k < net.parameter_count(); ++k) {
    Fraction expected(0);
    for (std::size_t i = 0; i < system.equations.size(); ++i)
      expected = expected + Fraction(2) * system.equations[i].evaluate(w) * J[i][k];
    EXPECT_TRUE(critical.equations[k].evaluate(w) == expected) << k;
  }
}

TEST(ZeroLossSystem, BadInputs) {
  const auto relu = NetSpec::parse("2,2,1", Activation::parse("relu"), true);
  const auto inputs = random_points(2, 2, 1);
  EXPECT_THROW(zero_loss_system(relu, inputs, random_labels(2, 1, 1)), InputError);
  const auto net = NetSpec::parse("2,2,1", Activation::parse("square"), true);
  EXPECT_THROW(zero_loss_system(net, inputs, random_labels(3, 1, 1)), InputError);
  EXPECT_THROW(zero_loss_system(net, inputs, random_labels(2, 2, 1)), InputError);
  EXPECT_THROW(teacher_labels(net, inputs, std::vector<Rational>(3, Rational(1))), InputError);
}
