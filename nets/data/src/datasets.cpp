#include "landscape/data/datasets.hpp"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>

#include "landscape/spec/dataset.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/net_spec.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::data {

namespace fs = std::filesystem;

std::int64_t Samples::sample_size() const {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

std::vector<unsigned char> read_maybe_gzip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path + "'");
  std::vector<unsigned char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError("error while reading '" + path + "'");
  return maybe_gunzip(std::move(raw), path);
}

std::vector<unsigned char> maybe_gunzip(std::vector<unsigned char> raw, const std::string& source) {
  if (raw.size() < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
  if (raw.size() > std::numeric_limits<uInt>::max())
    throw InputError(source + ": gzip data over 4 GiB is not supported");

  std::vector<unsigned char> out;
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw InputError(source + ": cannot start gzip decoding");
  z.next_in = raw.data();
  z.avail_in = static_cast<uInt>(raw.size());
  unsigned char buffer[1 << 16];
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    z.next_out = buffer;
    z.avail_out = sizeof buffer;
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) {
      const std::string message = z.msg ? z.msg : "inflate error";
      inflateEnd(&z);
      throw InputError(source + ": corrupt gzip data (" + message + ")");
    }
    out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
    if (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      throw InputError(source + ": truncated gzip data");
    }
  }
  inflateEnd(&z);
  return out;
}

namespace {

std::uint32_t big_endian(const std::vector<unsigned char>& b, std::size_t at) {
  return (std::uint32_t(b[at]) << 24) | (std::uint32_t(b[at + 1]) << 16) | (std::uint32_t(b[at + 2]) << 8) |
         std::uint32_t(b[at + 3]);
}

// Header of an idx file of unsigned bytes with `ndim` dimensions; returns the dimensions.
std::vector<std::uint32_t> idx_header(const std::vector<unsigned char>& b, int ndim, const std::string& path) {
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(ndim);
  if (b.size() < header) throw InputError(path + ": truncated idx file (no complete header)");
  if (b[0] != 0 || b[1] != 0 || b[2] != 0x08 || b[3] != ndim)
    throw InputError(path + ": not an idx file of unsigned bytes with " + std::to_string(ndim) +
                     " dimensions (bad magic number)");
  std::vector<std::uint32_t> dims;
  std::uint64_t total = 1;
  for (int k = 0; k < ndim; ++k) {
    dims.push_back(big_endian(b, 4 + 4 * k));
    if (k > 0 && dims.back() == 0)
      throw InputError(path + ": idx dimension " + std::to_string(k + 1) + " is 0 (an image needs rows and columns)");
    // Checked: a product past 2^64 must not wrap around to the file's size.
    if (__builtin_mul_overflow(total, static_cast<std::uint64_t>(dims.back()), &total))
      throw InputError(path + ": the idx dimensions multiply past 2^64 bytes (a corrupt header)");
  }
  if (b.size() != header + total)
    throw InputError(path + ": idx file has " + std::to_string(b.size() - header) + " data bytes, the header says " +
                     std::to_string(total) + (b.size() < header + total ? " (truncated)" : ""));
  return dims;
}

int class_count(const std::vector<std::int64_t>& labels) {
  return labels.empty() ? 0 : static_cast<int>(*std::max_element(labels.begin(), labels.end()) + 1);
}

// Keeps `n` samples (0: all) chosen by a seeded permutation, in increasing index order.
void subset(Samples& s, std::uint64_t n, std::uint64_t seed) {
  if (n == 0 || n >= static_cast<std::uint64_t>(s.count)) return;
  s.inputs64.clear(), s.targets64.clear();  // (the exact kind is never subset: its n is its size)
  SplitMix64 rng(seed);
  std::vector<std::int64_t> order = random_permutation(s.count, rng);
  order.resize(n);
  std::sort(order.begin(), order.end());
  const std::int64_t size = s.sample_size();
  Samples out;
  out.shape = s.shape;
  out.classes = s.classes;
  out.outputs = s.outputs;
  out.count = static_cast<std::int64_t>(n);
  for (std::int64_t i : order) {
    out.inputs.insert(out.inputs.end(), s.inputs.begin() + i * size, s.inputs.begin() + (i + 1) * size);
    if (!s.labels.empty()) out.labels.push_back(s.labels[static_cast<std::size_t>(i)]);
    if (!s.targets.empty())
      out.targets.insert(out.targets.end(), s.targets.begin() + i * s.outputs, s.targets.begin() + (i + 1) * s.outputs);
  }
  s = std::move(out);
}

std::string existing(const fs::path& dir, const std::string& stem) {
  for (const char* suffix : {"", ".gz"}) {
    const fs::path p = dir / (stem + suffix);
    if (fs::exists(p)) return p.string();
  }
  throw InputError("cannot find '" + (dir / stem).string() + "' (or .gz) in '" + dir.string() + "'");
}

// Synthetic teacher data: inputs N(0, I_d); a teacher d-H-out ReLU net with N(0, 1/fan_in)
// weights; labels argmax (classification) or the outputs (regression).
DataSplit synthetic(std::map<std::string, std::uint64_t> kv, const std::string& text, std::uint64_t seed) {
  const std::uint64_t d = kv.count("d") ? kv["d"] : 10, n = kv.count("n") ? kv["n"] : 1000,
                      test = kv.count("test") ? kv["test"] : 1000, hidden = kv.count("teacher") ? kv["teacher"] : 32,
                      classes = kv.count("classes") ? kv["classes"] : 2;
  if (d == 0 || n == 0 || hidden == 0 || d > 100000 || n > 10000000 || test > 10000000 || hidden > 100000)
    throw FieldError("dataset", "'" + text + "': synthetic data needs d, n, teacher >= 1 (and sizes below 10^7)");
  if (classes == 1 || classes > 1000)
    throw FieldError("dataset", "'" + text + "': classes is 0 (regression) or 2..1000");
  const int outputs = classes == 0 ? 1 : static_cast<int>(classes);
  const NetSpec teacher = NetSpec::parse(std::to_string(d) + "," + std::to_string(hidden) + "," + std::to_string(outputs),
                                         Activation::parse("relu"), true);
  SplitMix64 rng(seed ^ 0x7eac4e5ULL);
  std::vector<double> weights;
  const ParameterLayout layout = teacher.layout();
  for (const auto& block : layout.blocks()) {
    const double scale = block.is_bias ? 0.1 : 1.0 / std::sqrt(static_cast<double>(block.cols));
    for (std::size_t k = 0; k < block.size(); ++k) weights.push_back(scale * rng.normal());
  }
  auto draw = [&](std::uint64_t count) {
    Samples s;
    s.count = static_cast<std::int64_t>(count);
    s.shape = {static_cast<std::int64_t>(d)};
    s.classes = static_cast<int>(classes);
    s.outputs = outputs;
    std::vector<double> x(d);
    for (std::uint64_t i = 0; i < count; ++i) {
      for (auto& v : x) v = rng.normal();
      const auto y = forward(teacher, weights, x);
      s.inputs.insert(s.inputs.end(), x.begin(), x.end());
      if (classes == 0)
        s.targets.push_back(static_cast<float>(y[0]));
      else
        s.labels.push_back(std::max_element(y.begin(), y.end()) - y.begin());
    }
    return s;
  };
  DataSplit split;
  split.train = draw(n);
  split.test = draw(test);
  return split;
}

}  // namespace

