// The data readers against files written here: idx (plain and gzip), CIFAR-10 binary, broken
// files; synthetic data, subsets, random labels.
#include "landscape/data/datasets.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <set>

#include "landscape/spec/dataset.hpp"
#include "landscape/spec/error.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace landscape::data;

namespace {

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes, bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
}

void put32(std::vector<unsigned char>& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>(v >> s));
}

// n images of r x c whose pixel (i, y, x) is (7i + 3y + x) mod 256, and labels i mod 10.
std::vector<unsigned char> idx_images(std::uint32_t n, std::uint32_t r, std::uint32_t c) {
  std::vector<unsigned char> b = {0, 0, 8, 3};
  put32(b, n), put32(b, r), put32(b, c);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t y = 0; y < r; ++y)
      for (std::uint32_t x = 0; x < c; ++x) b.push_back(static_cast<unsigned char>((7 * i + 3 * y + x) % 256));
  return b;
}
std::vector<unsigned char> idx_labels(std::uint32_t n) {
  std::vector<unsigned char> b = {0, 0, 8, 1};
  put32(b, n);
  for (std::uint32_t i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>(i % 10));
  return b;
}

void write_idx_set(const std::string& dir, bool gzip, std::uint32_t train, std::uint32_t test) {
  const std::string ext = gzip ? ".gz" : "";
  write_bytes(dir + "/train-images-idx3-ubyte" + ext, idx_images(train, 4, 3), gzip);
  write_bytes(dir + "/train-labels-idx1-ubyte" + ext, idx_labels(train), gzip);
  write_bytes(dir + "/t10k-images-idx3-ubyte" + ext, idx_images(test, 4, 3), gzip);
  write_bytes(dir + "/t10k-labels-idx1-ubyte" + ext, idx_labels(test), gzip);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const landscape::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Idx, ReadsPlainAndGzipIdentically) {
  for (bool gzip : {false, true}) {
    const std::string dir = landscape::testing::fresh_temp_dir(gzip ? "gz" : "plain");
    write_idx_set(dir, gzip, 25, 12);
    const std::string ext = gzip ? ".gz" : "";
    const Samples s = read_idx(dir + "/train-images-idx3-ubyte" + ext, dir + "/train-labels-idx1-ubyte" + ext);
    ASSERT_EQ(s.count, 25);
    EXPECT_EQ(s.shape, (std::vector<std::int64_t>{1, 4, 3}));
    EXPECT_EQ(s.classes, 10);
    for (int i : {0, 7, 24})
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 3; ++x) EXPECT_FLOAT_EQ(s.inputs[(i * 4 + y) * 3 + x], ((7 * i + 3 * y + x) % 256) / 255.0f);
    EXPECT_EQ(s.labels[13], 3);
    const DataSplit split = load("idx:" + dir, 0);
    EXPECT_EQ(split.train.count, 25);
    EXPECT_EQ(split.test.count, 12);
  }
}

TEST(Idx, BrokenFilesGiveClearErrors) {
  const std::string dir = landscape::testing::fresh_temp_dir("data_broken");
  auto images = idx_images(10, 4, 3);
  auto labels = idx_labels(10);
  // Truncated data.
  write_bytes(dir + "/a", std::vector<unsigned char>(images.begin(), images.end() - 5), false);
  write_bytes(dir + "/l", labels, false);
  EXPECT_NE(error_of([&] { read_idx(dir + "/a", dir + "/l"); }).find("truncated"), std::string::npos);
  // Bad magic.
  auto bad = images;
  bad[2] = 0x0d;
  write_bytes(dir + "/b", bad, false);
  EXPECT_NE(error_of([&] { read_idx(dir + "/b", dir + "/l"); }).find("magic"), std::string::npos);
  // Count mismatch.
  write_bytes(dir + "/c", idx_images(9, 4, 3), false);
  EXPECT_NE(error_of([&] { read_idx(dir + "/c", dir + "/l"); }).find("labels"), std::string::npos);
  // A truncated gzip stream.
  write_bytes(dir + "/d.gz", images, true);
  const auto size = fs::file_size(dir + "/d.gz");
  fs::resize_file(dir + "/d.gz", size / 2);
  EXPECT_NE(error_of([&] { read_idx(dir + "/d.gz", dir + "/l"); }).find("gzip"), std::string::npos);
  // A header whose dimensions multiply past 2^64: 2^31 x 2^31 x 4 wraps to 0, which a file with
  // no data bytes would have matched; the images file itself is refused (before the labels).
  std::vector<unsigned char> wrapped = {0, 0, 8, 3, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 4};
  write_bytes(dir + "/w", wrapped, false);
  const std::string w = error_of([&] { read_idx(dir + "/w", dir + "/l"); });
  EXPECT_NE(w.find(dir + "/w: the idx dimensions multiply past 2^64"), std::string::npos) << w;
  // Images of zero rows are refused, not read as empty inputs.
  std::vector<unsigned char> flat = {0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 3};
  write_bytes(dir + "/z", flat, false);
  EXPECT_NE(error_of([&] { read_idx(dir + "/z", dir + "/l"); }).find("dimension 2 is 0"), std::string::npos);
  // Missing files.
  EXPECT_NE(error_of([&] { load("idx:" + dir + "/nowhere", 0); }).find("no directory"), std::string::npos);
  EXPECT_NE(error_of([&] { load("idx:" + dir, 0); }).find("cannot find"), std::string::npos);
}

