// bench-surface: grid points per second of `landscape surface` (a grid point = one pass over
// 10,000 Fashion-MNIST training images) for the MLP 784-256-10 and the DCNN, against the
// per-point Python loop of python_surface_baseline.py (python3-torch), measured in one run; with
// the machine's measured matrix-multiply FLOP/s and the model-equivalent FLOP/s of each
// evaluation (points x samples x 2 x multiply-adds of a direct forward pass).
//
// usage: bench-surface [--grid N (MLP; the DCNN uses N/2)] [--python PATH]
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "landscape/nn/probes.hpp"
#include "bench_support.hpp"
#include "landscape/nn/training.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using landscape::bench::capture;

int main(int argc, char** argv) {
  int grid = 11;
  std::string python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--grid") grid = std::stoi(v);
    else if (a == "--python") python = v;
    else {
      std::cerr << "error: unknown option " << a << "\n";
      return 2;
    }
  }
  const std::string dir = std::string(LANDSCAPE_SOURCE_DIR) + "/nets/bench";
  const fs::path scratch = fs::temp_directory_path() / ("bench-surface-" + std::to_string(::getpid()));
  const std::int64_t samples = 10000;
  std::cout << "bench-surface: " << samples << " Fashion-MNIST training images per grid point" << std::endl;
  for (int threads : {1, 2}) {
    landscape::nn::set_threads(threads);
    std::cout << "matrix multiply (1024^3, float32, " << threads << " intra-op thread(s)): " << std::setprecision(3)
              << landscape::nn::measured_matmul_flops() / 1e9 << " GFLOP/s" << std::endl;
  }
  for (const std::string model : {"mlp", "dcnn"}) {
    const int n = model == "mlp" ? grid : std::max(2, grid / 2);
    landscape::nn::TrainConfig c;
    c.model = model;
    c.dataset = "fashion-mnist:n=" + std::to_string(samples) + ",test=1000";
    c.epochs = 1;
    c.lr = 0.05;
    c.out_dir = (scratch / model).string();
    landscape::nn::train(c, nullptr);
    landscape::nn::Probe probe(c.out_dir, "final", "cpu", 0, samples);
    const auto w0 = probe.parameters();
    const auto u = probe.random_direction(1, landscape::nn::DirectionNorm::Filter, true);
    const auto v = probe.random_direction(2, landscape::nn::DirectionNorm::Filter, true);
    std::vector<std::array<double, 2>> ab;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < n; ++k) ab.push_back({-1.0 + 2.0 * i / (n - 1), -1.0 + 2.0 * k / (n - 1)});
    const double flop_per_point = 2.0 * probe.forward_macs_per_sample() * static_cast<double>(samples);
    std::cout << model << " (" << probe.model_description() << "), " << ab.size() << " points:" << std::endl;
    double best = 0;
    for (const bool structured : {true, false}) {
      if (structured && model != "mlp") continue;
      const auto t0 = Clock::now();
      const auto values = probe.evaluate(w0, u, &v, ab, true, false, structured);
      const double s = std::chrono::duration<double>(Clock::now() - t0).count();
      const double rate = static_cast<double>(ab.size()) / s;
      best = std::max(best, rate);
      std::cout << "  landscape " << (structured ? "structured" : "direct    ") << ": " << std::setprecision(4) << rate
                << " points/s, model-equivalent " << std::setprecision(3) << rate * flop_per_point / 1e9 << " GFLOP/s"
                << " (centre loss " << values[ab.size() / 2].train_loss << ")" << std::endl;
    }
    double python_best = 0;
    for (int t : {2, 1}) {
      const auto j = nlohmann::json::parse(capture("cd " + dir + " && " + python + " python_surface_baseline.py --model " + model +
                                                   " --grid " + std::to_string(n) + " --samples " + std::to_string(samples) +
                                                   " --threads " + std::to_string(t)));
      const double rate = j["points_per_second"].get<double>();
      python_best = std::max(python_best, rate);
      std::cout << "  python3-torch per-point loop, " << t << " thread(s): " << std::setprecision(4) << rate
                << " points/s, model-equivalent " << std::setprecision(3) << rate * flop_per_point / 1e9 << " GFLOP/s" << std::endl;
    }
    std::cout << "  ratio (landscape best / python best): " << std::setprecision(3) << best / python_best << "x" << std::endl;
  }
  fs::remove_all(scratch);
  return 0;
}
