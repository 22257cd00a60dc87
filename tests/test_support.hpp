// Helpers shared by the test files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
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

// The critical-point system grad L = 0 of a regularized linear network 2 -> d1 -> d2 with one data
// point, L = 1/2 |W2 W1 x - y|^2 + 1/2 sum_j lambda_j w_j^2, x = (3/7, -5/11), y = (4/5, -1/3, 7/13)
// (the first d2), lambda_j = (17 + 3j) / (23 + 5j^2) for the weights a_ji of W1 and then b_kj of W2,
// row by row, in PHCpack format (unknowns in that order). `scaled`: each equation multiplied by the
// least common multiple of the denominators in it, the form in which such systems are usually
// written (same solutions). PHCpack (phc -b) finds 33 regular solutions, 5 real, for 2 -> 2 -> 2,
// and 73 regular, 5 real, for 2 -> 2 -> 3, in either form.
inline std::string regularized_linear_network_system(int d1, int d2, bool scaled) {
  struct Q {
    long n, d;
    std::string text() const { return d == 1 ? "(" + std::to_string(n) + ")" : "(" + std::to_string(n) + "/" + std::to_string(d) + ")"; }
  };
  const Q x[2] = {{3, 7}, {-5, 11}}, y[3] = {{4, 5}, {-1, 3}, {7, 13}};
  std::vector<std::string> W1, W2;  // names a_ji, b_kj
  for (int j = 0; j < d1; ++j)
    for (int i = 0; i < 2; ++i) W1.push_back("a" + std::to_string(j) + std::to_string(i));
  for (int k = 0; k < d2; ++k)
    for (int j = 0; j < d1; ++j) W2.push_back("b" + std::to_string(k) + std::to_string(j));
  const auto lambda = [](long n) {
    const long g = std::gcd(17 + 3 * n, 23 + 5 * n * n);
    return Q{(17 + 3 * n) / g, (23 + 5 * n * n) / g};
  };
  std::vector<std::string> h, r;
  for (int j = 0; j < d1; ++j) h.push_back(x[0].text() + "*" + W1[2 * j] + " + " + x[1].text() + "*" + W1[2 * j + 1]);
  for (int k = 0; k < d2; ++k) {
    std::string sum;
    for (int j = 0; j < d1; ++j) sum += (j ? " + " : "") + W2[k * d1 + j] + "*(" + h[j] + ")";
    r.push_back("(" + sum + " - " + y[k].text() + ")");
  }
  long data_lcm = std::lcm(x[0].d, x[1].d);
  for (int k = 0; k < d2; ++k) data_lcm = std::lcm(data_lcm, y[k].d);
  std::string out = std::to_string(W1.size() + W2.size()) + "\n";
  const auto emit = [&](const std::string& e, long factor) {
    out += " " + (scaled ? std::to_string(factor) + "*(" + e + ")" : e) + ";\n";
  };
  for (int j = 0; j < d1; ++j)
    for (int i = 0; i < 2; ++i) {
      const Q l = lambda(2 * j + i);
      std::string e;
      for (int k = 0; k < d2; ++k) e += r[k] + "*" + W2[k * d1 + j] + "*" + x[i].text() + " + ";
      emit(e + l.text() + "*" + W1[2 * j + i], std::lcm(data_lcm, l.d));
    }
  for (int k = 0; k < d2; ++k)
    for (int j = 0; j < d1; ++j) {
      const Q l = lambda(static_cast<long>(W1.size()) + k * d1 + j);
      emit(r[k] + "*(" + h[j] + ") + " + l.text() + "*" + W2[k * d1 + j],
           std::lcm(std::lcm(std::lcm(x[0].d, x[1].d), y[k].d), l.d));
    }
  return out;
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
