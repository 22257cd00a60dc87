// bench-train: training throughput (samples per second in optimizer steps) of `landscape train`'s
// MLP (784-256-10) and DCNN on Fashion-MNIST against the same model, data, batch size and
// optimizer written in plain Python with Debian's python3-torch (python_baseline.py beside this
// file), measured in one run: `--repeats` rounds, each running both, one after the other; the
// figures are medians over the rounds (the machines are shared and noisy), with the ratio of
// the medians and the median of the per-round ratios.
//
// usage: bench-train [--epochs E] [--repeats R] [--threads N (Python's)] [--our-threads N (0: auto)]
//                    [--device cpu|cuda] [--python PATH]
#include <algorithm>
#include <array>
#include <vector>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bench_support.hpp"
#include "landscape/nn/training.hpp"
#include "landscape/spec/error.hpp"

namespace fs = std::filesystem;

using landscape::bench::capture;
using landscape::bench::median;

int main(int argc, char** argv) {
  int epochs = 1, repeats = 5, threads = static_cast<int>(std::thread::hardware_concurrency()), our_threads = 0;
  std::string device = "cpu", python = "/usr/bin/python3";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--epochs") epochs = std::stoi(v);
    else if (a == "--repeats") repeats = std::stoi(v);
    else if (a == "--threads") threads = std::stoi(v);
    else if (a == "--our-threads") our_threads = std::stoi(v);
    else if (a == "--device") device = v;
    else if (a == "--python") python = v;
    else {
      std::cerr << "error: unknown option " << a << "\n";
      return 2;
    }
  }
  const std::string script = std::string(LANDSCAPE_SOURCE_DIR) + "/nets/bench/python_baseline.py";
  const fs::path scratch = fs::temp_directory_path() / ("bench-train-" + std::to_string(::getpid()));
  std::cout << "bench-train: Fashion-MNIST (60000 training images), batch 128, SGD momentum 0.9, " << epochs
            << " epoch(s), " << threads << " thread(s), device " << device << ", " << repeats << " rounds\n";
  std::cout << "landscape: --threads " << our_threads << (our_threads == 0 ? " (auto: mlp 1, dcnn every core)" : "")
            << "; python3-torch: torch.set_num_threads(" << threads << ") as usual, and (1) as its best MLP setting\n";
  for (const std::string model : {"mlp", "dcnn"}) {
    std::vector<double> ours, python_n, python_1;
    double our_error = 0, their_error = 0;
    for (int r = 0; r < repeats; ++r) {
      landscape::nn::TrainConfig c;
      c.model = model;
      c.epochs = epochs;
      c.lr = model == "mlp" ? 0.01 : 0.05;
      c.threads = our_threads;
      c.device = device;
      c.evaluate_train = false;
      c.seed = static_cast<std::uint64_t>(r);
      c.out_dir = (scratch / (model + std::to_string(r))).string();
      const auto result = landscape::nn::train(c, nullptr);
      fs::remove_all(c.out_dir);
      ours.push_back(result.samples_per_second);
      our_error = result.final_test_error;
      if (device != "cpu") continue;
      for (int t : {threads, 1}) {
        const auto j = nlohmann::json::parse(capture(python + " " + script + " --model " + model + " --epochs " +
                                                     std::to_string(epochs) + " --lr " + std::to_string(c.lr) +
                                                     " --threads " + std::to_string(t) + " --seed " + std::to_string(r)));
        (t == 1 && threads != 1 ? python_1 : python_n).push_back(j["samples_per_second"].get<double>());
        their_error = j["test_error"].get<double>();
      }
    }
    std::cout << std::fixed << std::setprecision(0) << model << ": landscape " << median(ours)
              << " samples/s (test error " << std::setprecision(4) << our_error << ")";
    if (!python_n.empty()) {
      const double best = std::max(median(python_n), median(python_1));
      std::cout << std::setprecision(0) << "; python3-torch " << median(python_n) << " samples/s with " << threads
                << " threads, " << median(python_1) << " with 1 (test error " << std::setprecision(4) << their_error
                << "); ratio " << std::setprecision(2) << median(ours) / median(python_n) << "x vs the usual setting, "
                << median(ours) / best << "x vs Python's best";
    }
    std::cout << std::endl;
  }
  fs::remove_all(scratch);
  return 0;
}
