// The HDF5 trajectory of a run: the writer (with its row log, trajectory_log.hpp, for crash
// safety) and the checked reader.
#include "landscape/nn/trajectory.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "hdf5_file.hpp"
#include "landscape/spec/error.hpp"
#include "trajectory_log.hpp"

namespace landscape::nn {

using namespace hdf5;

std::int64_t LayerInfo::size() const {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

namespace {

constexpr int kMaxLayerRank = 4;  // layer_shapes has 4 columns

// A new trajectory file at `path` (through a temporary file and rename) holding `rows`.
void write_trajectory_file(const std::string& path, const std::vector<LayerInfo>& layers, std::int64_t parameter_count,
                           std::int64_t buffer_count, bool double_precision, const std::vector<TrajectoryRow>& rows) {
  const std::string temporary = path + ".tmp";
  {
    Handle file(create_file(temporary), H5Fclose, "cannot create '" + temporary + "'");
    const hid_t type = double_precision ? H5T_IEEE_F64LE : H5T_IEEE_F32LE;
    create_growing(file, "parameters", type, static_cast<hsize_t>(parameter_count));
    if (buffer_count) create_growing(file, "buffers", type, static_cast<hsize_t>(buffer_count));
    create_growing(file, "epoch", H5T_IEEE_F64LE, 0);
    create_growing(file, "step", H5T_STD_I64LE, 0);
    const hsize_t count = layers.size();
    std::size_t longest = 1;
    for (const auto& l : layers) longest = std::max(longest, l.name.size() + 1);
    std::vector<char> names;  // fixed-length strings: checksummed with their chunk, unlike a heap
    std::vector<std::int64_t> offsets, ndims, shapes;
    for (const auto& l : layers) {
      names.insert(names.end(), l.name.begin(), l.name.end());
      names.resize(names.size() + longest - l.name.size(), '\0');
      offsets.push_back(l.offset);
      ndims.push_back(static_cast<std::int64_t>(l.shape.size()));
      for (std::size_t k = 0; k < kMaxLayerRank; ++k) shapes.push_back(k < l.shape.size() ? l.shape[k] : 0);
    }
    Handle strings(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(strings, longest), "string size");
    check(H5Tset_cset(strings, H5T_CSET_UTF8), "string charset");
    write_fixed(file, "layer_names", strings, strings, {count}, names.data());
    write_fixed(file, "layer_offsets", H5T_STD_I64LE, H5T_NATIVE_INT64, {count}, offsets.data());
    write_fixed(file, "layer_ndims", H5T_STD_I64LE, H5T_NATIVE_INT64, {count}, ndims.data());
    write_fixed(file, "layer_shapes", H5T_STD_I64LE, H5T_NATIVE_INT64, {count, kMaxLayerRank}, shapes.data());
    hsize_t r = 0;
    for (const auto& row : rows) {
      ++r;
      set_rows(file, "parameters", r, H5T_NATIVE_DOUBLE, row.parameters.data());
      if (buffer_count) set_rows(file, "buffers", r, H5T_NATIVE_DOUBLE, row.buffers.data());
      set_rows(file, "epoch", r, H5T_NATIVE_DOUBLE, &row.epoch);
      set_rows(file, "step", r, H5T_NATIVE_INT64, &row.step);
    }
  }
  std::filesystem::rename(temporary, path);
}

// The first `keep` rows of an interrupted run: from the row log when it holds them (a kill tears
// at most its last record), else from the HDF5 file itself (a run finished before the resume, or
// one without a log); InputError naming both files when neither has them.
std::vector<TrajectoryRow> rows_to_keep(const std::string& path, std::int64_t parameter_count, std::int64_t buffer_count,
                                        bool double_precision, std::int64_t keep) {
  if (keep == 0) return {};
  const std::string log = TrajectoryWriter::log_path(path);
  std::string why_not_log = log + " is missing", why_not_file;
  if (std::filesystem::exists(log)) {
    try {
      auto rows = TrajectoryLog::read(log, parameter_count, buffer_count, double_precision, keep);
      if (static_cast<std::int64_t>(rows.size()) == keep) return rows;
      why_not_log = log + " holds " + std::to_string(rows.size()) + " complete records";
    } catch (const InputError& e) {
      why_not_log = e.what();
    }
  }
  try {
    const Trajectory t = read_trajectory(path);
    const auto have = static_cast<std::int64_t>(t.epoch.size());
    if (static_cast<std::int64_t>(t.parameters.front().size()) != parameter_count ||
        static_cast<std::int64_t>(t.buffers.front().size()) != buffer_count)
      throw InputError(path + ": 'parameters' or 'buffers' has another width than the model");
    if (have < keep) throw InputError(path + ": has " + std::to_string(have) + " records");
    std::vector<TrajectoryRow> rows;
    for (std::int64_t r = 0; r < keep; ++r)
      rows.push_back({t.epoch[r], t.step[r], t.parameters[r], t.buffers[r]});
    return rows;
  } catch (const InputError& e) {
    why_not_file = e.what();
  }
  throw InputError(path + ": the checkpoint needs its first " + std::to_string(keep) +
                   " records and neither copy has them (" + why_not_log + "; " + why_not_file + ")");
}

}  // namespace

TrajectoryWriter::TrajectoryWriter(std::string path, std::vector<LayerInfo> layers, std::int64_t buffer_count,
                                   bool double_precision, std::optional<std::int64_t> keep_rows)
    : path_(std::move(path)), layers_(std::move(layers)), buffer_count_(buffer_count), double_(double_precision) {
  quiet();
  for (const auto& l : layers_) parameter_count_ += l.size();
  std::vector<TrajectoryRow> rows;
  if (keep_rows) rows = rows_to_keep(path_, parameter_count_, buffer_count_, double_, *keep_rows);
  write_trajectory_file(path_, layers_, parameter_count_, buffer_count_, double_, rows);
  log_ = std::make_unique<TrajectoryLog>(log_path(path_), parameter_count_, buffer_count_, double_, rows);
  rows_ = static_cast<std::int64_t>(rows.size());
}

TrajectoryWriter::~TrajectoryWriter() = default;

void TrajectoryWriter::append(double epoch, std::int64_t step, const std::vector<double>& parameters,
                              const std::vector<double>& buffers) {
  if (static_cast<std::int64_t>(parameters.size()) != parameter_count_ ||
      static_cast<std::int64_t>(buffers.size()) != buffer_count_)
    throw std::logic_error("trajectory row of the wrong length");
  if (!log_) throw std::logic_error("trajectory appended to after finish()");
  log_->append({epoch, step, parameters, buffers});
  Handle file(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "cannot open '" + path_ + "'");
  const auto rows = static_cast<hsize_t>(++rows_);
  set_rows(file, "parameters", rows, H5T_NATIVE_DOUBLE, parameters.data());
  if (buffer_count_) set_rows(file, "buffers", rows, H5T_NATIVE_DOUBLE, buffers.data());
  set_rows(file, "epoch", rows, H5T_NATIVE_DOUBLE, &epoch);
  set_rows(file, "step", rows, H5T_NATIVE_INT64, &step);
}

void TrajectoryWriter::finish() {
  if (log_) log_->remove();
  log_.reset();
}

namespace {

// Checks of the reader: every one names the file and the dataset (refuse()).
void expect_rank(const std::string& path, const std::string& name, const DatasetShape& s, std::size_t rank) {
  if (s.dims.size() != rank)
    refuse(path, name, "has rank " + std::to_string(s.dims.size()) + ", expected " + std::to_string(rank));
}

void expect_length(const std::string& path, const std::string& name, std::int64_t have, std::int64_t want,
                   const std::string& other) {
  if (have != want)
    refuse(path, name, "has " + std::to_string(have) + " entries, " + other + " has " + std::to_string(want));
}

// The layers, checked: known ranks, non-negative shapes (product without overflow), padding 0,
// names present, and offsets that tile the P columns of `parameters` in order.
std::vector<LayerInfo> read_layers(hid_t file, const std::string& path, std::int64_t parameter_count) {
  const auto names_shape = dataset_shape(file, path, "layer_names");
  expect_rank(path, "layer_names", names_shape, 1);
  const std::int64_t count = names_shape.dims[0];
  auto shape_of = [&](const char* name, std::size_t rank) {
    const auto s = dataset_shape(file, path, name);
    expect_rank(path, name, s, rank);
    expect_length(path, name, s.dims[0], count, "'layer_names'");
    if (rank == 2 && s.dims[1] != kMaxLayerRank) refuse(path, name, "has " + std::to_string(s.dims[1]) + " columns, expected 4");
    return s;
  };
  const auto offsets = read_integers(file, path, "layer_offsets", shape_of("layer_offsets", 1));
  const auto ndims = read_integers(file, path, "layer_ndims", shape_of("layer_ndims", 1));
  const auto shapes = read_integers(file, path, "layer_shapes", shape_of("layer_shapes", 2));
  const auto names = read_strings(file, path, "layer_names", names_shape);
  std::vector<LayerInfo> layers;
  std::int64_t next = 0;
  for (std::int64_t l = 0; l < count; ++l) {
    const std::string at = " entry " + std::to_string(l);
    if (names[l].empty()) refuse(path, "layer_names", at + " is empty");
    if (ndims[l] < 0 || ndims[l] > kMaxLayerRank) refuse(path, "layer_ndims", at + " is " + std::to_string(ndims[l]) + ", expected 0..4");
    LayerInfo info{names[l], {}, offsets[l]};
    std::int64_t size = 1;
    for (std::int64_t k = 0; k < kMaxLayerRank; ++k) {
      const std::int64_t d = shapes[4 * l + k];
      if (k >= ndims[l]) {
        if (d != 0) refuse(path, "layer_shapes", at + " has " + std::to_string(d) + " past its rank, expected 0");
        continue;
      }
      if (d < 0 || (d > 0 && size > parameter_count / d)) refuse(path, "layer_shapes", at + " has a size beyond 'parameters'");
      size *= d;
      info.shape.push_back(d);
    }
    if (info.offset != next)
      refuse(path, "layer_offsets", at + " is " + std::to_string(info.offset) + ", expected " + std::to_string(next) +
                                        " (the layers tile the columns in order)");
    if (size > parameter_count - next) refuse(path, "layer_shapes", at + " runs past the " + std::to_string(parameter_count) + " columns");
    next += size;
    layers.push_back(std::move(info));
  }
  if (next != parameter_count)
    refuse(path, "layer_shapes", "covers " + std::to_string(next) + " columns, 'parameters' has " + std::to_string(parameter_count));
  return layers;
}

// A [T, width] float dataset as T rows (width read from the file, T checked against `rows`).
std::vector<std::vector<double>> read_rows(hid_t file, const std::string& path, const char* name, std::int64_t rows) {
  const auto s = dataset_shape(file, path, name);
  expect_rank(path, name, s, 2);
  expect_length(path, name, s.dims[0], rows, "'epoch'");
  const auto all = read_doubles(file, path, name, s);
  const auto width = static_cast<std::size_t>(s.dims[1]);
  std::vector<std::vector<double>> out(static_cast<std::size_t>(rows));
  for (std::size_t r = 0; r < out.size(); ++r) out[r].assign(all.begin() + r * width, all.begin() + (r + 1) * width);
  return out;
}

}  // namespace

Trajectory read_trajectory(const std::string& path) {
  Handle file(open_for_reading(path), H5Fclose, path);
  if (!has_dataset(file, path, "epoch")) throw InputError(path + ": not a trajectory file (no dataset 'epoch')");
  Trajectory t;
  const auto epoch_shape = dataset_shape(file, path, "epoch");
  expect_rank(path, "epoch", epoch_shape, 1);
  const std::int64_t rows = epoch_shape.dims[0];
  if (rows == 0) refuse(path, "epoch", "has no records (a run killed before its first record)");
  t.epoch = read_doubles(file, path, "epoch", epoch_shape);
  const auto step_shape = dataset_shape(file, path, "step");
  expect_rank(path, "step", step_shape, 1);
  expect_length(path, "step", step_shape.dims[0], rows, "'epoch'");
  t.step = read_integers(file, path, "step", step_shape);
  t.parameters = read_rows(file, path, "parameters", rows);
  const auto parameter_count = static_cast<std::int64_t>(t.parameters.front().size());
  t.layers = read_layers(file, path, parameter_count);
  t.buffers = has_dataset(file, path, "buffers") ? read_rows(file, path, "buffers", rows)
                                           : std::vector<std::vector<double>>(static_cast<std::size_t>(rows));
  return t;
}

}  // namespace landscape::nn