TEST(Cifar10, ReadsRecordsAndRejectsPartialOnes) {
  const std::string dir = landscape::testing::fresh_temp_dir("data_cifar");
  auto batch = [](int n, int first_label) {
    std::vector<unsigned char> b;
    for (int i = 0; i < n; ++i) {
      b.push_back(static_cast<unsigned char>((first_label + i) % 10));
      for (int k = 0; k < 3072; ++k) b.push_back(static_cast<unsigned char>((i + k) % 251));
    }
    return b;
  };
  write_bytes(dir + "/data_batch_1.bin", batch(6, 0), false);
  write_bytes(dir + "/data_batch_2.bin", batch(4, 6), false);
  write_bytes(dir + "/test_batch.bin", batch(5, 3), false);
  const DataSplit split = load("cifar10:" + dir, 0);
  ASSERT_EQ(split.train.count, 10);
  EXPECT_EQ(split.test.count, 5);
  EXPECT_EQ(split.train.shape, (std::vector<std::int64_t>{3, 32, 32}));
  EXPECT_EQ(split.train.labels[7], 7);  // second file, record 1: (6 + 1) % 10
  // Record 7 = second file's record 1: pixel k is (1 + k) % 251; channel 2 (blue) starts at 2048.
  EXPECT_FLOAT_EQ(split.train.inputs[7 * 3072 + 2048 + 5], ((1 + 2048 + 5) % 251) / 255.0f);
  auto partial = batch(2, 0);
  partial.pop_back();
  write_bytes(dir + "/data_batch_1.bin", partial, false);
  EXPECT_NE(error_of([&] { load("cifar10:" + dir, 0); }).find("whole number of CIFAR-10 records"), std::string::npos);
}

// CIFAR-100: a coarse and a fine label byte before the pixels; the fine labels by default.
TEST(Cifar100, FineOrCoarseLabelsAndTruncatedBatches) {
  const std::string dir = landscape::testing::fresh_temp_dir("data_cifar100");
  auto batch = [](int n, int first) {
    std::vector<unsigned char> b;
    for (int i = 0; i < n; ++i) {
      b.push_back(static_cast<unsigned char>((first + i) % 20));
      b.push_back(static_cast<unsigned char>((first + 7 * i) % 100));
      for (int k = 0; k < 3072; ++k) b.push_back(static_cast<unsigned char>((3 * i + k) % 253));
    }
    return b;
  };
  write_bytes(dir + "/train.bin", batch(15, 90), false);
  write_bytes(dir + "/test.bin", batch(4, 1), true);  // gzip'd files are read too
  const DataSplit fine = load("cifar100:" + dir, 0);
  ASSERT_EQ(fine.train.count, 15);
  EXPECT_EQ(fine.test.count, 4);
  EXPECT_EQ(fine.train.classes, 100);
  EXPECT_EQ(fine.train.labels[3], (90 + 21) % 100);
  EXPECT_FLOAT_EQ(fine.train.inputs[3 * 3072 + 1024 + 2], ((9 + 1024 + 2) % 253) / 255.0f);
  const DataSplit coarse = load("cifar100:" + dir + ":coarse=1,n=5", 0);
  EXPECT_EQ(coarse.train.classes, 20);
  EXPECT_EQ(coarse.train.count, 5);
  EXPECT_EQ(load("cifar100:" + dir + ":coarse=1", 0).train.labels[3], (90 + 3) % 20);
  auto partial = batch(3, 0);
  partial.resize(partial.size() - 100);
  write_bytes(dir + "/train.bin", partial, false);
  EXPECT_NE(error_of([&] { load("cifar100:" + dir, 0); }).find("not a whole number of CIFAR-100 records (2 + 3072"),
            std::string::npos);
  auto bad = batch(2, 0);
  bad[3074] = 20;  // the second record's coarse label
  write_bytes(dir + "/train.bin", bad, false);
  EXPECT_NE(error_of([&] { load("cifar100:" + dir, 0); }).find("label 20 of record 1 is not a CIFAR-100 class"),
            std::string::npos);
  EXPECT_NE(error_of([&] { load("cifar100:" + dir + "/none", 0); }).find("no directory"), std::string::npos);
}

