// Tests of the headers the path trackers share: predictor_corrector.hpp, dense_solver.hpp and
// complex_vectors.hpp.
#include "predictor_corrector.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "complex_vectors.hpp"
#include "dense_solver.hpp"
#include "landscape/algebra/multiprecision.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {

// dx/dt = x, with a corrector that changes nothing: the step is the bare predictor.
struct Exponential {
  bool velocity(const ComplexVector& x, double, ComplexVector& v) {
    v = x;
    return true;
  }
  double newton(ComplexVector&, double) { return 0; }
};

// H(x, t) = x^2 - (1 + t): the path x(t) = sqrt(1 + t).
struct SquareRoot {
  bool velocity(const ComplexVector& x, double, ComplexVector& v) {
    v[0] = 1.0 / (2.0 * x[0]);
    return true;
  }
  double newton(ComplexVector& x, double t) {
    const Complex dx = (x[0] * x[0] - (1 + t)) / (2.0 * x[0]);
    x[0] -= dx;
    return std::abs(dx);
  }
};

// A corrector whose Newton updates are planted.
struct PlantedUpdates {
  explicit PlantedUpdates(std::vector<double> planted, bool fails = false)
      : updates(std::move(planted)), velocity_fails(fails) {}
  std::vector<double> updates;
  std::size_t next = 0;
  bool velocity_fails;
  bool velocity(const ComplexVector& x, double, ComplexVector& v) {
    v.assign(x.size(), 0.0);
    return !velocity_fails;
  }
  double newton(ComplexVector&, double) { return updates.at(next++); }
};

}  // namespace

// Classical Runge-Kutta 4 on x' = x advances x by exactly 1 + h + h^2/2 + h^3/6 + h^4/24, forwards
// (dt = h) and backwards (dt = -h).
TEST(PredictorCorrector, PredictorIsClassicalRungeKutta4) {
  Exponential H;
  StepWorkspace<Complex> w(2);
  const ComplexVector x = {Complex(1.0, 0.0), Complex(0.5, -2.0)};
  ComplexVector next;
  TrackerOptions options;
  for (double dt : {0.1, -0.25}) {
    ASSERT_TRUE(predictor_corrector_step(H, x, 0.3, dt, options, w, next));
    const double growth = 1 + dt + dt * dt / 2 + dt * dt * dt / 6 + dt * dt * dt * dt / 24;
    for (std::size_t i = 0; i < 2; ++i) EXPECT_LT(std::abs(next[i] - growth * x[i]), 1e-15) << dt;
  }
}

// With the corrector, a step lands on the path: sqrt(1 + t) at the new t, to the tolerance.
TEST(PredictorCorrector, StepLandsOnThePath) {
  SquareRoot H;
  StepWorkspace<Complex> w(1);
  ComplexVector next;
  TrackerOptions options;
  ASSERT_TRUE(predictor_corrector_step(H, ComplexVector{1.0}, 0.0, 0.2, options, w, next));
  EXPECT_LT(std::abs(next[0] - std::sqrt(1.2)), 1e-12);
  ASSERT_TRUE(predictor_corrector_step(H, ComplexVector{std::sqrt(2.0)}, 1.0, -0.5, options, w, next));
  EXPECT_LT(std::abs(next[0] - std::sqrt(1.5)), 1e-12);
}

// The corrector's rules, with planted Newton update sizes (tolerance 1e-9 (1 + |x|), x = 0).
TEST(PredictorCorrector, CorrectorAcceptsOnlyContractingConvergence) {
  StepWorkspace<Complex> w(1);
  ComplexVector next;
  TrackerOptions options;  // 3 iterations, tolerance 1e-9
  auto step = [&](PlantedUpdates H) { return predictor_corrector_step(H, ComplexVector{0.0}, 1.0, -0.1, options, w, next); };
  EXPECT_TRUE(step(PlantedUpdates({1e-3, 4e-4, 1e-10})));   // halves each time, then below the tolerance
  EXPECT_FALSE(step(PlantedUpdates({1e-3, 6e-4, 1e-10})));  // 6e-4 > 1e-3 / 2: not contracting
  EXPECT_FALSE(step(PlantedUpdates({1e-3, 4e-4, 1e-4})));   // three iterations, still above the tolerance
  EXPECT_FALSE(step(PlantedUpdates({1e-3, -1})));           // singular Jacobian
  EXPECT_FALSE(step(PlantedUpdates({NAN})));
  EXPECT_FALSE(step(PlantedUpdates({1e-12}, true)));        // the predictor's velocity failed
}

// A planted solution of a 5 x 5 complex system; an exactly singular matrix is refused.
TEST(DenseSolver, SolvesAPlantedSystemAndRefusesASingularOne) {
  const int n = 5;
  ComplexVector A(n * n), y(n), b(n, 0.0);
  for (int i = 0; i < n; ++i) {
    y[i] = Complex(i - 2.0, 0.5 * i);
    for (int j = 0; j < n; ++j) A[i * n + j] = Complex(1.0 / (i + j + 1), i == j ? 1.0 : 0.25 * (i - j));
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) b[i] += A[i * n + j] * y[j];
  const ComplexVector A_before = A;
  DenseSolver<Complex> solver(n);
  ASSERT_TRUE(solver.solve(A.data(), b.data(), n));
  EXPECT_LT(distance_inf(b, y), 1e-13);
  EXPECT_EQ(A, A_before);
  // Rows (1, 2) and (2, 4): eliminating leaves an exact zero pivot.
  const ComplexVector singular = {1.0, 2.0, 2.0, 4.0};
  ComplexVector rhs = {1.0, 1.0};
  EXPECT_FALSE(solver.solve(singular.data(), rhs.data(), 2));
}

// The same solver in MPFR: a 3 x 3 planted solution to 45 digits.
TEST(DenseSolver, SolvesInMultiprecision) {
  PrecisionScope precision(50);
  using C = std::complex<Real>;
  std::vector<C> A(9), y = {C(Real(1), Real(-2)), C(Real(1) / Real(3)), C(Real(0), Real(7))}, b(3, C(Real(0)));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) A[i * 3 + j] = C(Real(1) / Real(i + j + 1), Real(i == j ? 1 : 0));
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) b[i] += A[i * 3 + j] * y[j];
  DenseSolver<C> solver(3);
  ASSERT_TRUE(solver.solve(A.data(), b.data(), 3));
  for (int i = 0; i < 3; ++i) EXPECT_LT(abs(b[i] - y[i]), Real("1e-45"));
}

TEST(ComplexVectors, NormsDistancesAndRealness) {
  const ComplexVector a = {Complex(3, 4), Complex(-1, 0)}, b = {Complex(0, 0), Complex(2, 0)};
  EXPECT_DOUBLE_EQ(norm_inf(a), 5.0);          // |3 + 4i|
  EXPECT_DOUBLE_EQ(distance_inf(a, b), 5.0);   // max(|3 + 4i|, |-3|)
  EXPECT_FALSE(is_real_point(a, 1e-8));
  EXPECT_TRUE(is_real_point(b, 1e-8));
  EXPECT_TRUE(is_real_point(ComplexVector{Complex(100, 5e-7)}, 1e-8));   // 5e-7 <= 1e-8 * 101
  EXPECT_FALSE(is_real_point(ComplexVector{Complex(100, 2e-6)}, 1e-8));
}
