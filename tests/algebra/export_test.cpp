#include "landscape/algebra/export.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace landscape;
using namespace landscape::algebra;

namespace {
PolynomialSystem small_system() {
  const auto net = NetSpec::parse("2,2,1", Activation::parse("poly:0,1/2,1/3"), true);
  return zero_loss_system(net, random_points(3, 2, 1), random_labels(3, 1, 2));
}

// The lines of `text` between the first line starting with `begin` and the last polynomial,
// stripped of indentation and a trailing ',' or ';'.
std::vector<std::string> polynomial_lines(const std::string& text, const std::string& begin,
                                          std::size_t count) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line) && line.rfind(begin, 0) != 0) {}
  std::vector<std::string> out;
  while (out.size() < count && std::getline(in, line)) {
    line = line.substr(line.find_first_not_of(' '));
    if (!line.empty() && (line.back() == ',' || line.back() == ';')) line.pop_back();
    out.push_back(line);
  }
  return out;
}

void expect_same_equations(const PolynomialSystem& s, const std::vector<std::string>& lines) {
  ASSERT_EQ(lines.size(), s.equations.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Poly p(s.ring);
    ASSERT_TRUE(Poly::parse(lines[i], s.ring, p)) << lines[i];
    EXPECT_TRUE(p == s.equations[i]) << lines[i];
  }
}
}  // namespace

TEST(Export, JsonRoundTrips) {
  const auto s = small_system();
  const auto j = nlohmann::json::parse(export_system(s, ExportFormat::Json));
  EXPECT_EQ(j["variables"].get<std::vector<std::string>>(), s.ring->names());
  expect_same_equations(s, j["equations"].get<std::vector<std::string>>());
}

TEST(Export, Macaulay2AndSingularRoundTrip) {
  const auto s = small_system();
  const auto m2 = export_system(s, ExportFormat::Macaulay2);
  EXPECT_EQ(m2.rfind("R = QQ[w1_1_1, w1_1_2, w1_2_1", 0), 0u);
  expect_same_equations(s, polynomial_lines(m2, "I = ideal(", 3));
  const auto sing = export_system(s, ExportFormat::Singular);
  EXPECT_EQ(sing.rfind("ring r = 0, (w1_1_1", 0), 0u);
  expect_same_equations(s, polynomial_lines(sing, "ideal I =", 3));
}

// PHCpack gets the primitive integer multiple of each equation: the same polynomial up to a
// non-zero rational factor, with integer coefficients.
TEST(Export, PhcpackHasIntegerMultiplesOfTheEquations) {
  const auto s = small_system();
  const auto phc = export_system(s, ExportFormat::PHCpack);
  EXPECT_EQ(phc.substr(0, phc.find('\n')), "3 9");
  const auto lines = polynomial_lines("\n" + phc.substr(phc.find('\n') + 1), "", 3);
  ASSERT_EQ(lines.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].find('/'), std::string::npos) << lines[i];
    Poly p(s.ring);
    ASSERT_TRUE(Poly::parse(lines[i], s.ring, p));
    Poly a = p, b = s.equations[i];
    fmpq_mpoly_make_monic(a.get(), a.get(), s.ring->ctx());
    fmpq_mpoly_make_monic(b.get(), b.get(), s.ring->ctx());
    EXPECT_TRUE(a == b) << lines[i];
  }
}

TEST(Export, UnknownFormatIsAnInputError) {
  EXPECT_THROW(parse_export_format("maple"), InputError);
  EXPECT_EQ(parse_export_format("phc"), ExportFormat::PHCpack);
}