Samples read_idx(const std::string& images_path, const std::string& labels_path) {
  return parse_idx(read_maybe_gzip(images_path), read_maybe_gzip(labels_path), images_path, labels_path);
}

Samples parse_idx(const std::vector<unsigned char>& images, const std::vector<unsigned char>& labels,
                  const std::string& images_path, const std::string& labels_path) {
  const auto idims = idx_header(images, 3, images_path);
  const auto ldims = idx_header(labels, 1, labels_path);
  if (idims[0] != ldims[0])
    throw InputError(images_path + " has " + std::to_string(idims[0]) + " images but " + labels_path + " has " +
                     std::to_string(ldims[0]) + " labels");
  Samples s;
  s.count = idims[0];
  s.shape = {1, idims[1], idims[2]};
  s.inputs.resize(images.size() - 16);
  for (std::size_t k = 0; k < s.inputs.size(); ++k) s.inputs[k] = images[16 + k] / 255.0f;
  s.labels.assign(labels.begin() + 8, labels.end());
  s.classes = s.outputs = std::max(class_count(s.labels), 2);
  return s;
}

Samples read_cifar10(const std::vector<std::string>& paths) {
  Samples s;
  s.shape = {3, 32, 32};
  s.classes = s.outputs = 10;
  for (const auto& path : paths) append_cifar10(s, read_maybe_gzip(path), path);
  return s;
}

