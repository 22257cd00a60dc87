#include "landscape/algebra/real_network.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/jacobian.hpp"

using namespace landscape;
using namespace landscape::algebra;

// For a polynomial net the MPFR Jacobian agrees with the exact one to the working precision.
TEST(RealNetwork, JacobianAgreesWithTheExactOne) {
  PrecisionScope precision(50);
  const auto net = NetSpec::parse("2,3,2", Activation::parse("poly:1,-1/2,1/3"), true);
  const auto x = random_points(3, 2, 1);
  std::vector<Rational> w;
  for (const auto& row : random_labels(net.parameter_count(), 1, 2)) w.push_back(row[0]);
  const auto exact = network_jacobian(net, x, to_fractions(w));
  const auto J = real_jacobian(net, to_reals(x), to_reals(w));
  for (std::size_t i = 0; i < exact.size(); ++i)
    for (std::size_t j = 0; j < net.parameter_count(); ++j) {
      const Real e = rational_to<Real>(*Rational::parse(exact[i][j].to_string()));
      EXPECT_LT(abs(J(i, j) - e), Real("1e-45") * (1 + abs(e)));
    }
}

TEST(RealNetwork, SplitZerosUsesTheRelativeThresholdAndTheFloor) {
  PrecisionScope precision(40);
  const std::vector<Real> v = {Real(3), Real("1e-10"), Real("1e-35"), Real(0), Real(-2)};
  const auto s = split_zeros(v, 40);  // threshold 3e-30
  EXPECT_EQ(s.nonzero, 3);
  EXPECT_EQ(s.zero, 2);
  EXPECT_NEAR(*s.log10_gap_ratio(), 25.0, 1e-9);  // 1e-10 over 1e-35
  const auto raised = split_zeros(v, 40, Real("1e-5"));
  EXPECT_EQ(raised.nonzero, 2);
  EXPECT_EQ(raised.zero, 3);
}

// Planted eigenvalues: Q diag(5, 2, 0, 0, -1) Q^T with Q a rotation.
TEST(RealNetwork, EigenvalueCountsOfAPlantedSpectrum) {
  PrecisionScope precision(60);
  RealMatrix D = RealMatrix::Zero(5, 5);
  D(0, 0) = 5;
  D(1, 1) = 2;
  D(4, 4) = -1;
  RealMatrix A(5, 5);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) A(i, j) = Real(1) / Real(i + j + 1) + (i == j ? Real(2) : Real(0));
  const Eigen::HouseholderQR<RealMatrix> qr(A);
  const RealMatrix Q = qr.householderQ();
  const auto c = eigenvalue_counts(Q * D * Q.transpose(), 60);
  EXPECT_EQ(c.positive, 2);
  EXPECT_EQ(c.zero, 2);
  EXPECT_EQ(c.negative, 1);
  EXPECT_LT(abs(c.eigenvalues.front() + 1), Real("1e-50"));
  EXPECT_GT(*c.split.log10_gap_ratio(), 40.0);
}
