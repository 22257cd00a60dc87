#include "landscape/algebra/jacobian.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;
using landscape::testing::random_weights;

namespace {
NetSpec net_of(const char* arch, const char* act, bool bias) {
  return NetSpec::parse(arch, Activation::parse(act), bias);
}
}  // namespace

// Two independent algorithms: forward-mode through the network vs term by term from the FLINT
// polynomials, exactly over Q and modulo p.
TEST(Jacobian, ForwardModeEqualsTermByTerm) {
  const PrimeField field;
  struct Case { const char* arch; const char* act; bool bias; std::size_t n; };
  for (const auto& c : {Case{"3,2,1", "square", true, 3}, Case{"2,3,2", "poly:1,-1/2,1/3", true, 2},
                        Case{"2,2,2,1", "square", false, 4}, Case{"tree4", "poly:0,1,1/2", true, 3}}) {
    const auto net = net_of(c.arch, c.act, c.bias);
    const auto inputs = random_points(c.n, net.inputs(), 3);
    const auto system = zero_loss_system(net, inputs, random_labels(c.n, net.outputs(), 4));
    const auto w = to_fractions(random_weights(net.parameter_count(), 5));
    const auto A = network_jacobian(net, inputs, w), B = symbolic_jacobian(system, w);
    ASSERT_EQ(A.size(), B.size());
    for (std::size_t i = 0; i < A.size(); ++i)
      for (std::size_t j = 0; j < net.parameter_count(); ++j)
        EXPECT_TRUE(A[i][j] == B[i][j]) << c.arch << " row " << i << " col " << j;
    const auto wp = random_point_mod_p(net.parameter_count(), 6, field);
    const auto Ap = network_jacobian(net, reduce_mod_p(inputs, field), wp, field);
    const auto Bp = symbolic_jacobian(system, wp, field);
    for (std::size_t i = 0; i < Ap.size(); ++i)
      for (std::size_t j = 0; j < net.parameter_count(); ++j)
        EXPECT_EQ(Ap[i][j].value(), Bp[i][j].value()) << c.arch;
  }
}

// The Jacobian of a hand-sized net: f = v (w x + b)^2 + c at x = 2, (w, b, v, c) = (1, -1, 3, 5):
// df/dw = 2 v (w x + b) x = 12, df/db = 2 v (w x + b) = 6, df/dv = (w x + b)^2 = 1, df/dc = 1.
TEST(Jacobian, HandComputed) {
  const auto net = net_of("1,1,1", "square", true);
  const auto J = network_jacobian(net, {{Rational(2)}}, {Fraction(1), Fraction(-1), Fraction(3), Fraction(5)});
  ASSERT_EQ(J.size(), 1u);
  EXPECT_EQ(J[0][0].to_string(), "12");
  EXPECT_EQ(J[0][1].to_string(), "6");
  EXPECT_EQ(J[0][2].to_string(), "1");
  EXPECT_EQ(J[0][3].to_string(), "1");
}

TEST(Jacobian, ExactAndModularRanksAgree) {
  const PrimeField field;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    const auto net = net_of("3,3,1", "square", seed % 2 == 0);
    const auto inputs = random_points(3 + seed, 3, seed);
    const auto w = random_weights(net.parameter_count(), seed + 50);
    const auto J = network_jacobian(net, inputs, to_fractions(w));
    std::vector<ModP> wp;
    for (const auto& f : to_fractions(w)) wp.emplace_back(f, field);
    const auto Jp = network_jacobian(net, reduce_mod_p(inputs, field), wp, field);
    EXPECT_EQ(rank_over_q(J, net.parameter_count()), rank_mod_p(Jp, net.parameter_count(), field));
  }
}

