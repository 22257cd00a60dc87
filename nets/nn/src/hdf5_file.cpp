// HDF5 handles, writers and checked readers (hdf5_file.hpp), and the plain float64 arrays of
// surfaces and direction files (write_h5_arrays, read_h5_arrays of trajectory.hpp).
#include "hdf5_file.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::nn::hdf5 {

namespace fs = std::filesystem;

Handle::Handle(hid_t i, herr_t (*c)(hid_t), const std::string& what) : id(i), close(c) {
  if (id < 0) throw std::runtime_error("HDF5: " + what);
}

Handle::~Handle() {
  if (id >= 0) close(id);
}

void check(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: " + what);
}

void quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

void refuse(const std::string& path, const std::string& name, const std::string& what) {
  throw InputError(path + ": '" + name + "' " + what);
}

hid_t open_for_reading(const std::string& path) {
  quiet();
  std::error_code error;
  if (!fs::is_regular_file(path, error)) throw InputError("cannot read '" + path + "'");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path + ": not an HDF5 file");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw InputError(path + ": not a readable HDF5 file (corrupt or truncated)");
  return file;
}

bool has_dataset(hid_t file, const std::string& path, const std::string& name) {
  // The link alone: a dataset whose header is corrupt is there, and refused by dataset_shape,
  // rather than taken for an optional dataset that is absent.
  const htri_t exists = H5Lexists(file, name.c_str(), H5P_DEFAULT);
  if (exists < 0) refuse(path, name, "cannot be looked up (the file's root group is corrupt)");
  return exists > 0;
}

namespace {

// The bytes a dataset may hold at most: what it has stored, and never more than the whole file.
std::uint64_t stored_bytes(hid_t set, hid_t file) {
  hsize_t file_size = 0;
  if (H5Fget_filesize(file, &file_size) < 0) return 0;
  return std::min<std::uint64_t>(H5Dget_storage_size(set), file_size);
}

}  // namespace

DatasetShape dataset_shape(hid_t file, const std::string& path, const std::string& name) {
  if (!has_dataset(file, path, name)) refuse(path, name, "is missing");
  const hid_t id = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  if (id < 0) refuse(path, name, "cannot be opened (corrupt)");
  Handle set(id, H5Dclose, name);
  const hid_t space_id = H5Dget_space(set), type_id = H5Dget_type(set);
  if (space_id < 0 || type_id < 0) {
    if (space_id >= 0) H5Sclose(space_id);
    if (type_id >= 0) H5Tclose(type_id);
    refuse(path, name, "has an unreadable shape or type (corrupt)");
  }
  Handle space(space_id, H5Sclose, "space"), type(type_id, H5Tclose, "type");
  DatasetShape s;
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > H5S_MAX_RANK) refuse(path, name, "has an unreadable rank (corrupt)");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) refuse(path, name, "has unreadable dimensions");
  s.elements = 1;
  for (const hsize_t d : dims) {
    if (d > static_cast<hsize_t>(std::numeric_limits<std::int64_t>::max()) ||
        (d > 0 && static_cast<std::uint64_t>(s.elements) > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / d))
      refuse(path, name, "has absurd dimensions (corrupt)");
    s.dims.push_back(static_cast<std::int64_t>(d));
    s.elements *= static_cast<std::int64_t>(d);
  }
  s.type_class = H5Tget_class(type);
  s.type_size = H5Tget_size(type);
  s.variable_string = s.type_class == H5T_STRING && H5Tis_variable_str(type) > 0;
  if (s.type_size == 0) refuse(path, name, "has an element type of size 0 (corrupt)");
  // Fixed-size values are stored in full (no compression is used), so more values than stored
  // bytes is a corrupted length; a variable-length string takes at least 1 byte of the file.
  const std::uint64_t bytes_needed = s.variable_string ? 1 : s.type_size;
  if (s.elements > 0 && static_cast<std::uint64_t>(s.elements) > stored_bytes(set, file) / bytes_needed)
    refuse(path, name, "claims " + std::to_string(s.elements) + " values but stores fewer (corrupt or truncated)");
  return s;
}

