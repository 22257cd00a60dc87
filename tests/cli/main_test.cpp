// The `landscape` front end (experiments/cli/main.cpp): help, unknown commands, one error line and
// exit 2 for bad input, atomic --out.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
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

TEST(Cli, BadInputGetsOneErrorLineAndExit2) {
  expect_input_error("system --arch 3,,1 --data random:n=2", "--arch");
  expect_input_error("system --arch 3,2,1 --act tanh --data random:n=2", "unknown activation");
  expect_input_error("system --arch 3,2,1 --act relu --data random:n=2", "not a polynomial");
  expect_input_error("system --arch 3,2,1 --act poly:1,x --data random:n=2", "coefficient 'x'");
  expect_input_error("system --data random:n=2", "--arch LIST is required");
  expect_input_error("system --arch 3,2,1 --data random:n=2 --bogus", "unknown option");
  expect_input_error("frobnicate", "unknown command");
  const auto missing = write_temp("missing_column.csv", "1,2,3,4\n1,2\n");
  expect_input_error("system --arch 3,2,1 --data " + missing, "line 2");
  const auto word = write_temp("word.csv", "1,2,3\n1,two,3\n");
  expect_input_error("system --arch 3,2,1 --data " + word, "'two' is not a number");
  expect_input_error("system --arch 3,2,1 --data /nonexistent.csv", "cannot read");
  const auto short_teacher = write_temp("short_teacher.txt", "1\n2\n");
  expect_input_error("dim --arch 3,2,1 --data random:n=2 --teacher " + short_teacher,
                     "2 numbers, but the network has 11 parameters");
  const auto labelled = write_temp("labelled.csv", "1,2,3,4\n");
  expect_input_error("system --arch 3,2,1 --data " + labelled + " --labels random:seed=1",
                     "labels given more than once");
  expect_input_error("dim --arch 3,2,1 --data random:n=2 --seed -1", "--seed");
  expect_input_error("system --arch 3,2,1 --data random:n=2 --format maple", "--format");
}

TEST(Cli, OutWritesAtomicallyAndBadInputKeepsTheOldFile) {
  const std::string out = ::testing::TempDir() + "system_out.json";
  std::filesystem::remove(out);
  ASSERT_EQ(run("system --arch 2,1,1 --data random:n=2 --json --out " + out).status, 0);
  const std::string first = slurp(out);
  EXPECT_EQ(nlohmann::json::parse(first)["parameters"], 5);
  EXPECT_EQ(run("system --arch 2,x,1 --data random:n=2 --json --out " + out).status, 2);
  EXPECT_EQ(slurp(out), first);
}

