// trajectory.cpp: HDF5 trajectories (rows of planted values, truncation for a resume) and plain
// float64 arrays.
#include "landscape/nn/trajectory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "landscape/spec/error.hpp"

namespace fs = std::filesystem;
using namespace landscape::nn;

namespace {

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("landscape_trajectory_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST(Trajectory, WritesReadsAndTruncatesForResume) {
  const std::string dir = temp_dir("rows");
  const std::string path = dir + "/t.h5";
  std::vector<LayerInfo> layers = {{"a.weight", {2, 3}, 0}, {"a.bias", {2}, 6}};
  EXPECT_EQ(layers[0].size(), 6);
  {
    TrajectoryWriter w(path, layers, 1, true);
    for (int r = 0; r < 4; ++r) {
      std::vector<double> p(8);
      for (int k = 0; k < 8; ++k) p[k] = 10 * r + k + 0.25;
      w.append(r * 0.5, 3 * r, p, {double(-r)});
    }
    EXPECT_EQ(w.rows(), 4);
  }
  auto t = read_trajectory(path);
  ASSERT_EQ(t.parameters.size(), 4u);
  EXPECT_DOUBLE_EQ(t.parameters[2][5], 25.25);
  EXPECT_DOUBLE_EQ(t.epoch[3], 1.5);
  EXPECT_EQ(t.step[3], 9);
  EXPECT_DOUBLE_EQ(t.buffers[3][0], -3);
  ASSERT_EQ(t.layers.size(), 2u);
  EXPECT_EQ(t.layers[0].name, "a.weight");
  EXPECT_EQ(t.layers[0].shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(t.layers[1].offset, 6);
  {
    TrajectoryWriter w(path, layers, 1, true, 2);  // resume after record 2
    w.append(9, 99, std::vector<double>(8, 1.0), {7.0});
  }
  t = read_trajectory(path);
  ASSERT_EQ(t.parameters.size(), 3u);
  EXPECT_DOUBLE_EQ(t.epoch[2], 9);
  EXPECT_DOUBLE_EQ(t.parameters[1][0], 10.25);
  std::ofstream(dir + "/not.h5") << "plain text";
  EXPECT_THROW(read_trajectory(dir + "/not.h5"), landscape::InputError);
}

TEST(Trajectory, SinglePrecisionRowsRoundToFloat) {
  const std::string path = temp_dir("float") + "/t.h5";
  {
    TrajectoryWriter w(path, {{"w", {2}, 0}}, 0, false);
    w.append(1, 1, {0.1, 1.5}, {});
  }
  const auto t = read_trajectory(path);
  EXPECT_EQ(t.parameters[0][0], static_cast<double>(0.1f));
  EXPECT_EQ(t.parameters[0][1], 1.5);
  EXPECT_TRUE(t.buffers[0].empty());
}

TEST(H5Arrays, WriteAndReadByName) {
  const std::string path = temp_dir("arrays") + "/a.h5";
  write_h5_arrays(path, {{"grid", {{2, 3}, {1, 2, 3, 4, 5, 6}}}, {"x", {{2}, {-1, 1}}}});
  const auto all = read_h5_arrays(path, {});
  ASSERT_EQ(all.size(), 2u);
  const auto grid = read_h5_arrays(path, {"grid"});
  ASSERT_EQ(grid.size(), 1u);
  EXPECT_EQ(grid[0].second.dims, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(grid[0].second.values[5], 6);
  EXPECT_THROW(read_h5_arrays(path, {"missing"}), landscape::InputError);
}
