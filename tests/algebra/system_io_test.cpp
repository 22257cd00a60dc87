#include "landscape/algebra/system_io.hpp"

#include <gtest/gtest.h>

#include "landscape/algebra/export.hpp"

using namespace landscape;
using namespace landscape::algebra;

TEST(SystemIo, PhcpackMultilinePolynomialsDecimalsAndTitle) {
  const std::string text =
      "2\n x^2 + 1.5E-1*y\n - 3;\n x**3*y - 1/2;\n\nTITLE : a test\n";
  const auto s = parse_system(text, SystemFormat::PHCpack);
  ASSERT_EQ(s.ring->names(), (std::vector<std::string>{"x", "y"}));
  Poly expected(s.ring);
  ASSERT_TRUE(Poly::parse("x^2 + 3/20*y - 3", s.ring, expected));
  EXPECT_TRUE(s.equations[0] == expected);
  ASSERT_TRUE(Poly::parse("x^3*y - 1/2", s.ring, expected));
  EXPECT_TRUE(s.equations[1] == expected);
}

TEST(SystemIo, PhcpackHeaderWithUnknownsAndErrors) {
  EXPECT_EQ(parse_system("1 2\n x*y - 1;\n", SystemFormat::PHCpack).ring->variables(), 2u);
  EXPECT_THROW(parse_system("1 3\n x*y - 1;\n", SystemFormat::PHCpack), InputError);
  EXPECT_THROW(parse_system("2\n x - 1;\n", SystemFormat::PHCpack), InputError);        // one missing
  EXPECT_THROW(parse_system("x - 1;\n", SystemFormat::PHCpack), InputError);            // no count
  EXPECT_THROW(parse_system("1\n x + i*y;\n", SystemFormat::PHCpack), InputError);      // complex
  EXPECT_THROW(parse_system("1\n x + * 2;\n", SystemFormat::PHCpack), InputError);      // garbage
  // A count of unknowns past 2^63 had escaped as std::out_of_range (exit 1) from std::stol.
  EXPECT_THROW(parse_system("1 99999999999999999999\n x - 1;\n", SystemFormat::PHCpack), InputError);
}

// What `landscape system --format m2|phc` writes, read back, is the same system (PHCpack gets
// the primitive integer multiples, so compare up to a constant factor).
TEST(SystemIo, ReadsWhatTheExportWrites) {
  const auto net = NetSpec::parse("2,2,1", Activation::parse("poly:0,1/2,1/3"), true);
  const auto s = zero_loss_system(net, random_points(3, 2, 1), random_labels(3, 1, 2));
  const auto m2 = parse_system(export_system(s, ExportFormat::Macaulay2), SystemFormat::Macaulay2);
  ASSERT_EQ(m2.ring->names(), s.ring->names());
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(m2.equations[i].to_string(), s.equations[i].to_string());
  const auto phc = parse_system(export_system(s, ExportFormat::PHCpack), SystemFormat::PHCpack);
  ASSERT_EQ(phc.equations.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(phc.equations[i].terms(), s.equations[i].terms());
    EXPECT_EQ(phc.equations[i].total_degree(), s.equations[i].total_degree());
  }
}

// Declared names are identifiers, each declared once (found by macaulay2_fuzz: a ring
// "QQ[x, y, x*y]" was accepted, and its export read back as another system).
TEST(SystemIo, Macaulay2RingNamesAreIdentifiers) {
  const auto m2 = SystemFormat::Macaulay2;
  EXPECT_THROW(parse_system("R = QQ[w1, b1, w1*b1];\nI = ideal(w1 - 1, b1);\n", m2), InputError);
  EXPECT_THROW(parse_system("R = QQ[x, x];\nI = ideal(x - 1, x);\n", m2), InputError);
  EXPECT_THROW(parse_system("R = QQ[1x];\nI = ideal(x);\n", m2), InputError);
  const auto ok = parse_system("R = QQ[w1_1_1, b1_1, MonomialOrder => Lex];\nI = ideal(w1_1_1 - 1, b1_1);\n", m2);
  EXPECT_EQ(ok.ring->names(), (std::vector<std::string>{"w1_1_1", "b1_1"}));
}
