#include "trajectory_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "landscape/spec/error.hpp"

namespace landscape::nn {

namespace {

constexpr std::uint64_t kMagic = 0x314C4F474A52544CULL;  // "LTRJGOL1" read as little-endian bytes
constexpr std::size_t kHeaderWords = 5;

// FNV-1a over the bytes, then the record's index mixed in (SplitMix64's finalizer).
std::uint64_t checksum(const char* bytes, std::size_t n, std::uint64_t index) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t k = 0; k < n; ++k) h = (h ^ static_cast<unsigned char>(bytes[k])) * 0x100000001b3ULL;
  h ^= index + 0x9E3779B97F4A7C15ULL;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
  return h ^ (h >> 31);
}

std::size_t value_size(bool double_precision) { return double_precision ? 8 : 4; }

std::size_t record_size(std::int64_t p, std::int64_t b, bool double_precision) {
  return 16 + static_cast<std::size_t>(p + b) * value_size(double_precision) + 8;
}

std::string header_bytes(std::int64_t p, std::int64_t b, bool double_precision) {
  std::uint64_t words[kHeaderWords] = {kMagic, static_cast<std::uint64_t>(p), static_cast<std::uint64_t>(b),
                                       value_size(double_precision), 0};
  words[4] = checksum(reinterpret_cast<const char*>(words), 4 * sizeof(std::uint64_t), ~0ULL);
  return std::string(reinterpret_cast<const char*>(words), sizeof(words));
}

template <class T>
void put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

std::string record_bytes(const TrajectoryRow& row, bool double_precision, std::int64_t index) {
  std::string out;
  put(out, row.epoch);
  put(out, row.step);
  for (const auto* values : {&row.parameters, &row.buffers})
    for (const double v : *values) double_precision ? put(out, v) : put(out, static_cast<float>(v));
  put(out, checksum(out.data(), out.size(), static_cast<std::uint64_t>(index)));
  return out;
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

template <class T>
T take(const char*& at) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  at += sizeof(T);
  return value;
}

}  // namespace

TrajectoryLog::TrajectoryLog(std::string path, std::int64_t parameter_count, std::int64_t buffer_count,
                             bool double_precision, const std::vector<TrajectoryRow>& rows)
    : path_(std::move(path)), parameter_count_(parameter_count), buffer_count_(buffer_count), double_(double_precision) {
  const std::string temporary = path_ + ".tmp";
  fd_ = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create '" + temporary + "': " + std::strerror(errno));
  write_all(fd_, header_bytes(parameter_count_, buffer_count_, double_), temporary);
  for (const auto& row : rows) append(row);
  if (std::rename(temporary.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot move '" + temporary + "' to '" + path_ + "'");
}

TrajectoryLog::~TrajectoryLog() {
  if (fd_ >= 0) ::close(fd_);
}

void TrajectoryLog::append(const TrajectoryRow& row) {
  if (static_cast<std::int64_t>(row.parameters.size()) != parameter_count_ ||
      static_cast<std::int64_t>(row.buffers.size()) != buffer_count_)
    throw std::logic_error("trajectory log row of the wrong length");
  write_all(fd_, record_bytes(row, double_, rows_), path_);
  ++rows_;
}

void TrajectoryLog::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::remove(path_.c_str());
}

std::vector<TrajectoryRow> TrajectoryLog::read(const std::string& path, std::int64_t parameter_count,
                                               std::int64_t buffer_count, bool double_precision, std::int64_t max_rows) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw InputError("cannot read '" + path + "'");
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{file};
  std::uint64_t words[kHeaderWords];
  if (std::fread(words, sizeof(words), 1, file) != 1) throw InputError(path + ": 'header' is torn");
  if (words[0] != kMagic) throw InputError(path + ": 'header' is not that of a trajectory log");
  if (words[4] != checksum(reinterpret_cast<const char*>(words), 4 * sizeof(std::uint64_t), ~0ULL))
    throw InputError(path + ": 'header' fails its checksum");
  const std::uint64_t expected[3] = {static_cast<std::uint64_t>(parameter_count), static_cast<std::uint64_t>(buffer_count),
                                     value_size(double_precision)};
  const char* fields[3] = {"parameter count", "buffer count", "value size"};
  for (int k = 0; k < 3; ++k)
    if (words[k + 1] != expected[k])
      throw InputError(path + ": '" + fields[k] + "' is " + std::to_string(words[k + 1]) + ", the run has " +
                       std::to_string(expected[k]));
  const std::size_t size = record_size(parameter_count, buffer_count, double_precision);
  std::vector<char> bytes(size);
  std::vector<TrajectoryRow> rows;
  for (std::int64_t index = 0; index < max_rows; ++index) {
    if (std::fread(bytes.data(), size, 1, file) != 1) break;  // a torn (short) last record
    std::uint64_t stored;
    std::memcpy(&stored, bytes.data() + size - 8, 8);
    if (stored != checksum(bytes.data(), size - 8, static_cast<std::uint64_t>(index))) break;
    const char* at = bytes.data();
    TrajectoryRow row;
    row.epoch = take<double>(at);
    row.step = take<std::int64_t>(at);
    for (auto [values, count] : {std::pair{&row.parameters, parameter_count}, std::pair{&row.buffers, buffer_count}}) {
      values->resize(static_cast<std::size_t>(count));
      for (auto& v : *values) v = double_precision ? take<double>(at) : static_cast<double>(take<float>(at));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace landscape::nn
