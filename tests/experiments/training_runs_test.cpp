#include "landscape/experiments/training_runs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments_test_support.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;
using landscape::experiments_testing::fresh_dir;
using landscape::experiments_testing::tiny_config;

TEST(TrainingRuns, TrainThenFinishGivesTheSameRun) {
  const std::string dir = fresh_dir("runs") + "/a";
  std::ostringstream log;
  const auto first = train_or_finish(tiny_config(2), dir, "run a", &log);
  EXPECT_EQ(first.epochs, 2);
  EXPECT_NE(log.str().find("== run a\n"), std::string::npos);
  // Started again: the run holds its checkpoint, so it is finished (nothing left), not redone.
  const auto again = train_or_finish(tiny_config(2), dir, "run a", &log);
  EXPECT_NE(log.str().find("== run a (continuing)"), std::string::npos);
  EXPECT_EQ(again.final_test_error, first.final_test_error);
  const auto record = run_record(first, dir);
  EXPECT_EQ(record["run_dir"], dir);
  EXPECT_EQ(record["epochs"], 2);
  EXPECT_EQ(record["diverged"], false);
  EXPECT_DOUBLE_EQ(record["final_test_error"].get<double>(), first.final_test_error);
}

TEST(TrainingRuns, CurvesAndMdsFigures) {
  const std::string root = fresh_dir("figures");
  const auto a = train_or_finish(tiny_config(2), root + "/a", "a", nullptr);
  auto c = tiny_config(2);
  c.seed = 1;
  const auto b = train_or_finish(c, root + "/b", "b", nullptr);
  const auto curves = curve_figures({{"a", a}, {"b", b}}, root, "curves", "two runs");
  ASSERT_EQ(curves.size(), 2u);
  EXPECT_EQ(curves[0].data, root + "/curves-error.dat");
  EXPECT_EQ(curves[1].data, root + "/curves-loss.dat");
  const auto mds = mds_figure({{root + "/a", 0, 0, a.history}, {root + "/b", 1, 10, {}}}, {"a", "b"}, "all", "error",
                              root + "/mds", "MDS");
  EXPECT_TRUE(std::isfinite(mds.stress));
  EXPECT_GE(mds.stress, 0);
  // 3 records per run (epochs 0, 1, 2), one line each in the figure's data.
  std::ifstream in(mds.figure.data);
  int points = 0;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') ++points;
  EXPECT_EQ(points, 6);
  // Run a's points carry its training errors, run b's (no history given) none; b's epochs are offset.
  ASSERT_EQ(mds.points.size(), 6u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(mds.points[k]["group"], "a");
    EXPECT_EQ(mds.points[k]["train_error"].get<double>(), a.history[k].train_error);
    EXPECT_TRUE(mds.points[3 + k]["train_error"].is_null());
    EXPECT_EQ(mds.points[3 + k]["epoch"].get<double>(), 10 + k);
  }
  EXPECT_EQ(mds.csv.substr(0, mds.csv.find('\n')), "group,run,epoch,train_error,mds1,mds2");
  // One layer: the MDS of fc0.weight differs from that of all weights; an unknown name is refused.
  const auto layer = mds_figure({{root + "/a", 0, 0, {}}, {root + "/b", 1, 0, {}}}, {"a", "b"}, "fc0.weight", "epoch",
                                root + "/mds-layer", "MDS");
  EXPECT_NE(layer.points[1]["x"].get<double>(), mds.points[1]["x"].get<double>());
  EXPECT_THROW(mds_figure({{root + "/a", 0, 0, {}}}, {"a"}, "fc9.weight", "epoch", root + "/m", "MDS"), FieldError);
}

// layer_range finds a tensor's slice of the flat parameters, the same as the probes' layer list.
TEST(TrainingRuns, LayerRangeMatchesTheLayerList) {
  const std::string root = fresh_dir("layer-range");
  train_or_finish(tiny_config(1), root + "/a", "a", nullptr);
  const auto t = nn::run_trajectory(root + "/a");
  std::int64_t total = 0;
  for (const auto& l : t.layers) {
    const auto [offset, size] = layer_range(t, l.name, "a");
    EXPECT_EQ(offset, total);
    EXPECT_EQ(size, l.size());
    total += size;
  }
  EXPECT_EQ(layer_range(t, "all", "a"), (std::pair<std::int64_t, std::int64_t>{0, total}));
  try {
    layer_range(t, "nonsense", "a");
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_NE(std::string(e.what()).find("fc0.weight"), std::string::npos);
  }
}

TEST(TrainingRuns, DataOptionsAreReplacedOrAdded) {
  EXPECT_EQ(with_data_option("fashion-mnist:n=5000,test=1000", "n", "200"), "fashion-mnist:n=200,test=1000");
  EXPECT_EQ(with_data_option("fashion-mnist", "n", "200"), "fashion-mnist:n=200");
  EXPECT_EQ(with_data_option("fashion-mnist:test=100", "n", "200"), "fashion-mnist:test=100,n=200");
  EXPECT_EQ(with_data_option("fashion-mnist:test=100", "seed", "3"), "fashion-mnist:test=100,seed=3");
  EXPECT_EQ(with_data_option("synthetic:d=6,n=400,test=100", "n", "50"), "synthetic:d=6,n=50,test=100");
  EXPECT_EQ(with_data_option("synthetic:d=6,n=400,seed=1", "seed", "9"), "synthetic:d=6,n=400,seed=9");
  EXPECT_EQ(with_data_option("synthetic:d=6,n=400,seed=1", "seed", "9", true), "synthetic:d=6,n=400,seed=1");
  EXPECT_EQ(with_data_option("fashion-mnist:n=10", "seed", "9", true), "fashion-mnist:n=10,seed=9");
  EXPECT_EQ(with_data_option("cifar10:/data/c", "n", "50"), "cifar10:/data/c:n=50");
  EXPECT_EQ(with_data_option("cifar10:/data/c:test=10", "n", "50"), "cifar10:/data/c:test=10,n=50");
  EXPECT_EQ(with_data_option("exact:d=2,n=5", "seed", "3", true), "exact:d=2,n=5,seed=3");
  EXPECT_EQ(with_data_option("csv:/d/p.csv", "seed", "3", true), "csv:/d/p.csv");
  EXPECT_THROW(with_data_option("csv:/d/p.csv", "n", "3"), FieldError);
  // "n" is a whole key: test=, seed= and a directory named n=... stay.
  EXPECT_EQ(with_data_option("idx:/d/n=3:test=10", "n", "50"), "idx:/d/n=3:test=10,n=50");
}
