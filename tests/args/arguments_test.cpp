#include "arguments.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "landscape/spec/error.hpp"

using landscape::InputError;
using landscape::cli::Arguments;

namespace {
Arguments make() {
  Arguments a("demo", "A demo command.");
  a.add("--arch", "LIST", "widths", "", true).add("--seed", "S", "seed", "0").add_flag("--json", "json");
  return a;
}
bool parse(Arguments& a, std::vector<const char*> argv) {
  argv.insert(argv.begin(), "demo");
  return a.parse(static_cast<int>(argv.size()), argv.data(), 1);
}
}  // namespace

TEST(Arguments, ValuesDefaultsAndFlags) {
  auto a = make();
  ASSERT_TRUE(parse(a, {"--arch", "3,2,1", "--json"}));
  EXPECT_EQ(a.get("--arch"), "3,2,1");
  EXPECT_EQ(a.get_unsigned("--seed"), 0u);
  EXPECT_TRUE(a.flag("--json"));
  EXPECT_FALSE(a.given("--seed"));
  auto b = make();
  ASSERT_TRUE(parse(b, {"--arch=4,1", "--seed=17"}));
  EXPECT_EQ(b.get("--arch"), "4,1");
  EXPECT_EQ(b.get_unsigned("--seed"), 17u);
  EXPECT_FALSE(b.flag("--json"));
}

// The command's description is wrapped at 80 columns at spaces, its own line breaks kept.
TEST(Arguments, HelpWrapsTheDescription) {
  std::string words;
  for (int k = 0; k < 40; ++k) words += "word" + std::to_string(k) + " ";
  Arguments a("wrap", words + "\nsecond paragraph");
  const auto help = a.help();
  const auto begin = help.find("word0"), end = help.find("\n\noptions:");
  ASSERT_NE(begin, std::string::npos);
  std::istringstream lines(help.substr(begin, end - begin));
  std::string line, joined;
  int count = 0;
  while (std::getline(lines, line)) {
    EXPECT_LE(line.size(), 80u) << line;
    joined += (joined.empty() ? "" : " ") + line;
    ++count;
  }
  EXPECT_GE(count, 4);
  EXPECT_EQ(joined, words + "second paragraph");
  EXPECT_NE(help.find("word39\nsecond paragraph"), std::string::npos);
}

TEST(Arguments, HelpReturnsFalseAndListsOptions) {
  auto a = make();
  EXPECT_FALSE(parse(a, {"--help"}));
  const auto help = a.help();
  EXPECT_NE(help.find("usage: landscape demo"), std::string::npos);
  EXPECT_NE(help.find("--seed S"), std::string::npos);
  EXPECT_NE(help.find("(default: 0)"), std::string::npos);
  EXPECT_NE(help.find("(required)"), std::string::npos);
}

TEST(Arguments, MisuseIsAnInputError) {
  auto msg = [](std::vector<const char*> argv) {
    auto a = make();
    try {
      parse(a, argv);
      a.get_unsigned("--seed");
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(msg({"--arch", "1,1", "--bogus"}).find("unknown option '--bogus'"), std::string::npos);
  EXPECT_NE(msg({"--seed", "1"}).find("--arch LIST is required"), std::string::npos);
  EXPECT_NE(msg({"--arch"}).find("needs a value"), std::string::npos);
  EXPECT_NE(msg({"--arch", "1", "--arch", "2"}).find("given twice"), std::string::npos);
  EXPECT_NE(msg({"--arch", "1", "--json=1"}).find("takes no value"), std::string::npos);
  EXPECT_NE(msg({"--arch", "1", "--seed", "-3"}).find("not a non-negative integer"), std::string::npos);
}

TEST(ParseRange, EquallySpacedAndRejectsMalformedRanges) {
  const auto v = landscape::cli::parse_range("--x", "-1:1:5");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_DOUBLE_EQ(v[1], -0.5);
  EXPECT_DOUBLE_EQ(v[4], 1.0);
  EXPECT_EQ(landscape::cli::parse_range("--x", "2:2:1"), std::vector<double>{2.0});
  for (const char* bad : {"1:0:3", "a:1:3", "-1:1", "-1:1:0", "-1:1:x", "nan:1:3"})
    EXPECT_THROW(landscape::cli::parse_range("--x", bad), landscape::InputError) << bad;
}

// A program without subcommands (proofs-check) names itself in usage and errors.
TEST(Arguments, ProgramWithoutSubcommands) {
  Arguments a("", "Checks claims.", "proofs-check");
  a.add_flag("--quick", "quick");
  std::vector<const char*> argv = {"proofs-check", "--bogus"};
  try {
    a.parse(2, argv.data(), 1);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "proofs-check: unknown option '--bogus' (see proofs-check --help)");
  }
  EXPECT_EQ(a.help().rfind("usage: proofs-check [options]\n", 0), 0u);
}

TEST(Arguments, IntegerListsAndSaturatingInts) {
  EXPECT_EQ(landscape::cli::parse_int_list("--at", "0,4,10", 0), (std::vector<int>{0, 4, 10}));
  EXPECT_THROW(landscape::cli::parse_int_list("--at", "0,4", 1), InputError);
  EXPECT_THROW(landscape::cli::parse_int_list("--at", "1,,2"), InputError);
  auto a = make();
  ASSERT_TRUE(parse(a, {"--arch", "1", "--seed", "99999999999"}));
  EXPECT_EQ(a.get_int("--seed"), std::numeric_limits<int>::max());
}

// Bound options fill their fields when given, keep them otherwise, and show them as defaults.
TEST(Arguments, BoundOptionsFillTheirFields) {
  int n = 3;
  double x = 0.25;
  std::uint64_t seed = 7;
  std::string name = "main";
  std::vector<int> epochs = {0, 10};
  bool on = false;
  Arguments a("demo", "A demo command.");
  a.bind("--n", "N", "count", n).bind("--x", "X", "size", x).bind("--seed", "S", "seed", seed)
      .bind("--name", "S", "name", name).bind("--at", "LIST", "epochs", epochs, 0).bind_flag("--on", "switch", on);
  const auto help = a.help();
  for (const char* shown : {"(default: 3)", "(default: 0.25)", "(default: 7)", "(default: main)", "(default: 0,10)"})
    EXPECT_NE(help.find(shown), std::string::npos) << shown;
  ASSERT_TRUE(parse(a, {"--x", "1e-3", "--at", "0,5,200", "--on"}));
  EXPECT_EQ(n, 3);
  EXPECT_EQ(x, 1e-3);
  EXPECT_EQ(seed, 7u);
  EXPECT_EQ(name, "main");
  EXPECT_EQ(epochs, (std::vector<int>{0, 5, 200}));
  EXPECT_TRUE(on);
  Arguments b("demo", "A demo command.");
  b.bind("--n", "N", "count", n);
  EXPECT_THROW(parse(b, {"--n", "-1"}), InputError);
  EXPECT_EQ(n, 3);
}
