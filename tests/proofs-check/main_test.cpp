// The proofs-check executable (proofs-check/src/main.cpp) end to end.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(ProofsCheck, QuickBatteryPasses) {
  const std::string binary = std::string(LANDSCAPE_BINARY);
  const std::string proofs = binary.substr(0, binary.rfind('/')) + "/proofs-check";
  const std::string json = ::testing::TempDir() + "report.json", md = ::testing::TempDir() + "report.md";
  const int raw = std::system((proofs + " --quick --json " + json + " --markdown " + md + " >/dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(raw), 0);
  const auto j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["ok"], true);
  EXPECT_GE(j["claims"].size(), 10u);
  EXPECT_NE(slurp(md).find("| `cooper-prop-2.3` |"), std::string::npos);
  EXPECT_EQ(WEXITSTATUS(std::system((proofs + " --only nonsense 2>/dev/null").c_str())), 2);
}

// Options through the shared parser: one error line, exit 2; --list names every claim.
TEST(ProofsCheck, OptionsAndList) {
  const std::string binary = std::string(LANDSCAPE_BINARY);
  const std::string proofs = binary.substr(0, binary.rfind('/')) + "/proofs-check";
  const std::string base = ::testing::TempDir() + std::to_string(::getpid()) + "_proofs";
  const int raw = std::system((proofs + " --bogus >" + base + ".out 2>" + base + ".err").c_str());
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  EXPECT_EQ(slurp(base + ".err"), "error: proofs-check: unknown option '--bogus' (see proofs-check --help)\n");
  ASSERT_EQ(WEXITSTATUS(std::system((proofs + " --list >" + base + ".out").c_str())), 0);
  const std::string list = slurp(base + ".out");
  EXPECT_NE(list.find("cooper-prop-2.3\tCooper 2018, Prop. 2.3"), std::string::npos) << list;
  EXPECT_EQ(WEXITSTATUS(std::system((proofs + " --help >" + base + ".out").c_str())), 0);
  EXPECT_EQ(slurp(base + ".out").rfind("usage: proofs-check [options]", 0), 0u);
}
