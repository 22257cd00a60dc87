#include "landscape/algebra/monodromy.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/system_io.hpp"
#include "landscape/algebra/trace_test.hpp"
#include "landscape/spec/error.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

// Decoupled cubic and quartic: for generic constant terms 3 * 4 = 12 solutions, which the loops
// must all reach (the monodromy group of each factor is transitive).
// Random triangles seldom wind around just one of the cubic's two branch points, which lie close
// together (p = -2 and -1.85): 5 quiet loops stopped short of the 12 for 9 of 20 seeds (gcc build;
// the sanitizer build's rounding took seed 0 there too), 20 quiet loops for 1 of 20.
TEST(Monodromy, DecoupledSystemReachesEveryPairOfRoots) {
  const auto s = parse_system("2\n x^3 - 4*x^2 + 5*x - 1;\n y^4 - 2*y^3 - 5*y^2 + 4*y - 2;\n", SystemFormat::PHCpack);
  MonodromyOptions options;
  options.stable_loops = 20;
  const auto m = solve_monodromy(s, std::nullopt, options);
  EXPECT_TRUE(m.stabilized);
  EXPECT_EQ(m.found_at_start, 12u);
  EXPECT_EQ(m.solutions.size(), 12u);
  EXPECT_EQ(m.lost, 0u);
}

// A second method against the first: the same counts as the total-degree homotopy.
TEST(Monodromy, AgreesWithTotalDegree) {
  const auto katsura = parse_system(
      "4\n u0^2 + 2*u1^2 + 2*u2^2 + 2*u3^2 - u0;\n 2*u0*u1 + 2*u1*u2 + 2*u2*u3 - u1;\n"
      " u1^2 + 2*u0*u2 + 2*u1*u3 - u2;\n u0 + 2*u1 + 2*u2 + 2*u3 - 1;\n",
      SystemFormat::PHCpack);
  const auto m = solve_monodromy(katsura, std::nullopt);
  const auto t = solve_total_degree(katsura);
  EXPECT_EQ(t.nonsingular, 8u);
  EXPECT_EQ(m.solutions.size(), t.nonsingular);
  EXPECT_EQ(m.real, t.real);
}

// A square network system, started at its teacher: every solution found is certified.
TEST(Monodromy, NetworkSystemFromTheTeacher) {
  const auto net = NetSpec::parse("2,1,1", Activation::parse("poly:0,0,0,1"), true);  // K = 5
  const auto x = random_points(4, 2, 1);
  const std::vector<Rational> teacher = {Rational(3, 2), Rational(-1), Rational(1, 2), Rational(2), Rational(-3, 4)};
  const auto system = zero_loss_system(net, x, teacher_labels(net, x, teacher), {{0, teacher[0]}});
  ComplexVector start;
  for (std::size_t k = 1; k < teacher.size(); ++k) start.emplace_back(teacher[k].to_double(), 0.0);
  MonodromyOptions options;
  options.stable_loops = 20;  // 5 stopped at 2 of the 8 in the sanitizer build
  const auto m = solve_monodromy(system, start, options);
  const auto t = solve_total_degree(system);
  EXPECT_EQ(m.solutions.size(), t.nonsingular);
  EXPECT_EQ(t.nonsingular, 8u);
  std::vector<Solution> found;
  for (const auto& p : m.solutions) {
    Solution s;
    s.point = p;
    found.push_back(s);
  }
  EXPECT_EQ(certify_solutions(system, found).certified, m.solutions.size());
}

// The regression that the two methods caught: Liao & Poggio's tree4 network with z^2, w1_1_1 fixed,
// 5 points has 288 isolated solutions; an over-eager divergence test once kept 31 of them.
TEST(Monodromy, Tree4SystemBothMethodsFind288) {
  const auto net = NetSpec::parse("tree4", Activation::parse("square"), true);
  const auto x = load_dataset("random:n=5,seed=1", 4, 1).inputs;
  const std::vector<Rational> teacher = {Rational(3, 2), Rational(-1), Rational(1, 2), Rational(2), Rational(-3, 4), Rational(1)};
  const auto system = zero_loss_system(net, x, teacher_labels(net, x, teacher), {{0, teacher[0]}});
  ComplexVector start;
  for (std::size_t k = 1; k < teacher.size(); ++k) start.emplace_back(teacher[k].to_double(), 0.0);
  EXPECT_EQ(solve_monodromy(system, start).solutions.size(), 288u);
  EXPECT_EQ(solve_total_degree(system).nonsingular, 288u);
}

