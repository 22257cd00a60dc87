// Process settings (experiments/src/process.cpp): the look at the cores, and the OpenMP waiting
// policy that a user's setting overrides.
#include "landscape/experiments/process.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>

using namespace landscape::experiments;

// A thread of this process spinning is a busy core: at least most of one is seen as busy (more
// when the machine is loaded), never more than the machine has.
TEST(Process, BusyCoresSeesASpinningThread) {
  std::atomic<bool> stop{false};
  std::thread spinner([&] {
    volatile unsigned long x = 0;
    while (!stop.load(std::memory_order_relaxed)) x = x + 1;
  });
  const double busy = busy_cores(300);
  stop = true;
  spinner.join();
  EXPECT_GE(busy, 0.7);
  EXPECT_LE(busy, static_cast<double>(std::thread::hardware_concurrency()) + 0.01);
}

// A policy already set (the user's, or the first execution's) is kept: no second execution, the
// variable unchanged. (Were it executed again, this test process would be replaced and fail.)
TEST(Process, AWaitPolicyAlreadySetIsKept) {
  setenv("GOMP_SPINCOUNT", "12345", 1);
  char name[] = "process_test";
  char* argv[] = {name, nullptr};
  settle_openmp_waiting(argv);
  EXPECT_EQ(std::string(std::getenv("GOMP_SPINCOUNT")), "12345");
  unsetenv("GOMP_SPINCOUNT");
  setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
  settle_openmp_waiting(argv);
  EXPECT_EQ(std::getenv("GOMP_SPINCOUNT"), nullptr);
  unsetenv("OMP_WAIT_POLICY");
}
