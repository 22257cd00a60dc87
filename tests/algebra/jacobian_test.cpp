#include "landscape/algebra/jacobian.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>

#include <sys/wait.h>

#include "landscape/algebra/export.hpp"
#include "landscape/spec/random.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::algebra;
using landscape::testing::random_weights;

namespace {
NetSpec net_of(const char* arch, const char* act, bool bias) {
  return NetSpec::parse(arch, Activation::parse(act), bias);
}

// The independent oracle: Singular's dimension of the local ring of the zero-loss ideal at
// `point` (the ideal moved so the point is the origin; a standard basis in the local ordering
// ds), over F_32003 — the data and weights here have denominators made of 2, 3, 5, 7 only.
// nullopt when Singular cannot be run (the test then fails: scripts/install-deps.sh installs it);
// -1 when it ran out of its 10 s.
std::optional<long> singular_local_dimension(const PolynomialSystem& system, const std::vector<Rational>& point) {
  std::string text = export_system(system, ExportFormat::Singular);
  std::smatch ring;
  if (!std::regex_search(text, ring, std::regex(R"(ring r = 0, \((.*)\), dp;)"))) return std::nullopt;
  std::vector<std::string> names;
  const std::string list = ring[1];
  for (std::size_t start = 0; start <= list.size();) {
    const auto comma = list.find(", ", start);
    names.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  if (names.size() != point.size()) return std::nullopt;
  text = std::regex_replace(text, std::regex(R"(ring r = 0, (\(.*\)), dp;)"), "ring r = 32003, $1, ds;");
  text += "map shift = r";
  for (std::size_t k = 0; k < names.size(); ++k) text += ", " + names[k] + " + (" + point[k].text() + ")";
  text += ";\nideal J = shift(I);\nprint(dim(std(J)));\nquit;\n";
  const std::string script = landscape::testing::write_temp("local_dimension.sing", text);
  FILE* pipe = popen(("timeout 10 Singular -q " + script + " 2>&1").c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  const int status = pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 124) return -1;
  if (status != 0) return std::nullopt;
  try {
    return std::stol(out);
  } catch (const std::exception&) {
    return std::nullopt;
  }
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

// The local dimension `dim` reports against Singular's (a Groebner-basis computation sharing
// nothing with the Jacobian ranks): decided at regular teachers, and at singular ones (a hidden
// unit switched off, the all-zero point) the truth lies within the reported bounds. The
// all-zero teacher of 2,2,1 without bias is the planted case: tangent space 6, true dimension 4.
TEST(DimensionReport, LocalDimensionAgreesWithSingular) {
  {
    const auto net = net_of("2,2,1", "square", false);
    const auto inputs = random_points(2, 2, 1);
    const std::vector<Rational> zero(6, Rational(0));
    const auto r = dimension_report(net, inputs, zero, 0);
    EXPECT_FALSE(r.dimension);
    EXPECT_EQ(*r.tangent_dimension, 6);
    EXPECT_EQ(r.dimension_bounds, (std::pair<long, long>{4, 6}));
    const auto truth = singular_local_dimension(zero_loss_system(net, inputs, teacher_labels(net, inputs, zero)), zero);
    ASSERT_TRUE(truth) << "Singular (Debian package singular) is this test's oracle";
    EXPECT_EQ(*truth, 4);
  }
  SplitMix64 rng(2026);
  // At most 9 unknowns: standard bases in a local ordering grow fast (1,2,2 with bias, 10
  // unknowns, ran for minutes).
  const char* arches[] = {"1,2,1", "2,2,1", "2,1,1", "1,1,1,1"};
  const char* acts[] = {"square", "poly:0,1,1/2", "poly:1,0,1"};
  int decided = 0, undecided = 0, timeouts = 0;
  const int trials = landscape::testing::test_iterations(24);
  for (int trial = 0; trial < trials; ++trial) {
    const char* arch = arches[rng.uniform_int(0, 3)];  // one draw per statement: the same with any compiler
    const char* act = acts[rng.uniform_int(0, 2)];
    const auto net = net_of(arch, act, rng.uniform_int(0, 1) == 1);
    const std::size_t K = net.parameter_count(), dL = static_cast<std::size_t>(net.outputs());
    // At most three points (two for the deep 1,1,1,1, degree 6 in the weights): more make
    // Singular's local standard bases slow (2,2,1 without bias and 5 points ran past 30 s, 1,1,1,1
    // with 3 points past 10 s).
    const std::size_t most = std::string(arch) == "1,1,1,1" ? 2 : 3;
    const auto n = static_cast<std::size_t>(rng.uniform_int(1, static_cast<std::int64_t>(std::min<std::size_t>(most, std::max<std::size_t>(1, K / dL)))));
    const auto inputs = random_points(n, net.inputs(), rng.next());
    auto teacher = random_weights(K, rng.next());
    if (trial % 2 == 1)  // a degenerate teacher: a random half of the weights switched off
      for (auto& w : teacher)
        if (rng.uniform_int(0, 1) == 1) w = Rational(0);
    const auto r = dimension_report(net, inputs, teacher, rng.next());
    const std::string instance = net.arch_text() + " " + net.activation.name + (net.bias ? "" : " no bias") +
                                 ", N = " + std::to_string(n) + ", trial " + std::to_string(trial);
    const auto truth = singular_local_dimension(zero_loss_system(net, inputs, teacher_labels(net, inputs, teacher)), teacher);
    ASSERT_TRUE(truth) << "Singular (Debian package singular) is this test's oracle; " << instance;
    if (*truth < 0) {  // a standard basis too slow for a unit test: this instance goes unchecked
      ++timeouts;
      std::printf("unchecked (Singular past 10 s): %s\n", instance.c_str());
      continue;
    }
    if (r.dimension) {
      ++decided;
      EXPECT_EQ(*r.dimension, *truth) << instance;
    } else {
      ++undecided;
      EXPECT_LE(r.dimension_bounds->first, *truth) << instance;
      EXPECT_GE(r.dimension_bounds->second, *truth) << instance;
    }
    EXPECT_GE(*truth, r.expected_dimension) << instance;  // Krull: each equation cuts at most one
  }
  EXPECT_GT(decided, 0);
  EXPECT_GT(undecided, 0);
  EXPECT_LE(timeouts, trials / 10);
  std::printf("local dimensions against Singular: %d decided, %d undecided (within the bounds), %d unchecked (10 s)\n",
              decided, undecided, timeouts);
}
