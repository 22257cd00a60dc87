// Benchmark of the homotopy solver against PHCpack's blackbox solver on the same system, in the
// same run on the same machine.
//
//   build/bin/bench-homotopy [--n 7] [--system FILE] [--start auto|total-degree|polyhedral]
//                            [--cauchy on|off] [--root-counts]
//
// Solves cyclic-n (n = 7: 5040 total-degree paths, mixed volume 924, 924 solutions of which 56
// real), or the PHCpack file FILE, with our homotopy (`solve`'s start system choice, auto by
// default) on one thread and on every core, then runs `phc -b` (Debian package phcpack:
// polyhedral homotopy) on the same text, and prints the times and the ratios. Without phc on the
// PATH, only our times are printed. `--cauchy off` turns the Cauchy endgame off (to time it);
// `--root-counts` prints the Bezout number, the mixed volume with the origin and the stable mixed
// volume, and the time they took, and solves nothing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <unistd.h>

#include "landscape/algebra/certify.hpp"
#include "landscape/algebra/homotopy.hpp"
#include "landscape/algebra/mixed_volume.hpp"
#include "landscape/algebra/system_io.hpp"

using namespace landscape::algebra;

namespace {
double seconds_of(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

std::string bezout(const PolynomialSystem& system) {
  const auto d = NumericSystem(system).degrees();
  return product_of_degrees(std::vector<long long>(d.begin(), d.end()));
}

int main(int argc, char** argv) {
  int n = 7;
  std::string file, start = "auto";
  bool cauchy = true, root_counts = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--root-counts")) {
      root_counts = true;
      continue;
    }
    if (i + 1 == argc) break;
    if (!std::strcmp(argv[i], "--n")) n = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--system")) file = argv[i + 1];
    if (!std::strcmp(argv[i], "--start")) start = argv[i + 1];
    if (!std::strcmp(argv[i], "--cauchy")) cauchy = std::strcmp(argv[i + 1], "off") != 0;
    ++i;
  }
  std::string text = cyclic_system_text(n), name = "cyclic-" + std::to_string(n);
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      std::fprintf(stderr, "error: cannot read %s\n", file.c_str());
      return 2;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    name = file;
  }
  const auto system = parse_system(text, SystemFormat::PHCpack);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::printf("bench-homotopy: %s, start %s, %u cores\n", name.c_str(), start.c_str(), cores);
  if (root_counts) {
    StableMixedVolumeResult r;
    const double t = seconds_of([&] { r = stable_mixed_volume(supports_of(system, false)); });
    std::printf("  Bezout %s, mixed volume with the origin %llu (%zu cells), stable mixed volume %llu (%zu cells)"
                " in %.2f s\n", bezout(system).c_str(),
                static_cast<unsigned long long>(r.subdivision.mixed_volume), r.subdivision.cells.size(),
                static_cast<unsigned long long>(r.stable_mixed_volume), r.stable_cells, t);
    return 0;
  }
  SolveResult one, all;
  SolveOptions options;
  options.start = parse_start_system(start);
  options.tracker.cauchy_endgame = cauchy;
  std::printf("  Cauchy endgame %s\n", cauchy ? "on" : "off");
  options.threads = 1;
  const double t1 = seconds_of([&] { one = solve(system, options); });
  std::printf("  start system %s: %zu paths (Bezout %s, mixed volume %s, stable mixed volume %s)\n",
              to_string(one.start_system), one.paths, one.bezout_bound.c_str(),
              one.mixed_volume.empty() ? "not computed" : one.mixed_volume.c_str(),
              one.stable_mixed_volume.empty() ? "not computed" : one.stable_mixed_volume.c_str());
  std::printf("  landscape solve, 1 thread     %7.2f s  %s\n", t1, one.summary().c_str());
  options.threads = cores;
  const double tn = seconds_of([&] { all = solve(system, options); });
  std::printf("  landscape solve, %u threads    %7.2f s  %s\n", cores, tn, all.summary().c_str());
  CertificationResult c;
  const double tc = seconds_of([&] { c = certify_solutions(system, all.solutions); });
  std::printf("  Krawczyk certification        %7.2f s  %zu certified, %zu undecided\n", tc, c.certified, c.undecided);

  if (std::system("command -v phc >/dev/null 2>&1") != 0) {
    std::printf("  phc not found (apt-get install phcpack): no comparison\n");
    return 0;
  }
  char dir[] = "/tmp/bench-homotopy-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  const std::string input = std::string(dir) + "/system", output = std::string(dir) + "/system.out";
  std::ofstream(input) << text;
  const std::string command = "phc -b " + input + " " + output + " >/dev/null 2>&1";
  int status = 0;
  const double tp = seconds_of([&] { status = std::system(command.c_str()); });
  std::printf("  phc -b (PHCpack blackbox)     %7.2f s  (exit %d)\n", tp, status);
  std::printf("  ratio phc / landscape: %.2f on 1 thread, %.2f on %u threads\n", tp / t1, tp / tn, cores);
  std::system(("rm -rf " + std::string(dir)).c_str());
  return 0;
}
