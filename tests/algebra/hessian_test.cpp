#include "landscape/algebra/hessian.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/zero_loss_system.hpp"

using namespace landscape;
using namespace landscape::algebra;

// Sylvester's law of inertia: P D P^T has the inertia of D for invertible P.
TEST(ExactInertia, PlantedByCongruence) {
  const std::vector<long> diagonal = {3, 0, -2, 5, 0, 0, -1};
  const std::size_t n = diagonal.size();
  std::vector<std::vector<Fraction>> P(n, std::vector<Fraction>(n, Fraction(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) P[i][j] = i == j ? Fraction(1) : Fraction(static_cast<long>(i + 2 * j) % 5 - 2, 3);
  std::vector<std::vector<Fraction>> M(n, std::vector<Fraction>(n, Fraction(0)));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t k = 0; k < n; ++k) M[i][j] = M[i][j] + P[i][k] * Fraction(diagonal[k]) * P[j][k];
  const auto inertia = exact_inertia(M);
  EXPECT_EQ(inertia.positive, 2);
  EXPECT_EQ(inertia.zero, 3);
  EXPECT_EQ(inertia.negative, 2);
}

// At a teacher point of a polynomial net on generic data: Prop. 2.3's counts, numerically and
// exactly, and the residual part vanishes exactly.
TEST(HessianReport, TeacherPointMatchesPropositionTwoThree) {
  const auto net = NetSpec::parse("2,3,1", Activation::parse("poly:0,1,1/2"), true);  // K = 13
  const auto x = random_points(5, 2, 11);
  std::vector<Rational> teacher;
  for (const auto& row : random_labels(net.parameter_count(), 1, 12)) teacher.push_back(row[0]);
  const auto y = teacher_labels(net, x, teacher);
  const auto r = hessian_report(net, x, y, teacher, 50, true);
  EXPECT_EQ(r.counts.positive, 5);
  EXPECT_EQ(r.counts.zero, 8);
  EXPECT_EQ(r.counts.negative, 0);
  EXPECT_EQ(r.jacobian_rank, 5);
  ASSERT_TRUE(r.exact);
  EXPECT_EQ(r.exact->positive, 5);
  EXPECT_EQ(r.exact->zero, 8);
  EXPECT_EQ(*r.exact_jacobian_rank, 5);
  EXPECT_TRUE(r.matches_prediction());
  // The labels are exact; the residual part is the rounding of 1/q-type labels at 50 digits.
  EXPECT_LT(log10_abs(r.residual_part_norm), -40);
  EXPECT_GT(*r.counts.split.log10_gap_ratio(), 30.0);
}

// Away from zero loss the residual part is non-zero, Hess L - 2 J^T J equals it, and the
// prediction (which is about zero-loss points) no longer holds.
TEST(HessianReport, AwayFromZeroLossTheResidualPartMatters) {
  const auto net = NetSpec::parse("2,3,1", Activation::parse("square"), true);
  const auto x = random_points(4, 2, 13);
  const auto y = random_labels(4, 1, 14);
  std::vector<Rational> w;
  for (const auto& row : random_labels(net.parameter_count(), 1, 15)) w.push_back(row[0]);
  const auto r = hessian_report(net, x, y, w, 40, true);
  EXPECT_GT(r.residual_part_norm, 1);
  EXPECT_LT(abs(r.difference_norm - r.residual_part_norm), Real("1e-30") * r.residual_part_norm);
  EXPECT_EQ(r.counts.positive + r.counts.zero + r.counts.negative, 13);
  // Numerical and exact counts agree wherever the numerical split is clean.
  EXPECT_EQ(r.counts.negative, r.exact->negative);
  EXPECT_FALSE(r.matches_prediction());
}

TEST(HessianReport, WrongParameterCountIsAnInputError) {
  const auto net = NetSpec::parse("2,3,1", Activation::parse("square"), true);
  EXPECT_THROW(hessian_report(net, random_points(2, 2, 1), random_labels(2, 1, 1),
                              std::vector<Rational>(3, Rational(1)), 30),
               InputError);
}
