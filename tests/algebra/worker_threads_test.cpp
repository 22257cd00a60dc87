#include "worker_threads.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

using landscape::algebra::run_worker_threads;

// Every item is done once, whichever thread takes it.
TEST(WorkerThreads, EveryItemOnce) {
  std::vector<std::atomic<int>> done(1000);
  std::atomic<std::size_t> next{0};
  run_worker_threads(4, [&] {
    for (std::size_t k; (k = next++) < done.size();) ++done[k];
  });
  for (const auto& d : done) EXPECT_EQ(d.load(), 1);
}

// An exception in a worker thread reaches the caller after every thread joined (it used to call
// std::terminate: exit 134, no error line).
TEST(WorkerThreads, AnExceptionInAWorkerIsRethrownHere) {
  std::atomic<int> started{0};
  std::atomic<std::size_t> next{0};
  EXPECT_THROW(run_worker_threads(3,
                                  [&] {
                                    ++started;
                                    for (std::size_t k; (k = next++) < 100;)
                                      if (k == 50) throw std::runtime_error("path 50 failed");
                                  }),
               std::runtime_error);
  EXPECT_EQ(started.load(), 3);
  EXPECT_GE(next.load(), 100u);  // the others finished the remaining items
}
