// The rows of an unfinished run's trajectory, kept a second time in an append-only file beside
// trajectory.h5 (internal to resumption; no LibTorch, no HDF5).
//
// Why: trajectory.h5 grows in place, and a kill while libhdf5 updates its metadata (extents,
// chunk index, superblock) can leave a file that libhdf5 cannot open, or one whose earlier rows
// read back wrong. This log is only ever appended to: a kill tears at most its last record, every
// record carries a checksum, so the first `n` complete records are exactly the first `n` rows that
// were recorded. A resume rebuilds trajectory.h5 from them (TrajectoryWriter).
//
// Layout (native byte order): a header of five uint64 (magic, parameter count P, buffer count B,
// value size 4 or 8, checksum of the four), then fixed-size records: epoch (float64), step
// (int64), the P + B values (float32 or float64, as in trajectory.h5), and a uint64 checksum of the
// record's bytes and its index (a record copied to another place does not verify).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace landscape::nn {

struct TrajectoryRow {
  double epoch = 0;
  std::int64_t step = 0;
  std::vector<double> parameters, buffers;
};

class TrajectoryLog {
 public:
  // Writes `path` with exactly `rows` (through a temporary file and rename) and keeps it open for
  // appending.
  TrajectoryLog(std::string path, std::int64_t parameter_count, std::int64_t buffer_count, bool double_precision,
                const std::vector<TrajectoryRow>& rows);
  ~TrajectoryLog();
  TrajectoryLog(const TrajectoryLog&) = delete;
  TrajectoryLog& operator=(const TrajectoryLog&) = delete;

  // Appends one record with a single write (a kill leaves it whole or short, never another's).
  void append(const TrajectoryRow& row);
  // Closes and deletes the log (the run is finished and trajectory.h5 was closed cleanly).
  void remove();

  // The first complete, verified records of the log at `path`, at most `max_rows`. InputError
  // naming the file and the field when its header does not match (P, B, value size) or is torn.
  static std::vector<TrajectoryRow> read(const std::string& path, std::int64_t parameter_count,
                                         std::int64_t buffer_count, bool double_precision, std::int64_t max_rows);

 private:
  std::string path_;
  std::int64_t parameter_count_, buffer_count_;
  bool double_;
  std::int64_t rows_ = 0;
  int fd_ = -1;
};

}  // namespace landscape::nn