namespace {

template <class T>
std::vector<T> read_numbers(hid_t file, const std::string& path, const std::string& name, const DatasetShape& shape,
                            H5T_class_t expected, hid_t memtype, const char* kind) {
  const bool sizes_ok = expected == H5T_FLOAT ? (shape.type_size == 4 || shape.type_size == 8) : shape.type_size <= 8;
  if (shape.type_class != expected || !sizes_ok)
    refuse(path, name, std::string("is not ") + kind + " (its element type is wrong)");
  Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, name);
  std::vector<T> values(static_cast<std::size_t>(shape.elements));
  if (!values.empty() && H5Dread(set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    refuse(path, name, "cannot be read (corrupt: a checksum or the layout does not match)");
  return values;
}

}  // namespace

std::vector<double> read_doubles(hid_t file, const std::string& path, const std::string& name, const DatasetShape& shape) {
  return read_numbers<double>(file, path, name, shape, H5T_FLOAT, H5T_NATIVE_DOUBLE, "floating-point");
}

std::vector<std::int64_t> read_integers(hid_t file, const std::string& path, const std::string& name,
                                        const DatasetShape& shape) {
  return read_numbers<std::int64_t>(file, path, name, shape, H5T_INTEGER, H5T_NATIVE_INT64, "integer");
}

std::vector<std::string> read_strings(hid_t file, const std::string& path, const std::string& name,
                                      const DatasetShape& shape) {
  if (shape.type_class != H5T_STRING || shape.dims.size() != 1) refuse(path, name, "is not a list of strings");
  Handle set(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, name);
  Handle strings(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
  check(H5Tset_cset(strings, H5T_CSET_UTF8), "string charset");
  const auto count = static_cast<std::size_t>(shape.elements);
  std::vector<std::string> out;
  if (!shape.variable_string) {  // fixed-length (this project's files)
    check(H5Tset_size(strings, shape.type_size), "string size");
    std::vector<char> raw(count * shape.type_size);
    if (count && H5Dread(set, strings, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
      refuse(path, name, "cannot be read (corrupt: a checksum or the layout does not match)");
    for (std::size_t k = 0; k < count; ++k) {
      const char* at = raw.data() + k * shape.type_size;
      out.emplace_back(at, std::find(at, at + shape.type_size, '\0'));
    }
    return out;
  }
  check(H5Tset_size(strings, H5T_VARIABLE), "string size");  // variable-length (older files)
  std::vector<char*> raw(count, nullptr);
  if (count && H5Dread(set, strings, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
    refuse(path, name, "cannot be read (corrupt)");
  bool null_entry = false;
  for (char* s : raw) {
    null_entry = null_entry || !s;
    out.emplace_back(s ? s : "");
  }
  Handle space(H5Dget_space(set), H5Sclose, "space");
  if (count) H5Dvlen_reclaim(strings, space, H5P_DEFAULT, raw.data());
  if (null_entry) refuse(path, name, "has a missing entry (corrupt)");
  return out;
}

hid_t create_file(const std::string& path) {
  quiet();
  Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access properties");
  check(H5Pset_libver_bounds(access, H5F_LIBVER_V110, H5F_LIBVER_V110), "format version");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access);
  if (file < 0) throw std::runtime_error("HDF5: cannot create '" + path + "'");
  return file;
}

void create_growing(hid_t file, const char* name, hid_t type, hsize_t cols) {
  const int rank = cols ? 2 : 1;
  hsize_t dims[2] = {0, cols}, max[2] = {H5S_UNLIMITED, cols}, chunk[2] = {1, cols ? cols : 1};
  if (!cols) chunk[0] = 1024;
  Handle space(H5Screate_simple(rank, dims, max), H5Sclose, "dataspace");
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "properties");
  check(H5Pset_chunk(props, rank, chunk), "chunk");
  check(H5Pset_fletcher32(props), "checksum filter");
  Handle set(H5Dcreate2(file, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
             std::string("create ") + name);
}

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

void write_fixed(hid_t file, const char* name, hid_t type, hid_t memtype, const std::vector<hsize_t>& dims,
                 const void* values) {
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "dataspace");
  Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "properties");
  hsize_t count = 1, rest = 1;
  for (std::size_t k = 0; k < dims.size(); ++k) (count *= dims[k]), rest *= k ? dims[k] : 1;
  if (count && !dims.empty()) {
    // Chunks of about 2^17 values along the first dimension, each with a Fletcher-32 checksum.
    std::vector<hsize_t> chunk(dims);
    chunk[0] = std::max<hsize_t>(1, std::min<hsize_t>(dims[0], (hsize_t{1} << 17) / rest));
    check(H5Pset_chunk(props, static_cast<int>(chunk.size()), chunk.data()), "chunk");
    check(H5Pset_fletcher32(props), "checksum filter");
  }
  Handle set(H5Dcreate2(file, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose,
             std::string("create ") + name);
  if (count) check(H5Dwrite(set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), name);
}

}  // namespace landscape::nn::hdf5

namespace landscape::nn {

using namespace hdf5;

void write_h5_arrays(const std::string& path, const std::vector<std::pair<std::string, H5Array>>& arrays) {
  const std::string temporary = path + ".tmp";
  {
    Handle file(create_file(temporary), H5Fclose, "cannot create '" + temporary + "'");
    for (const auto& [name, a] : arrays) {
      const std::vector<hsize_t> dims(a.dims.begin(), a.dims.end());
      write_fixed(file, name.c_str(), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, a.values.data());
    }
  }
  std::filesystem::rename(temporary, path);
}

namespace {

// The names of the floating-point datasets at the root of a file, in name order.
std::vector<std::string> float_datasets(hid_t file, const std::string& path) {
  H5G_info_t info;
  if (H5Gget_info(file, &info) < 0) throw InputError(path + ": its root group is unreadable (corrupt)");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t size = H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (size <= 0 || size > 4096) throw InputError(path + ": a dataset name is unreadable (corrupt)");
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT);
    const hid_t group = H5Gopen2(file, name.c_str(), H5P_DEFAULT);  // groups are no arrays
    if (group >= 0) {
      H5Gclose(group);
      continue;
    }
    if (dataset_shape(file, path, name).type_class == H5T_FLOAT) names.push_back(name);
  }
  return names;
}

}  // namespace

std::vector<std::pair<std::string, H5Array>> read_h5_arrays(const std::string& path, const std::vector<std::string>& names) {
  Handle file(open_for_reading(path), H5Fclose, path);
  std::vector<std::pair<std::string, H5Array>> out;
  for (const auto& name : names.empty() ? float_datasets(file, path) : names) {
    const DatasetShape shape = dataset_shape(file, path, name);
    H5Array a;
    a.dims = shape.dims;
    a.values = read_doubles(file, path, name, shape);
    out.emplace_back(name, std::move(a));
  }
  return out;
}

}  // namespace landscape::nn
