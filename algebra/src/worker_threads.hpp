// Worker threads for path tracking and monodromy: `threads` copies of a worker (this thread runs
// one), all joined before returning. An exception in any of them no longer calls std::terminate:
// the first is carried out with std::exception_ptr and rethrown here once every thread has
// joined (the others finish their loops).
#pragma once

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace landscape::algebra {

template <class Worker>
void run_worker_threads(unsigned threads, Worker&& worker) {
  std::exception_ptr first;
  std::mutex guard;
  auto safe = [&] {
    try {
      worker();
    } catch (...) {
      const std::lock_guard<std::mutex> lock(guard);
      if (!first) first = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(safe);
  safe();
  for (auto& t : pool) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace landscape::algebra
