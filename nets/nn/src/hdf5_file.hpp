// HDF5 handles, writers and checked readers of the nets library (internal; no LibTorch).
//
// Every read goes through `dataset_shape` first: the rank, the dimensions and the element type
// read from the file are checked (by the caller, against what it expects and against the other
// datasets) before anything is allocated, and a dataset may not claim more values than the bytes
// it has stored (nor than the file holds), so a corrupted length is an InputError that names the
// file and the dataset, never a huge allocation or a read of fill values.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace landscape::nn::hdf5 {

// Closes an HDF5 handle when it goes out of scope; a failed open throws std::runtime_error.
struct Handle {
  hid_t id;
  herr_t (*close)(hid_t);
  Handle(hid_t i, herr_t (*c)(hid_t), const std::string& what);
  ~Handle();
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  operator hid_t() const { return id; }
};

// std::runtime_error("HDF5: what") when status < 0.
void check(herr_t status, const std::string& what);
// Turns off libhdf5's printing of its error stack (the project reports errors itself).
void quiet();

// Opens `path` read-only; InputError naming the file when it is missing, not HDF5 or unreadable.
hid_t open_for_reading(const std::string& path);

// A dataset as the file describes it.
struct DatasetShape {
  std::vector<std::int64_t> dims;
  H5T_class_t type_class = H5T_NO_CLASS;
  std::size_t type_size = 0;
  bool variable_string = false;
  std::int64_t elements = 0;  // the product of dims (checked: no overflow)
};

// The shape of dataset `name`; InputError "path: 'name' is missing" when there is none.
DatasetShape dataset_shape(hid_t file, const std::string& path, const std::string& name);
// Whether `name` is linked at the root (a corrupt dataset counts as present); InputError when the
// root group cannot be searched.
bool has_dataset(hid_t file, const std::string& path, const std::string& name);

// Numeric reads converted to double or int64. InputError naming the file and the dataset when its
// class is not `expected` (H5T_FLOAT or H5T_INTEGER) or it claims more values than it stores.
std::vector<double> read_doubles(hid_t file, const std::string& path, const std::string& name,
                                 const DatasetShape& shape);
std::vector<std::int64_t> read_integers(hid_t file, const std::string& path, const std::string& name,
                                        const DatasetShape& shape);
// A 1-D dataset of fixed- or variable-length strings; InputError for another type or a null entry.
std::vector<std::string> read_strings(hid_t file, const std::string& path, const std::string& name,
                                      const DatasetShape& shape);

// InputError "path: 'name' <what>" (one line naming the file and the dataset).
[[noreturn]] void refuse(const std::string& path, const std::string& name, const std::string& what);

// File creation properties of the files the project writes: the HDF5 1.10 format, whose metadata
// (superblock, object headers, chunk indexes) carries checksums, so a flipped byte there is an
// error from libhdf5 rather than a silently different file.
hid_t create_file(const std::string& path);

// An extensible 2-D dataset [0, cols] (1-D when cols == 0) chunked by rows, each chunk with a
// Fletcher-32 checksum (a flipped value is a read error, not a different number).
void create_growing(hid_t file, const char* name, hid_t type, hsize_t cols);
// Resizes a growing dataset to `rows` and, if `values` is given, writes its last row.
void set_rows(hid_t file, const char* name, hsize_t rows, hid_t memtype, const void* values);
// A fixed-size dataset holding `values` (of the memory type `memtype`, stored as `type`), chunked
// with a Fletcher-32 checksum per chunk (an empty one is not chunked).
void write_fixed(hid_t file, const char* name, hid_t type, hid_t memtype, const std::vector<hsize_t>& dims,
                 const void* values);

}  // namespace landscape::nn::hdf5