namespace {

// Records of label bytes (byte k below class_counts[k]; the samples keep byte `label_at`) and
// 3072 pixel bytes: CIFAR-10 (one label byte) and CIFAR-100 (coarse, fine).
void append_cifar(Samples& s, const std::vector<unsigned char>& bytes, const std::string& path,
                  const std::vector<int>& class_counts, std::size_t label_at, const std::string& name) {
  const std::size_t label_bytes = class_counts.size(), record = label_bytes + 3072;
  const int classes = class_counts[label_at];
  if (bytes.empty() || bytes.size() % record != 0)
    throw InputError(path + ": " + std::to_string(bytes.size()) + " bytes is not a whole number of " + name + " records (" +
                     std::to_string(label_bytes) + " + 3072 bytes each)");
  for (std::size_t at = 0; at < bytes.size(); at += record)
    for (std::size_t k = 0; k < label_bytes; ++k)
      if (bytes[at + k] >= class_counts[k])
        throw InputError(path + ": label " + std::to_string(bytes[at + k]) + " of record " + std::to_string(at / record) +
                         " is not a " + name + " class");
  s.shape = {3, 32, 32};
  s.classes = s.outputs = classes;
  for (std::size_t at = 0; at < bytes.size(); at += record) {
    s.labels.push_back(bytes[at + label_at]);
    for (std::size_t k = label_bytes; k < record; ++k) s.inputs.push_back(bytes[at + k] / 255.0f);
    ++s.count;
  }
}

}  // namespace

void append_cifar10(Samples& s, const std::vector<unsigned char>& bytes, const std::string& path) {
  append_cifar(s, bytes, path, {10}, 0, "CIFAR-10");
}

void append_cifar100(Samples& s, const std::vector<unsigned char>& bytes, const std::string& path, bool coarse) {
  append_cifar(s, bytes, path, {20, 100}, coarse ? 0 : 1, "CIFAR-100");
}

void standardize(DataSplit& split, std::vector<float>* mean_out, std::vector<float>* sd_out) {
  const std::int64_t size = split.train.sample_size();
  std::vector<double> mean(static_cast<std::size_t>(size), 0.0), var(static_cast<std::size_t>(size), 0.0);
  for (std::int64_t i = 0; i < split.train.count; ++i)
    for (std::int64_t k = 0; k < size; ++k) mean[k] += split.train.inputs[i * size + k];
  for (auto& m : mean) m /= static_cast<double>(split.train.count);
  for (std::int64_t i = 0; i < split.train.count; ++i)
    for (std::int64_t k = 0; k < size; ++k) var[k] += std::pow(split.train.inputs[i * size + k] - mean[k], 2);
  std::vector<float> m(mean.begin(), mean.end()), sd(mean.size());
  for (std::size_t k = 0; k < sd.size(); ++k)
    sd[k] = static_cast<float>(std::max(std::sqrt(var[k] / static_cast<double>(split.train.count)), 1e-6));
  for (Samples* s : {&split.train, &split.test})
    for (std::int64_t i = 0; i < s->count; ++i)
      for (std::int64_t k = 0; k < size; ++k) s->inputs[i * size + k] = (s->inputs[i * size + k] - m[k]) / sd[k];
  // The double copy of exact and csv data (what float64 runs train on), standardized in double.
  if (!split.train.inputs64.empty()) {
    std::vector<double> m64(mean.size(), 0.0), v64(mean.size(), 0.0);
    const auto& x = split.train.inputs64;
    for (std::int64_t i = 0; i < split.train.count; ++i)
      for (std::int64_t k = 0; k < size; ++k) m64[k] += x[i * size + k] / static_cast<double>(split.train.count);
    for (std::int64_t i = 0; i < split.train.count; ++i)
      for (std::int64_t k = 0; k < size; ++k) v64[k] += std::pow(x[i * size + k] - m64[k], 2);
    for (auto& v : v64) v = std::max(std::sqrt(v / static_cast<double>(split.train.count)), 1e-6);
    for (Samples* s : {&split.train, &split.test})
      if (!s->inputs64.empty())
        for (std::int64_t i = 0; i < s->count; ++i)
          for (std::int64_t k = 0; k < size; ++k) s->inputs64[i * size + k] = (s->inputs64[i * size + k] - m64[k]) / v64[k];
  }
  if (mean_out) *mean_out = m;
  if (sd_out) *sd_out = sd;
}