// Functional dimensions known in closed form (homogeneous activations without bias: the
// Alexander-Hirschowitz / secant-variety values), checked by both methods.
TEST(FunctionalDimension, KnownValues) {
  const PrimeField field;
  struct Case { const char* arch; const char* act; bool bias; long expected; };
  for (const auto& c : {
           Case{"3,2,1", "square", false, 5},   // rank <= 2 ternary quadrics: 6 - 1
           Case{"2,2,1", "square", false, 3},   // all binary quadrics
           Case{"3,3,1", "square", false, 6},   // all ternary quadrics
           Case{"3,1,1", "square", false, 3},   // squares of linear forms (times a scalar)
           Case{"4,2,1", "square", false, 7},   // rank <= 2 quadrics in 4 variables: 2*4 - 1
           Case{"3,4,1", "poly:0,1", false, 3},  // linear maps x -> a.x
           Case{"3,4,1", "poly:0,1", true, 4},   // affine maps
           Case{"2,1,1", "square", true, 4},     // v (w.x + b)^2 + c: rank-1 forms + constant
           Case{"2,2,2", "square", false, 6},    // two binary quadrics, 3 each
           Case{"2,3,1", "poly:0,0,0,1", false, 4},  // binary cubics: all of them
       }) {
    const auto net = net_of(c.arch, c.act, c.bias);
    EXPECT_EQ(functional_dimension_mod_p(net, 1, field), c.expected) << c.arch << " " << c.act;
    EXPECT_EQ(functional_dimension_by_coefficients(net, 1), c.expected) << c.arch << " " << c.act;
  }
}

TEST(FunctionalDimension, BothMethodsAgreeOnDeeperNets) {
  const PrimeField field;
  for (const char* arch : {"2,2,2,1", "3,2,2,1", "tree4"})
    for (bool bias : {false, true}) {
      const auto net = net_of(arch, "square", bias);
      EXPECT_EQ(functional_dimension_mod_p(net, 3, field), functional_dimension_by_coefficients(net, 3))
          << arch << (bias ? " bias" : "");
    }
}

TEST(DimensionReport, TeacherPointOfGenericDataIsSmoothOfExpectedDimension) {
  const auto net = net_of("2,3,1", "square", true);  // K = 13
  const auto inputs = random_points(4, 2, 1);
  const auto r = dimension_report(net, inputs, random_weights(net.parameter_count(), 2), 0);
  EXPECT_EQ(r.parameters, 13u);
  EXPECT_EQ(r.jacobian_rank, 4);
  ASSERT_TRUE(r.dimension);
  EXPECT_EQ(*r.dimension, 9);
  EXPECT_EQ(r.expected_dimension, 9);
  EXPECT_TRUE(*r.smooth_of_expected_dimension);
  EXPECT_EQ(r.method, "exact over Q at the teacher point");
}

// Planted degeneracy: a repeated data point makes two rows of the Jacobian equal, so the local
// dimension at the teacher exceeds K - N by one.
TEST(DimensionReport, RepeatedPointRaisesTheDimension) {
  const auto net = net_of("2,3,1", "square", true);
  auto inputs = random_points(4, 2, 1);
  inputs.push_back(inputs[1]);
  const auto r = dimension_report(net, inputs, random_weights(net.parameter_count(), 2), 0);
  EXPECT_EQ(r.jacobian_rank, 4);
  EXPECT_EQ(*r.dimension, 13 - 4);
  EXPECT_EQ(r.expected_dimension, 13 - 5);
  EXPECT_FALSE(*r.smooth_of_expected_dimension);
}

TEST(DimensionReport, MorePointsThanTheFunctionalDimensionAreInconsistent) {
  const auto net = net_of("2,2,1", "square", false);  // functional dimension 3, K = 6
  const auto r = dimension_report(net, random_points(4, 2, 7), std::nullopt, 0);
  EXPECT_EQ(r.functional_dimension, 3);
  EXPECT_EQ(r.generic_rank, 3);
  EXPECT_TRUE(r.inconsistent_for_generic_labels());
  EXPECT_FALSE(r.dimension);
  const auto fine = dimension_report(net, random_points(3, 2, 7), std::nullopt, 0);
  EXPECT_FALSE(fine.inconsistent_for_generic_labels());
}
