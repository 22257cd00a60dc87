// architectures.cpp (Li et al. 2018 Table 2): two image models on generated CIFAR-format records;
// a row per model with the run's own numbers and the model's parameter count, table.csv, a
// contour plot each; started again, the finished runs are read back, not retrained.
#include "landscape/experiments/architectures.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "experiments_test_support.hpp"
#include "landscape/spec/files.hpp"

using namespace landscape::experiments;
namespace fs = std::filesystem;

namespace {

std::string cifar_records(const std::string& name) {
  const std::string dir = landscape::experiments_testing::fresh_dir(name);
  fs::create_directories(dir);
  for (const auto& [file, n] : {std::pair{"data_batch_1.bin", 12}, std::pair{"test_batch.bin", 6}}) {
    std::string bytes;
    for (int i = 0; i < n; ++i) {
      bytes.push_back(static_cast<char>(i % 10));
      for (int k = 0; k < 3072; ++k) bytes.push_back(static_cast<char>((29 * i + 7 * k) % 256));
    }
    landscape::write_file_atomically(dir + "/" + file, bytes);
  }
  return dir;
}

}  // namespace

TEST(Architectures, ARowPerModelAndFinishedRunsAreReadBack) {
  ArchitecturesOptions o;
  o.base = landscape::experiments_testing::tiny_config(1);
  o.base.arch.clear();
  o.base.dataset = "cifar10:" + cifar_records("architectures_data");
  o.base.batch_size = 6;
  o.base.threads = 2;
  o.models = {"dcnn", "resnet8-noshort"};
  o.surface_points = 3;
  o.out_dir = landscape::experiments_testing::fresh_dir("architectures");
  const auto r = run_architectures(o, nullptr);
  ASSERT_EQ(r.rows.size(), 2u);
  // dcnn: 3x3 convolutions 3-16-32-64-128-10 with biases.
  std::int64_t dcnn = 0, in = 3;
  for (std::int64_t out : {16, 32, 64, 128, 10}) dcnn += in * out * 9 + out, in = out;
  EXPECT_EQ(r.rows[0].parameters, dcnn);
  EXPECT_EQ(r.rows[1].model, "resnet8-noshort");
  EXPECT_EQ(r.rows[1].epochs, 1);
  EXPECT_EQ(r.rows[1].description.rfind("resnet8-noshort", 0), 0u) << r.rows[1].description;
  const auto lines = landscape::split_lines(landscape::read_text_file(o.out_dir + "/table.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "model,parameters,epochs,train_loss,train_error,test_loss,test_error,diverged");
  EXPECT_EQ(lines[1].rfind("dcnn," + std::to_string(dcnn) + ",1,", 0), 0u) << lines[1];
  EXPECT_TRUE(fs::exists(o.out_dir + "/2d-dcnn.dat"));
  const auto weights = landscape::read_text_file(o.out_dir + "/dcnn/weights.pt");
  std::ostringstream log;
  const auto again = run_architectures(o, &log);
  EXPECT_EQ(again.rows[0].test_loss, r.rows[0].test_loss);
  EXPECT_EQ(landscape::read_text_file(o.out_dir + "/dcnn/weights.pt"), weights);
  EXPECT_NE(log.str().find("== dcnn (continuing)"), std::string::npos) << log.str();
  std::string error;
  o.models = {"dcnn", "dcnn"};
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "models 'dcnn': listed twice");
  o.models = {"dcnn", "vgg16"};
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error.rfind("models 'vgg16': unknown model (expected mlp, ", 0), 0u) << error;
  o.models.clear();
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "models: at least one");
}
