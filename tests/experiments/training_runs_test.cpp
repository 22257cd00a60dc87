#include "landscape/experiments/training_runs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments_test_support.hpp"

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
  double stress = -1;
  const auto mds = mds_figure({root + "/a", root + "/b"}, {"a", "b"}, {0, 1}, {0, 0}, root + "/mds", "MDS", &stress);
  EXPECT_TRUE(std::isfinite(stress));
  EXPECT_GE(stress, 0);
  // 3 records per run (epochs 0, 1, 2), one line each in the figure's data.
  std::ifstream in(mds.data);
  int points = 0;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') ++points;
  EXPECT_EQ(points, 6);
}