void standardize_channels(DataSplit& split, std::vector<float>* mean_out, std::vector<float>* sd_out) {
  if (split.train.shape.size() != 3 || split.train.count == 0)
    throw FieldError("normalize_channels", "true: per-channel normalization needs image data ('" + split.description + "' is not)");
  const std::int64_t channels = split.train.shape[0], plane = split.train.shape[1] * split.train.shape[2];
  std::vector<double> sum(static_cast<std::size_t>(channels), 0.0), squares(sum.size(), 0.0);
  for (std::int64_t i = 0; i < split.train.count; ++i)
    for (std::int64_t c = 0; c < channels; ++c)
      for (std::int64_t k = 0; k < plane; ++k) sum[c] += split.train.inputs[(i * channels + c) * plane + k];
  const double count = static_cast<double>(split.train.count * plane);
  std::vector<float> m(sum.size()), sd(sum.size());
  for (std::size_t c = 0; c < sum.size(); ++c) m[c] = static_cast<float>(sum[c] / count);
  for (std::int64_t i = 0; i < split.train.count; ++i)
    for (std::int64_t c = 0; c < channels; ++c)
      for (std::int64_t k = 0; k < plane; ++k) squares[c] += std::pow(split.train.inputs[(i * channels + c) * plane + k] - sum[c] / count, 2);
  for (std::size_t c = 0; c < sum.size(); ++c) sd[c] = static_cast<float>(std::max(std::sqrt(squares[c] / count), 1e-6));
  for (Samples* s : {&split.train, &split.test})
    for (std::int64_t i = 0; i < s->count; ++i)
      for (std::int64_t c = 0; c < channels; ++c)
        for (std::int64_t k = 0; k < plane; ++k) {
          float& v = s->inputs[(i * channels + c) * plane + k];
          v = (v - m[c]) / sd[c];
        }
  if (mean_out) *mean_out = m;
  if (sd_out) *sd_out = sd;
}

// The algebra's random data (`landscape memorize --data random:n=N,seed=S --labels random:seed=T`):
// N distinct points of d small rationals p/q (|p| <= 10, 1 <= q <= 10) and `outputs` such labels,
// as a regression set (in float32 like every input, and in double for float64 runs), no test set.
// Rational inputs and targets as samples (float64 kept beside float32: a float64 run sees the
// algebra's doubles).
static Samples rational_samples(const RationalMatrix& x, const RationalMatrix& y) {
  Samples s;
  s.count = static_cast<std::int64_t>(x.size());
  s.shape = {static_cast<std::int64_t>(x.front().size())};
  s.outputs = static_cast<int>(y.front().size());
  for (const auto& row : x)
    for (const auto& v : row) s.inputs64.push_back(v.to_double()), s.inputs.push_back(static_cast<float>(v.to_double()));
  for (const auto& row : y)
    for (const auto& v : row) s.targets64.push_back(v.to_double()), s.targets.push_back(static_cast<float>(v.to_double()));
  return s;
}

static Samples exact_points(std::uint64_t n, std::uint64_t d, std::uint64_t outputs, std::uint64_t seed, std::uint64_t labels,
                     const std::string& text) {
  if (n == 0 || d == 0 || outputs == 0 || n > 100000 || d > 10000 || outputs > 10000)
    throw FieldError("dataset", "'" + text + "': exact data needs n, d, outputs >= 1 (n <= 100000, d and outputs <= 10000)");
  return rational_samples(random_points(n, static_cast<int>(d), seed), random_labels(n, static_cast<int>(outputs), labels));
}

// The algebra's CSV data (columns x1..x_d then y1..y_K; integers, decimals or p/q; a header row
// allowed): d inputs (default: all columns but the last), the rest targets.
static Samples csv_points(const std::string& path, std::uint64_t d, const std::string& text) {
  const std::size_t columns = csv_column_count(path);
  const std::size_t inputs = d > 0 ? static_cast<std::size_t>(d) : columns - 1;
  if (columns < 2 || inputs == 0 || inputs >= columns)
    throw FieldError("dataset", "'" + text + "': " + path + " has " + std::to_string(columns) + " columns; d=" +
                                    std::to_string(inputs) + " inputs leave no target column");
  const Dataset data = read_csv_dataset(path, static_cast<int>(inputs), static_cast<int>(columns - inputs));
  return rational_samples(data.inputs, data.labels);
}

