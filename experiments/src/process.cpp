#include "landscape/experiments/process.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace landscape::experiments {

double busy_cores(int milliseconds) {
  auto sample = [](double* busy, double* total) {
    std::ifstream in("/proc/stat");
    std::string cpu;
    double v[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (!(in >> cpu) || cpu != "cpu") return false;
    for (double& x : v) in >> x;
    *total = v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
    *busy = *total - v[3] - v[4];  // all but idle and iowait
    return static_cast<bool>(in);
  };
  double b0 = 0, t0 = 0, b1 = 0, t1 = 0;
  if (!sample(&b0, &t0)) return 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(milliseconds));
  if (!sample(&b1, &t1) || t1 <= t0) return 0;
  return (b1 - b0) / (t1 - t0) * std::max(1u, std::thread::hardware_concurrency());
}

void settle_openmp_waiting(char** argv) {
  if (std::getenv("GOMP_SPINCOUNT") || std::getenv("OMP_WAIT_POLICY")) return;
  setenv("GOMP_SPINCOUNT", busy_cores() >= 0.5 ? "1000" : "10000", 1);
  execv("/proc/self/exe", argv);  // only returns on failure: go on with libgomp's default
}

}  // namespace landscape::experiments
