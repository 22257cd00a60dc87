#include "landscape/experiments/sharp_flat.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "landscape/nn/train_config.hpp"
#include "landscape/spec/files.hpp"

#include "experiments_test_support.hpp"

using namespace landscape::experiments;

TEST(SharpFlat, SpearmanClosedForms) {
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
  EXPECT_DOUBLE_EQ(spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
  // A tie: ranks (0, 1.5, 1.5, 3) against (0, 1, 2, 3): 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10).
  EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 3 / std::sqrt(10.0), 1e-15);
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
}

TEST(SharpFlat, FourRunsWithBothSharpnesses) {
  SharpFlatOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.small_batch = 16;
  o.large_batch = 128;
  o.alphas = {-1, -0.5, 0, 0.5, 1};
  o.out_dir = landscape::experiments_testing::fresh_dir("sharp");
  std::string error;
  SharpFlatOptions bad = o;
  bad.radius = 0;
  EXPECT_FALSE(bad.is_valid(&error));
  EXPECT_EQ(error, "radius 0: must be a finite number > 0");
  const auto r = run_sharp_flat(o, nullptr);
  ASSERT_EQ(r.runs.size(), 4u);
  EXPECT_EQ(r.runs[0].batch_size, 16);
  EXPECT_EQ(r.runs[3].weight_decay, o.decay);
  EXPECT_EQ(r.runs[0].optimizer, "sgd");  // the base's
  const auto j = r.to_json();
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_DOUBLE_EQ(j["runs"][k]["sharpness_filter"].get<double>(), r.runs[k].sharpness_filter);
    EXPECT_EQ(j["runs"][k]["curve_filter"].size(), 5u);
    // The norm per epoch (Fig. 10) ends at the final weights' norm.
    EXPECT_NEAR(j["runs"][k]["weight_norms"]["norm"].back().get<double>(), j["runs"][k]["weight_norm"].get<double>(), 1e-9);
  }
  // Fig. 2: the histograms of the final weights; each run's fractions sum to 1 (4 runs, 60 bins).
  std::ifstream in(o.out_dir + "/weight-histograms.dat");
  double total = 0;
  int rows = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    double x = 0, y = 0;
    if (fields >> x >> y) total += y, ++rows;
  }
  EXPECT_EQ(rows, 4 * 60);
  EXPECT_NEAR(total, 4.0, 1e-9);
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/weight-norms.gp"));
}

// Li et al. 2018 Table 1 (experiment optimizer-grid): SGD and Adam x two batch sizes x two weight
// decays; eight rows in table.csv and the JSON, each Adam run at adam_lr; a contour plot per
// minimizer; the sharpness from the extra points equals the one read off the curve at +-r.
TEST(SharpFlat, OptimizerGridHasEightRowsAndContours) {
  SharpFlatOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.optimizers = {"sgd", "adam"};
  o.adam_lr = 0.002;
  o.small_batch = 32;
  o.large_batch = 0;  // full batch
  o.alphas = {-0.5, 0, 0.5};
  o.radius = 0.5;
  o.surface_points = 5;
  o.command = "experiment optimizer-grid";
  o.out_dir = landscape::experiments_testing::fresh_dir("optimizer_grid");
  const auto r = run_sharp_flat(o, nullptr);
  ASSERT_EQ(r.runs.size(), 8u);
  EXPECT_EQ(r.runs[0].optimizer, "sgd");
  EXPECT_EQ(r.runs[4].optimizer, "adam");
  EXPECT_EQ(r.runs[5].batch_size, 0);
  EXPECT_EQ(r.runs[7].weight_decay, o.decay);
  const auto j = r.to_json();
  EXPECT_EQ(j["command"], "experiment optimizer-grid");
  const auto adam = landscape::nn::read_run_config(o.out_dir + "/adam-b32-wd");
  EXPECT_EQ(adam.optimizer, "adam");
  EXPECT_EQ(adam.lr, 0.002);
  EXPECT_EQ(adam.weight_decay, o.decay);
  EXPECT_EQ(landscape::nn::read_run_config(o.out_dir + "/sgd-b0").lr, o.base.lr);
  for (std::size_t k = 0; k < 8; ++k) {
    const auto& curve = j["runs"][k]["curve_filter"];
    EXPECT_NEAR(r.runs[k].sharpness_filter, 0.5 * (curve[0].get<double>() + curve[2].get<double>()) - curve[1].get<double>(),
                1e-9 * std::max(1.0, std::abs(curve[1].get<double>())));
  }
  const auto lines = landscape::split_lines(landscape::read_text_file(o.out_dir + "/table.csv"));
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "optimizer,batch_size,weight_decay,train_loss,train_error,test_error,sharpness_filter,sharpness_none,weight_norm");
  EXPECT_EQ(lines[5].rfind("adam,32,0,", 0), 0u) << lines[5];
  EXPECT_TRUE(std::filesystem::exists(o.out_dir + "/2d-adam-b0-wd.dat")) << "the contour's data";
  SharpFlatOptions bad = o;
  std::string error;
  bad.optimizers = {"sgd", "sgd"};
  EXPECT_FALSE(bad.is_valid(&error));
  EXPECT_EQ(error, "optimizers: expected sgd and/or adam, each once");
  bad.optimizers = {"rmsprop"};
  EXPECT_FALSE(bad.is_valid(nullptr));
  // Without a list, the base's optimizer at the base's rate (experiment sharp-flat --optimizer adam).
  SharpFlatOptions single = o;
  single.optimizers.clear();
  single.base.optimizer = "adam";
  single.base.lr = 0.003;
  single.surface_points = 0;
  single.out_dir = landscape::experiments_testing::fresh_dir("sharp_adam");
  const auto ra = run_sharp_flat(single, nullptr);
  EXPECT_EQ(ra.runs[2].optimizer, "adam");
  EXPECT_EQ(landscape::nn::read_run_config(single.out_dir + "/b32-wd").lr, 0.003);
  bad.optimizers = {"sgd"};
  bad.surface_points = 2;
  EXPECT_FALSE(bad.is_valid(nullptr));
}
