// Helpers shared by the test files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <unistd.h>

#include "landscape/spec/dataset.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::testing {

// Writes `content` to a file in the test temporary directory and returns its path. ctest runs
// tests in parallel processes: the pid keeps their files apart.
inline std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = ::testing::TempDir() + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path) << content;
  return path;
}

// A path in the test temporary directory for this process and `name`, with nothing there yet
// (an earlier run's leftovers are removed); fresh_temp_dir also creates it as an empty directory.
inline std::string fresh_temp_path(const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) / ("landscape_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(path);
  return path.string();
}
inline std::string fresh_temp_dir(const std::string& name) {
  const std::string dir = fresh_temp_path(name);
  std::filesystem::create_directories(dir);
  return dir;
}

// Iterations of a randomized test: `base`, times the environment's LANDSCAPE_TEST_MULTIPLIER (a
// positive integer, default 1), as FLINT's FLINT_TEST_MULTIPLIER scales its randomized tests.
inline int test_iterations(int base) {
  const char* m = std::getenv("LANDSCAPE_TEST_MULTIPLIER");
  const long factor = m ? std::strtol(m, nullptr, 10) : 1;
  return base * static_cast<int>(factor > 0 ? std::min(factor, 100000L) : 1);
}

// K small random rationals from `seed`: a parameter vector for a test network.
inline std::vector<Rational> random_weights(std::size_t K, std::uint64_t seed) {
  std::vector<Rational> w;
  for (const auto& row : random_labels(K, 1, seed)) w.push_back(row[0]);
  return w;
}

// The field of the FieldError that `f` throws, or "" when it throws none.
inline std::string field_of_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const FieldError& e) {
    return e.field();
  }
  return "";
}

}  // namespace landscape::testing
