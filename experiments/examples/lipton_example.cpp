// Lipton 2016's protocol from a C++ program that links the protocols library (no CLI).
#include <iostream>

#include "landscape/experiments/lipton.hpp"

int main(int argc, char** argv) {
  landscape::experiments::LiptonOptions options;
  options.base.model = "mlp";
  options.base.arch = "6,12,3";
  options.base.dataset = "synthetic:d=6,n=400,test=100,teacher=8,classes=3,seed=1";
  options.base.epochs = 2;
  options.runs = 2;
  options.out_dir = argc > 1 ? argv[1] : "lipton-example";
  const auto result = landscape::experiments::run_lipton(options, &std::cerr);
  std::cout << result.summary() << "\n";
  return result.mean_distance_same_init > 0 ? 0 : 1;
}