DataSplit load(const std::string& text, std::uint64_t default_seed) {
  // kind[:PATH][:key=value,...]
  const auto first = text.find(':');
  const std::string kind = text.substr(0, first);
  std::string rest = first == std::string::npos ? "" : text.substr(first + 1), path, options;
  const bool has_path = kind == "idx" || kind == "cifar10" || kind == "cifar100" || kind == "csv";
  if (has_path) {
    const auto last = rest.rfind(':');
    if (last != std::string::npos && rest.find('=', last) != std::string::npos) {
      path = rest.substr(0, last);
      options = rest.substr(last + 1);
    } else {
      path = rest;
    }
    if (path.empty()) throw FieldError("dataset", "'" + text + "': " + kind + (kind == "csv" ? ":FILE needs a file" : ":DIR needs a directory"));
  } else {
    options = rest;
  }
  std::set<std::string> allowed = {"n", "test", "seed", "random-labels"};
  if (kind == "synthetic") allowed.insert({"d", "teacher", "classes"});
  if (kind == "exact") allowed = {"n", "d", "outputs", "seed", "labels"};
  if (kind == "csv") allowed = {"d"};
  if (kind == "cifar100") allowed.insert("coarse");
  const auto kv = options.empty() ? std::map<std::string, std::uint64_t>{}
                                  : parse_key_values("dataset", kind + ":" + options, kind + ":", allowed);
  auto get = [&](const char* key, std::uint64_t fallback) { return kv.count(key) ? kv.at(key) : fallback; };
  const std::uint64_t seed = get("seed", default_seed);

  DataSplit split;
  if (kind == "fashion-mnist" || kind == "idx") {
    const fs::path dir = kind == "idx" ? fs::path(path) : fs::path(kFashionMnistDir);
    if (!fs::is_directory(dir))
      throw FieldError("dataset", "'" + text + "': no directory '" + dir.string() + "'" +
                                      (kind == "idx" ? "" : " (install the Debian package dataset-fashion-mnist)"));
    split.train = read_idx(existing(dir, "train-images-idx3-ubyte"), existing(dir, "train-labels-idx1-ubyte"));
    split.test = read_idx(existing(dir, "t10k-images-idx3-ubyte"), existing(dir, "t10k-labels-idx1-ubyte"));
    split.test.classes = split.test.outputs = split.train.classes = split.train.outputs =
        std::max(split.train.classes, split.test.classes);
  } else if (kind == "cifar10") {
    const fs::path dir(path);
    std::vector<std::string> train;
    for (int b = 1; b <= 5; ++b)
      if (fs::exists(dir / ("data_batch_" + std::to_string(b) + ".bin")))
        train.push_back((dir / ("data_batch_" + std::to_string(b) + ".bin")).string());
    if (train.empty()) throw FieldError("dataset", "'" + text + "': no data_batch_*.bin in '" + path + "'");
    split.train = read_cifar10(train);
    split.test = read_cifar10({existing(dir, "test_batch.bin")});
  } else if (kind == "cifar100") {
    const fs::path dir(path);
    if (!fs::is_directory(dir)) throw FieldError("dataset", "'" + text + "': no directory '" + path + "'");
    for (auto [set, stem] : {std::pair{&split.train, "train.bin"}, std::pair{&split.test, "test.bin"}}) {
      const std::string file = existing(dir, stem);
      append_cifar100(*set, read_maybe_gzip(file), file, get("coarse", 0) != 0);
    }
  } else if (kind == "synthetic") {
    split = synthetic(kv, text, seed);
  } else if (kind == "exact") {
    split.train = exact_points(get("n", 0), get("d", 1), get("outputs", 1), seed, get("labels", 0), text);
  } else if (kind == "csv") {
    split.train = csv_points(path, get("d", 0), text);
  } else {
    throw FieldError("dataset", "'" + text +
                                    "': unknown data set (expected fashion-mnist, idx:DIR, cifar10:DIR, cifar100:DIR, "
                                    "synthetic:..., exact:... or csv:FILE)");
  }
  subset(split.train, get("n", 0), seed * 2 + 1);
  subset(split.test, get("test", 0), seed * 2 + 2);
  if (get("random-labels", 0)) {
    if (!split.train.is_classification())
      throw FieldError("dataset", "'" + text + "': random-labels needs classification data");
    SplitMix64 rng(seed ^ 0x1abe15ULL);
    for (auto& label : split.train.labels) label = rng.uniform_int(0, split.train.classes - 1);
  }
  split.seed = seed;
  split.description = text;
  return split;
}

}  // namespace landscape::data