// The critical points of a regularized linear network 2 -> 2 -> 2 (test_support.hpp): 33 regular
// solutions, 5 real, by PHCpack, in the rational and in the integer-scaled form. The loops once drew
// every corner on one scale for all the equations, and kept 8 of the 33 in the scaled form.
TEST(Monodromy, RegularizedLinearNetworkInBothForms) {
  for (bool scaled : {false, true}) {
    const auto s = parse_system(landscape::testing::regularized_linear_network_system(2, 2, scaled), SystemFormat::PHCpack);
    const auto m = solve_monodromy(s, std::nullopt);
    EXPECT_EQ(m.solutions.size(), 33u) << (scaled ? "scaled" : "rational");
    EXPECT_EQ(m.real, 5u) << (scaled ? "scaled" : "rational");
    EXPECT_EQ(m.lost, 0u);
  }
}

// Continuing from one of Katsura-3's 8 solutions (2^3) finds the other seven; counts add up.
TEST(Monodromy, ContinuingFromOneSolutionFindsTheRest) {
  const auto katsura = parse_system(katsura_system_text(3), SystemFormat::PHCpack);
  auto m = solve_monodromy(katsura, std::nullopt);
  ASSERT_EQ(m.solutions.size(), 8u);
  m.base_solutions.resize(1);
  MonodromyOptions options;
  options.seed = 7;
  const auto c = continue_monodromy(katsura, m, options);
  EXPECT_EQ(c.found_at_start, 8u);
  EXPECT_EQ(c.solutions.size(), 8u);
  EXPECT_EQ(c.real, m.real);
  EXPECT_GT(c.loops, m.loops);
  EXPECT_GT(c.paths_tracked, m.paths_tracked);
  EXPECT_EQ(c.seed, 7u);
  m.base_solutions.clear();
  EXPECT_THROW(continue_monodromy(katsura, m, options), InputError);
}

// The 2 -> 2 -> 2 network system by monodromy in its weight decays, once per set of live hidden
// units: 16 points with both alive, 8 with unit 1 alone, 8 with unit 2 alone (the 2 -> 1 -> 2
// count, 9, less the origin), and the origin: PHCpack's 33 regular solutions, 5 real.
TEST(Monodromy, DiagonalParametersPerLiveUnitsGiveAllCriticalPoints) {
  const auto s = parse_system(landscape::testing::regularized_linear_network_system(2, 2, true), SystemFormat::PHCpack);
  const auto names = s.ring->names();
  const std::vector<std::string> order = {"a00", "a01", "a10", "a11", "b00", "b01", "b10", "b11"};  // equation order
  std::vector<std::size_t> own;
  for (const auto& name : order) own.push_back(static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin()));
  std::vector<ComplexVector> all = {ComplexVector(8, 0.0)};
  const std::size_t expected[4] = {0, 8, 8, 16};
  for (int alive = 1; alive <= 3; ++alive) {
    std::vector<bool> kept(8);
    for (std::size_t k = 0; k < 8; ++k) {
      const int unit = names[k][0] == 'a' ? names[k][1] - '0' : names[k][2] - '0';
      kept[k] = (alive >> unit) & 1;
    }
    const auto m = solve_diagonal_monodromy(s, own, kept);
    EXPECT_EQ(m.solutions.size(), expected[alive]) << "live units " << alive;
    EXPECT_EQ(m.lost, 0u);
    for (const auto& x : m.solutions)
      for (std::size_t k = 0; k < 8; ++k) EXPECT_TRUE(kept[k] || x[k] == Complex(0.0)) << "dead variable " << names[k];
    all.insert(all.end(), m.solutions.begin(), m.solutions.end());
  }
  std::size_t real = 0;
  for (const auto& x : all) {
    bool r = true;
    for (const auto& z : x) r = r && std::abs(z.imag()) <= 1e-8 * (1 + std::abs(z));
    real += r;
  }
  EXPECT_EQ(all.size(), 33u);
  EXPECT_EQ(real, 5u);
  const auto t = trace_test(s, all);
  EXPECT_EQ(t.verdict, Completeness::Complete) << t.reason << " deviation " << t.deviation;
  // Equation 2 given equation 1's own variable, in which it has no linear term.
  std::vector<std::size_t> twice = own;
  twice[1] = twice[0];
  EXPECT_THROW(solve_diagonal_monodromy(s, twice, std::vector<bool>(8, true)), InputError);
}

TEST(Monodromy, NonSquareIsAnInputError) {
  EXPECT_THROW(solve_monodromy(parse_system("1\n x*y - 1;\n", SystemFormat::PHCpack), std::nullopt), InputError);
}
