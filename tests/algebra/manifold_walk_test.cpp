#include "landscape/algebra/manifold_walk.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/memorization.hpp"
#include "landscape/algebra/real_network.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

using namespace landscape;
using namespace landscape::algebra;

// A polynomial net at a teacher point: the walk stays on the exact zero set (checked by
// evaluating the exact polynomial system at the end point), moves far, keeps full rank.
TEST(ManifoldWalk, StaysOnTheZeroSetOfAPolynomialNet) {
  const auto net = NetSpec::parse("2,4,1", Activation::parse("poly:0,1,1/2"), true);  // K = 17
  const auto x = random_points(5, 2, 3);
  std::vector<Rational> teacher;
  for (const auto& row : random_labels(net.parameter_count(), 1, 4)) teacher.push_back(row[0]);
  const auto y = teacher_labels(net, x, teacher);
  WalkOptions options;
  options.steps = 8;
  options.step_fraction = 0.2;
  options.digits = 60;
  const auto r = walk_zero_loss_manifold(net, x, y, teacher, options);
  ASSERT_EQ(r.steps.size(), 8u);
  EXPECT_LT(log10_abs(r.max_loss), -80);
  EXPECT_EQ(r.min_jacobian_rank, 5);
  EXPECT_GT(r.relative_distance(), 0.5);
  EXPECT_LE(static_cast<double>(r.distance), static_cast<double>(r.path_length) * (1 + 1e-12));
  // Independent check: the exact system at the (decimal) end point is zero to 10^-50.
  PrecisionScope precision(60);
  std::vector<Fraction> end;
  for (const auto& v : r.final_parameters) end.emplace_back(*Rational::parse(to_decimal_string(v)));
  for (const auto& F : zero_loss_system(net, x, y).equations)
    EXPECT_LT(std::abs(F.evaluate(end).to_double()), 1e-50);
}

TEST(ManifoldWalk, FromAMemorizedSmooLUNet) {
  const auto net = NetSpec::parse("2,6,1", Activation::parse("smoolu"), true);
  const auto x = random_points(6, 2, 5);
  const auto y = random_labels(6, 1, 6);
  const auto m = memorize(net, x, y, 60);
  std::vector<Rational> start;
  {
    PrecisionScope precision(m.working_digits);
    for (const auto& v : m.parameters) start.push_back(*Rational::parse(to_decimal_string(v)));
  }
  WalkOptions options;
  options.steps = 5;
  options.digits = 60;
  const auto r = walk_zero_loss_manifold(net, x, y, start, options);
  EXPECT_LT(log10_abs(r.max_loss), -40);
  EXPECT_EQ(r.min_jacobian_rank, 6);
  EXPECT_GT(static_cast<double>(r.distance), 0.0);
}
