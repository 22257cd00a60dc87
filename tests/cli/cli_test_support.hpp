// Helpers of the end-to-end tests of the `landscape` binary (one test file per command group,
// tests/cli/<group>_test.cpp for experiments/cli/<group>.cpp): run the binary, check exit codes
// and error lines.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.hpp"

namespace landscape::cli_testing {

using landscape::testing::write_temp;

struct Outcome {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `landscape ARGUMENTS`, capturing stdout and stderr.
inline Outcome run(const std::string& arguments) {
  static int counter = 0;
  // ctest runs each test in its own process, in parallel: the pid keeps their files apart.
  const std::string base = ::testing::TempDir() + "landscape_run_" + std::to_string(::getpid()) +
                           "_" + std::to_string(counter++);
  const std::string command = std::string(LANDSCAPE_BINARY) + " " + arguments + " >" + base +
                              ".out 2>" + base + ".err";
  Outcome r;
  const int raw = std::system(command.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  return r;
}

// Bad input: exit 2, nothing on stdout, and stderr's last line is one `error: ...` line.
inline void expect_input_error(const std::string& arguments, const std::string& fragment) {
  const Outcome r = run(arguments);
  EXPECT_EQ(r.status, 2) << arguments << "\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << arguments;
  const auto pos = r.err.rfind("error: ");
  ASSERT_NE(pos, std::string::npos) << arguments << "\n" << r.err;
  const std::string line = r.err.substr(pos);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line: " << line;
  EXPECT_NE(line.find(fragment), std::string::npos) << line;
}

// A small generated classification data set for training tests.
inline const char* const kTinyData = "--dataset synthetic:d=6,n=400,test=100,teacher=8,classes=3,seed=1";

// A fresh (removed) directory for one run of this process.
inline std::string run_dir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "landscape_train_" + std::to_string(::getpid()) + "_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace landscape::cli_testing
