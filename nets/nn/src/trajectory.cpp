#include "landscape/nn/trajectory.hpp"

#include <hdf5.h>

#include <filesystem>
#include <numeric>
#include <stdexcept>

#include "landscape/spec/error.hpp"

namespace landscape::nn {

std::int64_t LayerInfo::size() const {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

namespace {

// Closes an HDF5 handle when it goes out of scope.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t), const std::string& what) : id(i), close(c) {
    if (id < 0) throw std::runtime_error("HDF5: " + what);
  }
  ~Handle() {
    if (id >= 0) close(id);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator hid_t() const { return id; }
};

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: " + what);
}

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// An extensible 2-D dataset [0, cols] (or 1-D when cols == 0), chunked by rows.
void create_growing(hid_t file, const char* name, hid_t type, hsize_t cols) {
  const int rank = cols ? 2 : 1;
  hsize_t dims[2] = {0, cols}, max[2] = {H5S_UNLIMITED, cols}, chunk[2] = {1, cols ? cols : 1};
  if (!cols) chunk[0] = 1024;
  Handle space(H5Screate_simple(rank, dims, max), H5Sclose, "dataspace");
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "properties");
  check(H5Pset_chunk(props, rank, chunk), "chunk");
  Handle set(H5Dcreate2(file, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
             std::string("create ") + name);
}

// Resizes a growing dataset to `rows` and, if `values` is given, writes its last row.
void set_rows(hid_t file, const char* name, hsize_t rows, hid_t memtype, const void* values) {
  Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, std::string("open ") + name);
  Handle old(H5Dget_space(set), H5Sclose, "space");
  const int rank = H5Sget_simple_extent_ndims(old);
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(old, dims, nullptr);
  dims[0] = rows;
  check(H5Dset_extent(set, dims), std::string("extend ") + name);
  if (!values) return;
  Handle space(H5Dget_space(set), H5Sclose, "space");
  hsize_t start[2] = {rows - 1, 0}, count[2] = {1, dims[1]};
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr), "select");
  Handle memory(H5Screate_simple(rank, count, nullptr), H5Sclose, "memory space");
  check(H5Dwrite(set, memtype, memory, space, H5P_DEFAULT, values), std::string("write ") + name);
}

template <class T>
void write_fixed(hid_t file, const char* name, hid_t type, const std::vector<hsize_t>& dims, const std::vector<T>& values) {
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace");
  Handle set(H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             std::string("create ") + name);
  if (!values.empty()) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
}

std::vector<hsize_t> dims_of(hid_t set) {
  Handle space(H5Dget_space(set), H5Sclose, "space");
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

template <class T>
std::vector<T> read_all(hid_t file, const char* name, hid_t memtype, const std::string& path) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) throw InputError(path + ": not a trajectory file (no '" + name + "')");
  Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, name);
  hsize_t total = 1;
  for (auto d : dims_of(set)) total *= d;
  std::vector<T> values(total);
  if (total) check(H5Dread(set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name);
  return values;
}

}  // namespace

TrajectoryWriter::TrajectoryWriter(std::string path, std::vector<LayerInfo> layers, std::int64_t buffer_count,
                                   bool double_precision, std::optional<std::int64_t> keep_rows)
    : path_(std::move(path)), buffer_count_(buffer_count), double_(double_precision) {
  quiet();
  for (const auto& l : layers) parameter_count_ += l.size();
  if (keep_rows) {
    Handle file(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "cannot open '" + path_ + "' to resume");
    Handle set(H5Dopen2(file, "epoch", H5P_DEFAULT), H5Dclose, path_ + ": no 'epoch'");
    const auto have = static_cast<std::int64_t>(dims_of(set)[0]);
    if (have < *keep_rows)
      throw InputError(path_ + ": has " + std::to_string(have) + " records, the checkpoint needs " +
                       std::to_string(*keep_rows));
    rows_ = *keep_rows;
    for (const char* name : {"parameters", "epoch", "step"}) set_rows(file, name, rows_, 0, nullptr);
    if (buffer_count_) set_rows(file, "buffers", rows_, 0, nullptr);
    return;
  }
  const std::string temporary = path_ + ".tmp";
  {
    Handle file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "cannot create '" + temporary + "'");
    const hid_t type = double_ ? H5T_IEEE_F64LE : H5T_IEEE_F32LE;
    create_growing(file, "parameters", type, static_cast<hsize_t>(parameter_count_));
    if (buffer_count_) create_growing(file, "buffers", type, static_cast<hsize_t>(buffer_count_));
    create_growing(file, "epoch", H5T_IEEE_F64LE, 0);
    create_growing(file, "step", H5T_STD_I64LE, 0);
    const hsize_t count = layers.size();
    std::vector<const char*> names;
    std::vector<std::int64_t> offsets, ndims, shapes;
    for (const auto& l : layers) {
      names.push_back(l.name.c_str());
      offsets.push_back(l.offset);
      ndims.push_back(static_cast<std::int64_t>(l.shape.size()));
      for (std::size_t k = 0; k < 4; ++k) shapes.push_back(k < l.shape.size() ? l.shape[k] : 0);
    }
    Handle strings(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(strings, H5T_VARIABLE), "string size");
    check(H5Tset_cset(strings, H5T_CSET_UTF8), "string charset");
    write_fixed(file, "layer_names", strings, {count}, names);
    write_fixed(file, "layer_offsets", H5T_NATIVE_INT64, {count}, offsets);
    write_fixed(file, "layer_ndims", H5T_NATIVE_INT64, {count}, ndims);
    write_fixed(file, "layer_shapes", H5T_NATIVE_INT64, {count, 4}, shapes);
  }
  std::filesystem::rename(temporary, path_);
}

