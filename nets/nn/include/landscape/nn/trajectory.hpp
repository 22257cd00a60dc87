// The HDF5 trajectory of a training run: one row per record (every epoch, or every k steps) of
// the flattened parameter vector in the shared order, with layer names and shapes so that h5py
// users can cut it into tensors. No LibTorch here.
//
// File layout (all datasets at the root):
//   parameters      float32 or float64 [T, P]   row t = the parameters at record t
//   buffers         same type [T, B]            BatchNorm running statistics (only when B > 0)
//   epoch           float64 [T]                 fractional for records inside an epoch
//   step            int64 [T]                   optimizer steps taken
//   layer_names     variable-length strings [L] e.g. "fc0.weight"
//   layer_offsets   int64 [L]                   first column of each layer in `parameters`
//   layer_shapes    int64 [L, 4]                the shape, padded with 0 after layer_ndims entries
//   layer_ndims     int64 [L]
// e.g. in Python: W = f["parameters"][t, o:o + n].reshape(shape).
#pragma once

#include <cstdint>
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

class TrajectoryWriter {
 public:
  // Creates `path` (replacing it), or with `keep_rows` opens the existing file of an interrupted
  // run and drops the rows after the first `keep_rows` (those recorded after the checkpoint).
  TrajectoryWriter(std::string path, std::vector<LayerInfo> layers, std::int64_t buffer_count, bool double_precision,
                   std::optional<std::int64_t> keep_rows = std::nullopt);
  // Appends one row; the file is closed after each append, so it is complete between records.
  void append(double epoch, std::int64_t step, const std::vector<double>& parameters,
              const std::vector<double>& buffers);
  std::int64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::int64_t parameter_count_ = 0, buffer_count_ = 0, rows_ = 0;
  bool double_ = false;
};

// Reads a trajectory file; throws InputError when it is missing or not a trajectory.
Trajectory read_trajectory(const std::string& path);

// Plain float64 arrays in an HDF5 file (surfaces, directions): written together through a
// temporary file and rename, read back by name.
struct H5Array {
  std::vector<std::int64_t> dims;
  std::vector<double> values;
};
void write_h5_arrays(const std::string& path, const std::vector<std::pair<std::string, H5Array>>& arrays);
// The named arrays of `path` (every float dataset when `names` is empty); InputError when the file
// or a name is missing.
std::vector<std::pair<std::string, H5Array>> read_h5_arrays(const std::string& path, const std::vector<std::string>& names);

}  // namespace landscape::nn
