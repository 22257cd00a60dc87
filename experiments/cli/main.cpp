// landscape: the command-line front end. It parses, calls the libraries, prints results.
//
// Exit status: 0 success, 2 bad input (one line `error: ...` on stderr), 1 runtime failure.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "commands.hpp"
#include "landscape/experiments/ranks.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::cli {

namespace {
std::vector<Command> all_commands() {
  std::vector<Command> commands;
#ifdef LANDSCAPE_WITH_ALGEBRA
  for (auto& c : algebra_commands()) commands.push_back(std::move(c));
  for (auto& c : manifold_commands()) commands.push_back(std::move(c));
  for (auto& c : solve_commands()) commands.push_back(std::move(c));
  for (auto& c : relu_commands()) commands.push_back(std::move(c));
#endif
#ifdef LANDSCAPE_WITH_TORCH
  for (auto& c : train_commands()) commands.push_back(std::move(c));
  for (auto& c : probe_commands()) commands.push_back(std::move(c));
#endif
  return commands;
}

// Cores busy with other processes right now: the non-idle share of all cores over 100 ms, from
// /proc/stat (this process is still idle here). 0 when /proc/stat cannot be read.
double busy_cores() {
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
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (!sample(&b1, &t1) || t1 <= t0) return 0;
  return (b1 - b0) / (t1 - t0) * std::max(1u, std::thread::hardware_concurrency());
}

// OpenMP workers (LibTorch's convolutions) wait for each other at every parallel region; libgomp's
// default is to spin 300,000 times first. When another process holds a core, a descheduled worker
// keeps the others spinning: a DCNN epoch took 4.7 s alone and 17-22 s beside one busy process
// on 2 cores. A spin count of 10,000 costs nothing alone and gives 12 s beside it; 1,000 gives
// 9.5 s beside it but 6.0 s alone (docs/benchmarks.md, "Busy cores"). So a LibTorch command looks
// at the cores once: 1,000 when at least half a core is busy elsewhere, else 10,000. libgomp reads
// GOMP_SPINCOUNT when it is loaded, before main, so the command sets it and executes itself again,
// once. A policy the user set (GOMP_SPINCOUNT or OMP_WAIT_POLICY) is kept. The spin count changes
// no result, only waiting; the number of threads stays what --threads says.
void settle_openmp_waiting(const std::string& command, char** argv) {
#ifdef LANDSCAPE_WITH_TORCH
  bool uses_torch = false;
  for (const auto& group : {train_commands(), probe_commands()})
    for (const auto& c : group) uses_torch = uses_torch || c.name == command;
  if (!uses_torch || std::getenv("GOMP_SPINCOUNT") || std::getenv("OMP_WAIT_POLICY")) return;
  setenv("GOMP_SPINCOUNT", busy_cores() >= 0.5 ? "1000" : "10000", 1);
  execv("/proc/self/exe", argv);  // only returns on failure: go on with libgomp's default
#else
  (void)command;
  (void)argv;
#endif
}

void usage(const std::vector<Command>& commands) {
  std::cout << "usage: landscape <command> [options]\n\n"
               "Theory-and-symbolics companion to papers on the loss landscape of\n"
               "overparametrized networks. `landscape <command> --help` describes each command.\n\n"
               "commands:\n";
  for (const auto& c : commands) {
    std::string left = "  " + c.name;
    std::cout << left << std::string(left.size() < 14 ? 14 - left.size() : 1, ' ') << c.summary
              << "\n";
  }
}
}  // namespace

}  // namespace landscape::cli

int main(int argc, char** argv) {
  using namespace landscape::cli;
  if (argc >= 2) settle_openmp_waiting(argv[1], argv);
  landscape::experiments::MpiSession mpi(&argc, &argv);
  const auto commands = all_commands();
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
      std::string(argv[1]) == "help") {
    usage(commands);
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  try {
    for (const auto& c : commands)
      if (c.name == name) return c.run(argc - 1, argv + 1);
    throw landscape::InputError("unknown command '" + name + "' (see landscape --help)");
  } catch (const landscape::FieldError& e) {
    std::cerr << "error: " << flag_of_field(e.field()) << " " << e.rule() << "\n";
    return 2;
  } catch (const landscape::InputError& e) {
    std::cerr << "error: " << one_line_message(e) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << one_line_message(e) << "\n";
    return 1;
  }
}
