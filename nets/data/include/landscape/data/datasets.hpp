// Training data for the LibTorch side, without LibTorch: image sets in the MNIST idx format
// (plain or gzip) and the CIFAR-10 and CIFAR-100 binary formats, synthetic teacher data, random labels and
// seeded subsets. Everything lands in one dense layout that LibTorch wraps without copying.
//
// A data set (the `dataset` field of a run's options) is spelled
//   fashion-mnist[:n=N,test=M,seed=S]      Debian's dataset-fashion-mnist package (the default)
//   idx:DIR[:n=...]                        DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]
//   cifar10:DIR[:n=...]                    DIR/data_batch_{1..5}.bin and DIR/test_batch.bin
//   cifar100:DIR[:n=...,coarse=1]          DIR/train.bin and DIR/test.bin, the 100 fine labels (or
//                                          with coarse=1 the 20 superclasses)
//   synthetic:d=D,n=N,test=M,teacher=H,classes=C,seed=S
//                                          Gaussian inputs in R^D labelled by a random teacher
//                                          d-H-C ReLU network: argmax (classes C >= 2) or the
//                                          outputs themselves (classes=0: regression, 1 output)
// and any of them takes `random-labels=1` (labels redrawn uniformly, Liao & Poggio 2017 Section 7).
// n and test pick seeded subsets (the first of a seeded permutation) of the training and test
// sets; 0 or absent means all.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace landscape::data {

struct Samples {
  std::int64_t count = 0;
  std::vector<std::int64_t> shape;      // one sample: {C, H, W} for images, {D} for vectors
  std::vector<float> inputs;            // count * prod(shape), row-major
  std::vector<std::int64_t> labels;     // classification: count labels in 0..classes-1
  std::vector<float> targets;           // regression: count * outputs values
  // The exact and csv kinds only: inputs and targets in double precision (float64 runs use these, so the
  // LibTorch data equal the algebra's rationals to double rounding, not float32's).
  std::vector<double> inputs64, targets64;
  int classes = 0;                      // 0 for regression
  int outputs = 0;                      // classes, or the regression output dimension

  std::int64_t sample_size() const;
  bool is_classification() const { return classes > 0; }
};

struct DataSplit {
  Samples train, test;
  std::string description;  // the canonical spelling, recorded in results
  std::uint64_t seed = 0;
};

// The idx format (big-endian magic 0x0000 08 NDIM, dims, unsigned bytes), gzip or not. Pixels
// are scaled to [0, 1]. Throws InputError on a truncated or malformed file or on a count mismatch.
Samples read_idx(const std::string& images_path, const std::string& labels_path);

// CIFAR-10 binary batches: records of 1 label byte and 3072 pixel bytes (R, G, B planes of
// 32x32). Pixels are scaled to [0, 1].
Samples read_cifar10(const std::vector<std::string>& paths);

// A whole file, gunzipped when it starts with the gzip magic. Throws InputError when the file is
// unreadable or the gzip stream is corrupt or truncated.
std::vector<unsigned char> read_maybe_gzip(const std::string& path);

// The same readers on bytes in memory (what the file readers above call, and the fuzz targets of
// tests/fuzz). `source` names the bytes in error messages. maybe_gunzip returns `bytes` unchanged
// unless they start with the gzip magic; parse_idx takes the decoded image and label files;
// append_cifar10 adds one decoded batch's records to `samples`.
std::vector<unsigned char> maybe_gunzip(std::vector<unsigned char> bytes, const std::string& source);
Samples parse_idx(const std::vector<unsigned char>& images, const std::vector<unsigned char>& labels,
                  const std::string& images_source, const std::string& labels_source);
void append_cifar10(Samples& samples, const std::vector<unsigned char>& bytes, const std::string& source);
// CIFAR-100 batches: records of a coarse label byte (< 20), a fine label byte (< 100) and 3072
// pixel bytes; `coarse` picks the label the samples keep (20 or 100 classes).
void append_cifar100(Samples& samples, const std::vector<unsigned char>& bytes, const std::string& source, bool coarse);

// Per-feature standardization statistics of `train` applied to both sets (a run's
// normalize_input), returning the means and standard deviations used.
void standardize(DataSplit& split, std::vector<float>* mean = nullptr, std::vector<float>* sd = nullptr);
// The same per channel of image data (shape C x H x W: one mean and one standard deviation per
// channel over every pixel of the training set; a run's normalize_channels).
// FieldError("normalize_channels") for data that are not images.
void standardize_channels(DataSplit& split, std::vector<float>* mean = nullptr, std::vector<float>* sd = nullptr);

// Where the Debian package puts Fashion-MNIST.
inline const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Parses and loads a data set spelled as at the top of this file; FieldError("dataset", ...) for
// a malformed spelling, InputError for unreadable files. `default_seed` is used when the spelling
// has no seed=.
DataSplit load(const std::string& spec, std::uint64_t default_seed);

}  // namespace landscape::data