TEST(Load, SubsetsAreSeededAndRandomLabelsChangeOnlyTrainingLabels) {
  const std::string dir = landscape::testing::fresh_temp_dir("data_subset");
  write_idx_set(dir, false, 100, 40);
  const auto a = load("idx:" + dir + ":n=30,test=10,seed=5", 0);
  const auto b = load("idx:" + dir + ":n=30,test=10,seed=5", 0);
  const auto c = load("idx:" + dir + ":n=30,test=10,seed=6", 0);
  EXPECT_EQ(a.train.count, 30);
  EXPECT_EQ(a.test.count, 10);
  EXPECT_EQ(a.train.inputs, b.train.inputs);
  EXPECT_NE(a.train.inputs, c.train.inputs);
  // Each kept sample is one of the originals, with its own label: pixel (0,0) = 7i mod 256, and
  // 183 = 7^-1 mod 256.
  for (std::int64_t k = 0; k < a.train.count; ++k) {
    const int i = static_cast<int>(a.train.inputs[k * 12] * 255.0f + 0.5f) * 183 % 256;
    EXPECT_EQ(a.train.labels[k], i % 10);
  }
  const auto r = load("idx:" + dir + ":n=30,test=10,seed=5,random-labels=1", 0);
  EXPECT_EQ(r.train.inputs, a.train.inputs);
  EXPECT_EQ(r.test.labels, a.test.labels);
  EXPECT_NE(r.train.labels, a.train.labels);
  EXPECT_NE(error_of([&] { load("idx:" + dir + ":n=x", 0); }).find("non-negative integer"), std::string::npos);
  EXPECT_NE(error_of([&] { load("nonsense", 0); }).find("unknown data set"), std::string::npos);
}

TEST(Synthetic, TeacherDataAreDeterministicAndUseEveryClass) {
  const auto a = load("synthetic:d=5,n=400,test=100,teacher=16,classes=3,seed=2", 0);
  const auto b = load("synthetic:d=5,n=400,test=100,teacher=16,classes=3,seed=2", 0);
  EXPECT_EQ(a.train.inputs, b.train.inputs);
  EXPECT_EQ(a.train.labels, b.train.labels);
  EXPECT_EQ(a.train.count, 400);
  EXPECT_EQ(a.test.count, 100);
  EXPECT_EQ(a.train.shape, (std::vector<std::int64_t>{5}));
  std::set<std::int64_t> classes(a.train.labels.begin(), a.train.labels.end());
  EXPECT_EQ(classes.size(), 3u);
  const auto reg = load("synthetic:d=3,n=50,test=10,classes=0", 0);
  EXPECT_FALSE(reg.train.is_classification());
  EXPECT_EQ(reg.train.targets.size(), 50u);
  EXPECT_NE(error_of([&] { load("synthetic:d=3,classes=1", 0); }).find("classes"), std::string::npos);
}

TEST(Standardize, GivesZeroMeanUnitVarianceOnTheTrainingSet) {
  auto split = load("synthetic:d=4,n=300,test=50,classes=2,seed=1", 0);
  for (auto& v : split.train.inputs) v = 3 * v + 2;
  standardize(split);
  for (int k = 0; k < 4; ++k) {
    double m = 0, q = 0;
    for (int i = 0; i < 300; ++i) m += split.train.inputs[i * 4 + k];
    m /= 300;
    for (int i = 0; i < 300; ++i) q += std::pow(split.train.inputs[i * 4 + k] - m, 2);
    EXPECT_NEAR(m, 0, 1e-5);
    EXPECT_NEAR(q / 300, 1, 1e-4);
  }
}

