#include "landscape/experiments/solving.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "experiments_test_support.hpp"
#include "landscape/algebra/system_io.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

TEST(Solving, FixedParametersByNameOrPrefixWithTheTeachersValues) {
  const NetSpec net = NetSpec::parse("1,1,1", Activation::parse("square"), true);  // w1_1_1 b1_1 w2_1_1 b2_1
  const std::vector<Rational> teacher = {Rational(2), Rational(-3), Rational(1, 2), Rational(5)};
  const auto named = choose_fixed_parameters(net, teacher, "w1_1_1,b2_1", 0);
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named.at(0).text(), "2");
  EXPECT_EQ(named.at(3).text(), "5");
  const auto first = choose_fixed_parameters(net, teacher, "first:3", 0);
  EXPECT_EQ(first.size(), 3u);
  EXPECT_EQ(first.at(2).text(), "1/2");
  // Without a teacher: seeded non-zero values, the same for the same seed.
  const auto random = choose_fixed_parameters(net, std::nullopt, "first:2", 7);
  EXPECT_EQ(random.at(0).text(), choose_fixed_parameters(net, std::nullopt, "first:2", 7).at(0).text());
  EXPECT_NE(random.at(0).to_double(), 0.0);
  try {
    choose_fixed_parameters(net, teacher, "w9_9_9", 0);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "fix");
    EXPECT_NE(e.rule().find("no parameter named 'w9_9_9'"), std::string::npos);
  }
  EXPECT_THROW(choose_fixed_parameters(net, teacher, "first:5", 0), FieldError);
}

// (x - 1)(x - 2) = 0, y^2 - 4 = 0: four real non-singular solutions (closed form), all certified,
// and proved real; four paths, each a success.
TEST(Solving, ProductOfUnivariates) {
  const std::string path = experiments_testing::fresh_dir("solve") + ".phc";
  std::ofstream(path) << "2\n (x - 1)*(x - 2);\n y^2 - 4;\n";
  const auto system = algebra::read_system_file(path, algebra::parse_system_format("phc"));
  SolveSystemOptions o;
  o.system = &system;
  o.threads = 1;
  const auto r = solve_system(o, nullptr);
  EXPECT_EQ(r.solutions, 4u);
  EXPECT_EQ(r.nonsingular, 4u);
  EXPECT_EQ(r.real, 4u);
  EXPECT_EQ(r.certified, 4u);
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.to_json()["bezout_bound"], "4");
  EXPECT_EQ(r.to_json()["certified_real"], 4);
  EXPECT_EQ(r.to_json()["certified_non_real"], 0);
  EXPECT_EQ(r.to_json()["path_codes"]["success"], 4);
  EXPECT_EQ(r.to_json()["path_codes"]["at_infinity"], 0);
  EXPECT_EQ(r.to_json()["path_codes"]["step_size_too_small"], 0);
  EXPECT_EQ(r.to_json()["method"], "homotopy");
  EXPECT_EQ(r.to_json()["start_system"], "total-degree");  // dense: mixed volume 4 = Bezout
  EXPECT_EQ(r.to_json()["mixed_volume"], 4);
  // By monodromy: the same four, certified complete by the trace test.
  o.method = "monodromy";
  const auto m = solve_system(o, nullptr);
  EXPECT_EQ(m.solutions, 4u);
  EXPECT_EQ(m.to_json()["trace_test"]["verdict"], "complete");
  EXPECT_LT(m.to_json()["trace_test"]["deviation"].get<double>(), 1e-9);
  o.method = "newton";
  EXPECT_THROW(solve_system(o, nullptr), FieldError);
  o.method = "homotopy", o.start = "binomial";
  EXPECT_THROW(solve_system(o, nullptr), FieldError);
  o.method = "total-degree", o.start = "polyhedral";
  EXPECT_THROW(solve_system(o, nullptr), FieldError);
}

// x y = 1, x y = 1 - x has no solution, while nearby constant terms give one: monodromy finds it
// at random constant terms, where the trace test calls it complete, and loses it on the way to
// the system's own. Not "incomplete" (nothing is missing), not "complete": undecided.
TEST(Solving, TraceTestAtSpecialConstantTermsIsUndecided) {
  const auto system = algebra::parse_system("2\n x*y - 1;\n x*y - 1 + x;\n", algebra::parse_system_format("phc"));
  SolveSystemOptions o;
  o.system = &system;
  o.threads = 1;
  o.method = "monodromy";
  const auto r = solve_system(o, nullptr);
  EXPECT_EQ(r.solutions, 0u);
  const auto t = r.to_json()["trace_test"];
  EXPECT_EQ(t["verdict"], "undecided") << t.dump();
  EXPECT_NE(t["reason"].get<std::string>().find("system's own"), std::string::npos) << t.dump();
}

