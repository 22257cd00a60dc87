// The HDF5 trajectory of a training run: one row per record (every epoch, or every k steps) of
// the flattened parameter vector in the shared order, with layer names and shapes so that h5py
// users can cut it into tensors. No LibTorch here.
//
// File layout (all datasets at the root):
//   parameters      float32 or float64 [T, P]   row t = the parameters at record t
//   buffers         same type [T, B]            BatchNorm running statistics (only when B > 0)
//   epoch           float64 [T]                 fractional for records inside an epoch
//   step            int64 [T]                   optimizer steps taken
//   layer_names     UTF-8 strings [L], fixed length e.g. "fc0.weight" (variable length before 2025)
//   layer_offsets   int64 [L]                   first column of each layer in `parameters`
//   layer_shapes    int64 [L, 4]                the shape, padded with 0 after layer_ndims entries
//   layer_ndims     int64 [L]
// e.g. in Python: W = f["parameters"][t, o:o + n].reshape(shape). Files are written in the HDF5 1.10
// format (checksummed metadata) and every dataset in checksummed chunks (Fletcher-32), so a
// flipped byte is a read error, not a different number.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace landscape::nn {

struct LayerInfo {
  std::string name;
  std::vector<std::int64_t> shape;
  std::int64_t offset = 0;
  std::int64_t size() const;
};

struct Trajectory {
  std::vector<LayerInfo> layers;
  std::vector<double> epoch;
  std::vector<std::int64_t> step;
  std::vector<std::vector<double>> parameters;  // T rows of P
  std::vector<std::vector<double>> buffers;     // T rows of B (empty rows when none)
};

class TrajectoryLog;

// Crash safety. trajectory.h5 grows in place, and a kill while libhdf5 rewrites its metadata can
// leave a file that does not open, or whose earlier rows read back wrong; HDF5's SWMR mode would
// not help (it protects readers of a live writer, not a killed writer's file) and a new file per
// record costs a copy of the whole trajectory per row. So the writer keeps the rows a second
// time in an append-only log, `path` + ".rows" (trajectory_log.hpp: a kill tears at most its last
// record, and each record carries a checksum), and a resume never trusts the torn HDF5 file: it
// rebuilds trajectory.h5 from the first `keep_rows` rows of the log (the count the checkpoint
// recorded) into a new file renamed over the old one. When the log is missing (a finished run, or
// one written before the log existed) the rows come from trajectory.h5 itself, read with every
// check of read_trajectory. Either way the resumed file holds exactly the rows of an
// uninterrupted run.
class TrajectoryWriter {
 public:
  // Creates `path` (replacing it) and its row log, or with `keep_rows` rebuilds both from the
  // first `keep_rows` rows of an interrupted run (those recorded before its checkpoint); InputError
  // naming the file when neither the log nor `path` holds them.
  TrajectoryWriter(std::string path, std::vector<LayerInfo> layers, std::int64_t buffer_count, bool double_precision,
                   std::optional<std::int64_t> keep_rows = std::nullopt);
  ~TrajectoryWriter();
  TrajectoryWriter(const TrajectoryWriter&) = delete;
  TrajectoryWriter& operator=(const TrajectoryWriter&) = delete;
  // Appends one row to the log and then to `path`; the HDF5 file is closed after each append, so
  // it is complete between records.
  void append(double epoch, std::int64_t step, const std::vector<double>& parameters,
              const std::vector<double>& buffers);
  // The run is finished: deletes the row log (`path` was closed cleanly after its last row).
  void finish();
  std::int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }
  // Where the row log of the trajectory at `path` lives.
  static std::string log_path(const std::string& path) { return path + ".rows"; }

 private:
  std::string path_;
  std::vector<LayerInfo> layers_;
  std::int64_t parameter_count_ = 0, buffer_count_ = 0, rows_ = 0;
  bool double_ = false;
  std::unique_ptr<TrajectoryLog> log_;
};

// Reads a trajectory file. Every rank, length, type and layer entry read is checked against the
// layout above and against the other datasets (equal row counts, layers that tile the P columns,
// at least one record) before it is used: InputError naming the file and the dataset otherwise.
Trajectory read_trajectory(const std::string& path);

// Plain float64 arrays in an HDF5 file (surfaces, directions): written together through a
// temporary file and rename, read back by name.
struct H5Array {
  std::vector<std::int64_t> dims;
  std::vector<double> values;
};
void write_h5_arrays(const std::string& path, const std::vector<std::pair<std::string, H5Array>>& arrays);
// The named arrays of `path` (every float dataset when `names` is empty); InputError naming the
// file and the dataset when the file or a name is missing, a dataset is not floating-point, or its
// stored length does not match its dimensions. The caller checks the dimensions it needs.
std::vector<std::pair<std::string, H5Array>> read_h5_arrays(const std::string& path, const std::vector<std::string>& names);

}  // namespace landscape::nn