// Per channel: a planted 2-channel image set, channel c = (c + 1) x pixel + 10 c; one mean and one
// deviation per channel over all its pixels (the closed form of the planted values), applied to
// the test set with the training set's statistics.
TEST(Standardize, PerChannelUsesOneMeanAndDeviationPerChannel) {
  DataSplit split;
  split.description = "planted";
  for (Samples* s : {&split.train, &split.test}) {
    s->shape = {2, 2, 2};
    s->count = 3;
    s->classes = s->outputs = 2;
    for (int i = 0; i < 3; ++i)
      for (int c = 0; c < 2; ++c)
        for (int k = 0; k < 4; ++k) s->inputs.push_back(static_cast<float>((c + 1) * (4 * i + k) + 10 * c));
  }
  std::vector<float> mean, sd;
  standardize_channels(split, &mean, &sd);
  // Pixels 0..11: mean 5.5, variance (12^2 - 1) / 12; channel 1 doubles them and adds 10.
  const double v = (144.0 - 1) / 12;
  EXPECT_FLOAT_EQ(mean[0], 5.5f);
  EXPECT_FLOAT_EQ(mean[1], 21.0f);
  EXPECT_NEAR(sd[0], std::sqrt(v), 1e-6);
  EXPECT_NEAR(sd[1], 2 * std::sqrt(v), 1e-6);
  EXPECT_NEAR(split.train.inputs[4], (10 - 21.0) / (2 * std::sqrt(v)), 1e-6);  // image 0, channel 1, pixel 0
  EXPECT_NEAR(split.test.inputs[23], (2 * 11 + 10 - 21.0) / (2 * std::sqrt(v)), 1e-6);
  auto vectors = load("synthetic:d=4,n=30,test=5,classes=2,seed=1", 0);
  EXPECT_THROW(standardize_channels(vectors), landscape::FieldError);
}

// Malformed spellings name the `dataset` field (the CLI prints its flag) and the spelling.
TEST(Load, MalformedSpellingsNameTheDatasetField) {
  for (const char* bad : {"imagenet", "synthetic:d=0", "synthetic:classes=1", "synthetic:d=3,colour=1", "idx:",
                          "idx:/nonexistent", "fashion-mnist:n=x"}) {
    try {
      load(bad, 0);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const landscape::FieldError& e) {
      EXPECT_EQ(e.field(), "dataset") << bad;
      EXPECT_EQ(e.rule().rfind("'" + std::string(bad) + "': ", 0), 0u) << e.rule();
    }
  }
}

// The readers on bytes in memory (what the fuzz targets call) give what the file readers give;
// gzip'd bytes are decoded, anything else passes through unchanged.
TEST(FromBytes, IdxAndCifarMatchTheFileReaders) {
  const std::string dir = landscape::testing::fresh_temp_dir("data_bytes");
  write_bytes(dir + "/images.gz", idx_images(5, 4, 3), true);
  write_bytes(dir + "/labels", idx_labels(5), false);
  const Samples from_files = read_idx(dir + "/images.gz", dir + "/labels");
  const auto images = read_maybe_gzip(dir + "/images.gz");
  EXPECT_EQ(images, idx_images(5, 4, 3));
  EXPECT_EQ(maybe_gunzip(idx_labels(5), "labels"), idx_labels(5));
  const Samples from_bytes = parse_idx(images, idx_labels(5), "images", "labels");
  EXPECT_EQ(from_bytes.count, 5);
  EXPECT_EQ(from_bytes.inputs, from_files.inputs);
  EXPECT_EQ(from_bytes.labels, from_files.labels);
  EXPECT_FLOAT_EQ(from_bytes.inputs[2 * 12 + 3 * 1 + 2], ((7 * 2 + 3 * 1 + 2) % 256) / 255.0f);

  // A batch with a bad label in its second record is refused whole: nothing is appended.
  std::vector<unsigned char> batch(2 * 3073, 0);
  batch[0] = 4;
  batch[3073] = 10;
  Samples s;
  EXPECT_NE(error_of([&] { append_cifar10(s, batch, "batch"); }).find("batch: label 10"), std::string::npos);
  EXPECT_EQ(s.count, 0);
  EXPECT_TRUE(s.inputs.empty() && s.labels.empty());
  batch[3073] = 9;
  append_cifar10(s, batch, "batch");
  EXPECT_EQ(s.labels, (std::vector<std::int64_t>{4, 9}));
  EXPECT_EQ(s.inputs.size(), 2u * 3072);
}