// x (y - 2) = y (x - 3) = 0 has no constant terms and owns x and y (-2 x, -3 y): monodromy loops
// in those coefficients (auto) and finds (3, 2), the origin added; the constant-term family finds
// the same two points.
TEST(Solving, MonodromyInTheOwnVariablesCoefficients) {
  const auto system = algebra::parse_system("2\n x*y - 2*x;\n x*y - 3*y;\n", algebra::parse_system_format("phc"));
  SolveSystemOptions o;
  o.system = &system;
  o.threads = 1;
  o.method = "monodromy";
  for (const std::string family : {"auto", "own-variables", "constant-terms"}) {
    o.family = family;
    const auto j = solve_system(o, nullptr).to_json();
    EXPECT_EQ(j["family"], family == "auto" ? "own-variables" : family);
    EXPECT_EQ(j["solutions"], 2) << family;
    EXPECT_EQ(j["real"], 2) << family;
    EXPECT_EQ(j["certified"], 2) << family;
    EXPECT_EQ(j["trace_test"]["verdict"], "complete") << family << j["trace_test"].dump();
  }
  o.family = "bogus";
  EXPECT_THROW(solve_system(o, nullptr), FieldError);
  const auto squares = algebra::parse_system("2\n x^2 - 1;\n y^2 - x;\n", algebra::parse_system_format("phc"));
  o.system = &squares, o.family = "own-variables";
  EXPECT_THROW(solve_system(o, nullptr), InputError);
}

// x (y - 2) = y (x - 3) = 0: from the polyhedral start system, 2 paths (the mixed volume with the
// origin) for its 2 solutions, (0, 0) and (3, 2); the total-degree one has 4.
TEST(Solving, PolyhedralStartSystem) {
  const auto system = algebra::parse_system("2\n x*y - 2*x;\n x*y - 3*y;\n", algebra::parse_system_format("phc"));
  SolveSystemOptions o;
  o.system = &system;
  o.threads = 1;
  const auto r = solve_system(o, nullptr);
  EXPECT_EQ(r.nonsingular, 2u);
  EXPECT_EQ(r.certified, 2u);
  EXPECT_EQ(r.to_json()["start_system"], "polyhedral");
  EXPECT_EQ(r.to_json()["mixed_volume"], 2);
  EXPECT_EQ(r.to_json()["paths"], 2);
  o.start = "total-degree";
  const auto t = solve_system(o, nullptr);
  EXPECT_EQ(t.nonsingular, 2u);
  EXPECT_EQ(t.to_json()["paths"], 4);
  EXPECT_EQ(t.to_json()["mixed_volume"], nullptr);
}

// x*y - 1 = 0, x = 0 has no complex solution (1 = x*y - (x*y - 1) is in the ideal); x*y - 1 = 0,
// x - 2 = 0 has one, (2, 1/2), which as a teacher point certifies it without a Groebner basis.
TEST(Solving, ConsistencyByGroebnerBasisOrTeacherPoint) {
  const auto phc = algebra::parse_system_format("phc");
  const auto none = decide_system_consistency(algebra::parse_system("2\n x*y - 1;\n x;\n", phc), std::nullopt, nullptr);
  EXPECT_EQ(none.details["consistent"], false);
  EXPECT_EQ(none.summary().rfind("inconsistent", 0), 0u) << none.summary();
  const auto system = algebra::parse_system("2\n x*y - 1;\n x - 2;\n", phc);
  const auto one = decide_system_consistency(system, std::nullopt, nullptr);
  EXPECT_EQ(one.details["consistent"], true);
  EXPECT_EQ(one.details["unknowns"], 2);
  const std::vector<algebra::Fraction> teacher = {algebra::Fraction(2), algebra::Fraction(1, 2)};
  const auto by_teacher = decide_system_consistency(system, teacher, nullptr);
  EXPECT_EQ(by_teacher.details["certificate"], "the teacher point is an exact solution");
  EXPECT_EQ(by_teacher.details["basis_length"], 0);
}