void TrajectoryWriter::append(double epoch, std::int64_t step, const std::vector<double>& parameters,
                              const std::vector<double>& buffers) {
  if (static_cast<std::int64_t>(parameters.size()) != parameter_count_ ||
      static_cast<std::int64_t>(buffers.size()) != buffer_count_)
    throw std::logic_error("trajectory row of the wrong length");
  Handle file(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, "cannot open '" + path_ + "'");
  const auto rows = static_cast<hsize_t>(++rows_);
  set_rows(file, "parameters", rows, H5T_NATIVE_DOUBLE, parameters.data());
  if (buffer_count_) set_rows(file, "buffers", rows, H5T_NATIVE_DOUBLE, buffers.data());
  set_rows(file, "epoch", rows, H5T_NATIVE_DOUBLE, &epoch);
  set_rows(file, "step", rows, H5T_NATIVE_INT64, &step);
}

Trajectory read_trajectory(const std::string& path) {
  quiet();
  if (!std::filesystem::exists(path)) throw InputError("cannot read '" + path + "'");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "cannot open '" + path + "'");
  Trajectory t;
  t.epoch = read_all<double>(file, "epoch", H5T_NATIVE_DOUBLE, path);
  t.step = read_all<std::int64_t>(file, "step", H5T_NATIVE_INT64, path);
  const auto offsets = read_all<std::int64_t>(file, "layer_offsets", H5T_NATIVE_INT64, path);
  const auto ndims = read_all<std::int64_t>(file, "layer_ndims", H5T_NATIVE_INT64, path);
  const auto shapes = read_all<std::int64_t>(file, "layer_shapes", H5T_NATIVE_INT64, path);
  {
    Handle set(H5Dopen2(file, "layer_names", H5P_DEFAULT), H5Dclose, "layer_names");
    Handle strings(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(strings, H5T_VARIABLE), "string size");
    check(H5Tset_cset(strings, H5T_CSET_UTF8), "string charset");
    std::vector<char*> names(offsets.size());
    if (!names.empty()) check(H5Dread(set, strings, H5S_ALL, H5S_ALL, H5P_DEFAULT, names.data()), "layer_names");
    for (std::size_t l = 0; l < names.size(); ++l) {
      LayerInfo info;
      info.name = names[l];
      info.offset = offsets[l];
      info.shape.assign(shapes.begin() + 4 * l, shapes.begin() + 4 * l + ndims[l]);
      t.layers.push_back(info);
    }
    Handle space(H5Dget_space(set), H5Sclose, "space");
    if (!names.empty()) H5Dvlen_reclaim(strings, space, H5P_DEFAULT, names.data());
  }
  auto rows = [&](const char* name) {
    std::vector<std::vector<double>> out(t.epoch.size());
    if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return out;
    Handle set(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, name);
    const auto dims = dims_of(set);
    const auto all = read_all<double>(file, name, H5T_NATIVE_DOUBLE, path);
    if (dims.size() != 2 || dims[0] != t.epoch.size()) throw InputError(path + ": '" + name + "' does not match 'epoch'");
    for (std::size_t r = 0; r < dims[0]; ++r) out[r].assign(all.begin() + r * dims[1], all.begin() + (r + 1) * dims[1]);
    return out;
  };
  t.parameters = rows("parameters");
  t.buffers = rows("buffers");
  return t;
}

void write_h5_arrays(const std::string& path, const std::vector<std::pair<std::string, H5Array>>& arrays) {
  quiet();
  const std::string temporary = path + ".tmp";
  {
    Handle file(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                "cannot create '" + temporary + "'");
    for (const auto& [name, a] : arrays) {
      std::vector<hsize_t> dims(a.dims.begin(), a.dims.end());
      write_fixed(file, name.c_str(), H5T_NATIVE_DOUBLE, dims, a.values);
    }
  }
  std::filesystem::rename(temporary, path);
}

namespace {

// The names of the floating-point datasets at the root of a file, in name order.
std::vector<std::string> float_datasets(hid_t file) {
  H5G_info_t info;
  check(H5Gget_info(file, &info), "group info");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size = H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    check(static_cast<herr_t>(size < 0 ? -1 : 0), "link name");
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    const hid_t id = H5Dopen2(file, name.c_str(), H5P_DEFAULT);  // fails (quietly) for a group
    if (id < 0) continue;
    Handle set(id, H5Dclose, name);
    Handle type(H5Dget_type(set), H5Tclose, "type");
    if (H5Tget_class(type) == H5T_FLOAT) names.push_back(name);
  }
  return names;
}

}  // namespace

std::vector<std::pair<std::string, H5Array>> read_h5_arrays(const std::string& path, const std::vector<std::string>& names) {
  quiet();
  if (!std::filesystem::exists(path)) throw InputError("cannot read '" + path + "'");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "cannot open '" + path + "'");
  std::vector<std::pair<std::string, H5Array>> out;
  for (const auto& name : names.empty() ? float_datasets(file) : names) {
    if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) throw InputError(path + ": no dataset '" + name + "'");
    Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, name);
    H5Array a;
    for (auto d : dims_of(set)) a.dims.push_back(static_cast<std::int64_t>(d));
    a.values = read_all<double>(file, name.c_str(), H5T_NATIVE_DOUBLE, path);
    out.emplace_back(name, std::move(a));
  }
  return out;
}

}  // namespace landscape::nn