// exact: the algebra's random points and labels (landscape memorize --data random:n=N,seed=S
// --labels random:seed=T), rounded to float32, as a regression set without a test set.
TEST(Exact, TheAlgebrasRandomPointsAndLabels) {
  const auto split = landscape::data::load("exact:d=3,n=7,outputs=2,seed=4,labels=5", 0);
  const auto x = landscape::random_points(7, 3, 4), y = landscape::random_labels(7, 2, 5);
  ASSERT_EQ(split.train.count, 7);
  EXPECT_FALSE(split.train.is_classification());
  EXPECT_EQ(split.train.outputs, 2);
  EXPECT_EQ(split.test.count, 0);
  for (std::size_t i = 0; i < 7; ++i) {
    for (std::size_t j = 0; j < 3; ++j)
      EXPECT_EQ(split.train.inputs[i * 3 + j], static_cast<float>(x[i][j].to_double())) << i << "," << j;
    for (std::size_t j = 0; j < 2; ++j)
      EXPECT_EQ(split.train.targets[i * 2 + j], static_cast<float>(y[i][j].to_double())) << i << "," << j;
  }
  ASSERT_EQ(split.train.inputs64.size(), 21u);  // and in double, for float64 runs
  EXPECT_EQ(split.train.inputs64[4], x[1][1].to_double());
  EXPECT_EQ(split.train.targets64[13], y[6][1].to_double());
  EXPECT_THROW(landscape::data::load("exact:d=3,n=0", 0), landscape::FieldError);
  EXPECT_THROW(landscape::data::load("exact:d=3,n=4,test=2", 0), landscape::FieldError);
}

// csv: the algebra's CSV data files (the memorize/hessian --data FILE.csv layout), exact values
// in double beside float32; d inputs, the remaining columns targets.
TEST(Exact, TheAlgebrasCsvFiles) {
  const std::string path = landscape::testing::fresh_temp_dir("data_csv") + "/points.csv";
  std::ofstream(path) << "x1,x2,y1\n1/3,-2,0.25\n5,7/10,-1\n";
  const auto split = landscape::data::load("csv:" + path, 0);
  ASSERT_EQ(split.train.count, 2);
  EXPECT_FALSE(split.train.is_classification());
  EXPECT_EQ(split.train.outputs, 1);
  EXPECT_EQ(split.test.count, 0);
  EXPECT_EQ(split.train.inputs64, (std::vector<double>{1.0 / 3, -2, 5, 0.7}));
  EXPECT_EQ(split.train.targets64, (std::vector<double>{0.25, -1}));
  EXPECT_EQ(split.train.inputs[0], static_cast<float>(1.0 / 3));
  const auto two_targets = landscape::data::load("csv:" + path + ":d=1", 0);  // x1, then y = (x2, y1)
  EXPECT_EQ(two_targets.train.outputs, 2);
  EXPECT_EQ(two_targets.train.targets64, (std::vector<double>{-2, 0.25, 0.7, -1}));
  // Standardizing (--normalize-input) reaches the double copy float64 runs train on: x1 = 1/3, 5
  // becomes -1, 1 exactly as the float inputs do to float precision.
  auto standardized = landscape::data::load("csv:" + path, 0);
  landscape::data::standardize(standardized);
  EXPECT_NEAR(standardized.train.inputs64[0], -1.0, 1e-12);
  EXPECT_NEAR(standardized.train.inputs64[2], 1.0, 1e-12);
  EXPECT_NEAR(standardized.train.inputs64[1], -1.0, 1e-12);
  EXPECT_NEAR(standardized.train.inputs[2], 1.0f, 1e-6);
  EXPECT_EQ(standardized.train.targets64, (std::vector<double>{0.25, -1}));  // targets untouched
  EXPECT_THROW(landscape::data::load("csv:" + path + ":d=3", 0), landscape::FieldError);  // no target left
  EXPECT_THROW(landscape::data::load("csv:" + path + ":n=1", 0), landscape::FieldError);
  EXPECT_THROW(landscape::data::load("csv:", 0), landscape::FieldError);
  EXPECT_THROW(landscape::data::load("csv:" + path + ".missing", 0), landscape::InputError);
  std::ofstream(path) << "1,2,3\n4,5\n";
  EXPECT_THROW(landscape::data::load("csv:" + path, 0), landscape::InputError);
}
