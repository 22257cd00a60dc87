#include "landscape/algebra/symmetry.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(Symmetry, GroupOrdersByHand) {
  // Even activation, one hidden layer of 3: 3! permutations x 2^3 sign flips.
  EXPECT_EQ(symmetry_orbits(NetSpec::parse("1,3,1", Activation::parse("square"), true), {}, {}).group_order, 48u);
  // Odd activation with a linear next layer: the same count (flips act on both sides).
  EXPECT_EQ(symmetry_orbits(NetSpec::parse("2,2,1", Activation::parse("poly:0,1,0,1"), true), {}, {}).group_order, 8u);
  // Neither even nor odd: permutations only; two hidden layers of 2: 2! x 2!.
  EXPECT_EQ(symmetry_orbits(NetSpec::parse("2,2,2,1", Activation::parse("poly:0,1,1"), true), {}, {}).group_order, 4u);
  // Tree4 with an even activation: the shared unit and the output unit flip.
  EXPECT_EQ(symmetry_orbits(NetSpec::parse("tree4", Activation::parse("square"), true), {}, {}).group_order, 4u);
}

// 2,2,1 with z^2 and no bias, w1_1_2 and both output weights fixed: flipping unit 2's incoming
// weights keeps the fixed ones and maps solutions to solutions, so they pair up into orbits.
TEST(Symmetry, SolutionsOfARestrictedNetSystemPairUp) {
  const auto net = NetSpec::parse("2,2,1", Activation::parse("square"), false);
  const auto x = random_points(3, 2, 1);
  const std::vector<Rational> teacher = {Rational(1), Rational(1, 2), Rational(-1), Rational(2), Rational(3, 2), Rational(-2)};
  const std::map<std::size_t, Rational> fixed = {{1, teacher[1]}, {4, teacher[4]}, {5, teacher[5]}};
  const auto system = zero_loss_system(net, x, teacher_labels(net, x, teacher), fixed);
  const auto r = solve_total_degree(system);
  ASSERT_EQ(r.nonsingular, 4u);
  std::vector<ComplexVector> points;
  for (const auto& s : r.solutions) points.push_back(s.point);
  const auto sym = symmetry_orbits(net, fixed, points);
  EXPECT_EQ(sym.group_order, 8u);
  EXPECT_EQ(sym.preserving, 2u);
  EXPECT_TRUE(sym.closed);
  EXPECT_EQ(sym.orbits, 2u);
}

// Width 12 with an even activation: 12! x 2^12 ~ 2e12 elements. The size is checked before any
// enumeration (it once built all 4.8e8 permutations first), and the orbit count is reported as
// undecided, never as a made-up number.
TEST(Symmetry, TooLargeAGroupIsUndecidedWithoutEnumerating) {
  const NetSpec net = NetSpec::parse("2,12,1", Activation::parse("square"), true);
  const auto r = symmetry_orbits(net, {}, {ComplexVector(net.parameter_count()), ComplexVector(net.parameter_count())});
  EXPECT_FALSE(r.decided);
  EXPECT_EQ(r.orbits, 0u);
  EXPECT_EQ(r.group_order, 0u);
  EXPECT_NE(r.description.find("too large"), std::string::npos);
  // Width 3 is small: 3! x 2^3 = 48 elements, decided.
  const NetSpec small = NetSpec::parse("2,3,1", Activation::parse("square"), true);
  const auto s = symmetry_orbits(small, {}, {});
  EXPECT_TRUE(s.decided);
  EXPECT_EQ(s.group_order, 48u);
}
