#include "landscape/algebra/consistency.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/system_io.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(Consistency, HandMadeSystems) {
  const auto yes = parse_system("2\n x^2 - 2;\n x*y - 1;\n", SystemFormat::PHCpack);
  EXPECT_EQ(decide_consistency(yes).consistent, std::optional<bool>(true));
  // x y = 1 and x = 0 cannot both hold.
  const auto no = parse_system("2\n x*y - 1;\n 3*x;\n", SystemFormat::PHCpack);
  const auto r = decide_consistency(no);
  EXPECT_EQ(r.consistent, std::optional<bool>(false));
  EXPECT_NE(r.certificate.find("constant"), std::string::npos);
  // Over C, x^2 + 1 = 0 has solutions (the decision is about complex solutions).
  EXPECT_EQ(decide_consistency(parse_system("1\n x^2 + 1;\n", SystemFormat::PHCpack)).consistent,
            std::optional<bool>(true));
}

// The typical cases of the issue: a repeated input with two labels, and more points than the
// functional dimension allows (2,2,1 with z^2 and no bias reaches only the 3-dimensional space
// of binary quadrics: 4 generic labels are out of reach, 3 are not).
TEST(Consistency, NetworkCases) {
  const auto net = NetSpec::parse("1,2,1", Activation::parse("square"), true);
  RationalMatrix x = {{Rational(1)}, {Rational(1)}}, y = {{Rational(2)}, {Rational(3)}};
  EXPECT_EQ(decide_consistency(zero_loss_system(net, x, y)).consistent, std::optional<bool>(false));
  const auto quad = NetSpec::parse("2,2,1", Activation::parse("square"), false);
  ASSERT_EQ(functional_dimension_mod_p(quad, 0, PrimeField()), 3);
  const auto four = random_points(4, 2, 1), three = random_points(3, 2, 1);
  EXPECT_EQ(decide_consistency(zero_loss_system(quad, four, random_labels(4, 1, 2))).consistent,
            std::optional<bool>(false));
  EXPECT_EQ(decide_consistency(zero_loss_system(quad, three, random_labels(3, 1, 2))).consistent,
            std::optional<bool>(true));
}

TEST(Consistency, LimitsGiveUndecided) {
  const auto s = parse_system("3\n x^3 + y^2*z - 1;\n y^3 - x*z + 2;\n z^3 + x*y^2 - 3;\n", SystemFormat::PHCpack);
  ConsistencyLimits tiny;
  tiny.basis_length = 2;
  const auto r = decide_consistency(s, tiny);
  EXPECT_FALSE(r.consistent.has_value());
  EXPECT_NE(r.certificate.find("undecided"), std::string::npos);
}
