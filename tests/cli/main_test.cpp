// The `landscape` front end (experiments/cli/main.cpp): help, unknown commands, one error line and
// exit 2 for bad input, atomic --out.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_test_support.hpp"

using namespace landscape::cli_testing;

TEST(Cli, HelpEverywhere) {
  EXPECT_EQ(run("--help").status, 0);
  for (const char* command : {"system", "dim"}) {
    const Outcome r = run(std::string(command) + " --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("usage: landscape " + std::string(command)), std::string::npos);
  }
}

// Bad input, one case per test: exit 2, nothing on stdout, one `error:` line naming the problem.
// FILE:NAME:CONTENT in the arguments is replaced by a temporary file with that content.
struct BadInput {
  const char* arguments;
  const char* fragment;
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << b.arguments; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, GetsOneErrorLineAndExit2) {
  std::string arguments = GetParam().arguments;
  const auto at = arguments.find("FILE:");
  if (at != std::string::npos) {
    const auto colon = arguments.find(':', at + 5), end = arguments.find(' ', colon);
    std::string content = arguments.substr(colon + 1, end == std::string::npos ? std::string::npos : end - colon - 1);
    for (std::size_t k; (k = content.find("\\n")) != std::string::npos;) content.replace(k, 2, "\n");
    const auto path = write_temp(arguments.substr(at + 5, colon - at - 5), content);
    arguments.replace(at, (end == std::string::npos ? arguments.size() : end) - at, path);
  }
  expect_input_error(arguments, GetParam().fragment);
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliBadInput,
    ::testing::Values(
        BadInput{"system --arch 3,,1 --data random:n=2", "--arch"},
        BadInput{"system --arch 3,2,1 --act tanh --data random:n=2", "unknown activation"},
        BadInput{"system --arch 3,2,1 --act relu --data random:n=2", "not a polynomial"},
        BadInput{"system --arch 3,2,1 --act poly:1,x --data random:n=2", "coefficient 'x'"},
        BadInput{"system --data random:n=2", "--arch LIST is required"},
        BadInput{"system --arch 3,2,1 --data random:n=2 --bogus", "unknown option"},
        BadInput{"frobnicate", "unknown command"},
        BadInput{"system --arch 3,2,1 --data FILE:missing_column.csv:1,2,3,4\\n1,2\\n", "line 2"},
        BadInput{"system --arch 3,2,1 --data FILE:word.csv:1,2,3\\n1,two,3\\n", "'two' is not a number"},
        BadInput{"system --arch 3,2,1 --data /nonexistent.csv", "cannot read"},
        BadInput{"dim --arch 3,2,1 --data random:n=2 --teacher FILE:short_teacher.txt:1\\n2\\n",
                 "2 numbers, but the network has 11 parameters"},
        BadInput{"system --arch 3,2,1 --data FILE:labelled.csv:1,2,3,4\\n --labels random:seed=1", "labels given more than once"},
        BadInput{"dim --arch 3,2,1 --data random:n=2 --seed -1", "--seed"},
        BadInput{"system --arch 3,2,1 --data random:n=2 --format maple", "--format"}));

TEST(Cli, OutWritesAtomicallyAndBadInputKeepsTheOldFile) {
  const std::string out = ::testing::TempDir() + "system_out.json";
  std::filesystem::remove(out);
  ASSERT_EQ(run("system --arch 2,1,1 --data random:n=2 --json --out " + out).status, 0);
  const std::string first = slurp(out);
  EXPECT_EQ(nlohmann::json::parse(first)["parameters"], 5);
  EXPECT_EQ(run("system --arch 2,x,1 --data random:n=2 --json --out " + out).status, 2);
  EXPECT_EQ(slurp(out), first);
}

