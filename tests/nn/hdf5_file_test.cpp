// hdf5_file.cpp: plain float64 arrays (surfaces, directions) written and read back by name, and
// the checks of the readers: a wrong type, a missing dataset, a length the file does not store,
// absurd dimensions, a flipped byte in checksummed data: one InputError naming file and dataset.
#include "hdf5_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace landscape::nn;

namespace {

std::string error_of(const std::string& path, const std::vector<std::string>& names) {
  try {
    read_h5_arrays(path, names);
  } catch (const landscape::InputError& e) {
    return e.what();
  }
  return "no error";
}

// Opens `path` read-write for a test that damages it.
hid_t open_rw(const std::string& path) { return H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT); }

}  // namespace

TEST(H5Arrays, WriteAndReadByName) {
  const std::string path = landscape::testing::fresh_temp_path("hdf5_a.h5");
  write_h5_arrays(path, {{"grid", {{2, 3}, {1, 2, 3, 4, 5, 6}}}, {"x", {{2}, {-1, 1}}}, {"none", {{0}, {}}}});
  const auto all = read_h5_arrays(path, {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, "grid");  // name order
  const auto grid = read_h5_arrays(path, {"grid"});
  ASSERT_EQ(grid.size(), 1u);
  EXPECT_EQ(grid[0].second.dims, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(grid[0].second.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_TRUE(read_h5_arrays(path, {"none"})[0].second.values.empty());
  EXPECT_NE(error_of(path, {"missing"}).find(path + ": 'missing' is missing"), std::string::npos);
  EXPECT_NE(error_of(landscape::testing::fresh_temp_path("hdf5_absent.h5"), {"x"}).find("cannot read"), std::string::npos);
  const std::string text = landscape::testing::fresh_temp_path("hdf5_text.h5");
  std::ofstream(text) << "plain text";
  EXPECT_NE(error_of(text, {"x"}).find("not an HDF5 file"), std::string::npos);
}

// A direction stored as strings, or as integers read as floats: refused naming the dataset.
TEST(H5Arrays, AWrongElementTypeIsRefused) {
  const std::string path = landscape::testing::fresh_temp_path("hdf5_types.h5");
  write_h5_arrays(path, {{"x", {{2}, {1, 2}}}});
  {
    hdf5::Handle file(open_rw(path), H5Fclose, "open");
    const std::int64_t ints[2] = {1, 2};
    hdf5::write_fixed(file, "ints", H5T_STD_I64LE, H5T_NATIVE_INT64, {2}, ints);
    hdf5::Handle strings(H5Tcopy(H5T_C_S1), H5Tclose, "type");
    H5Tset_size(strings, 4);
    hdf5::write_fixed(file, "text", strings, strings, {2}, "abc\0def");
  }
  EXPECT_NE(error_of(path, {"ints"}).find("'ints' is not floating-point"), std::string::npos);
  EXPECT_NE(error_of(path, {"text"}).find("'text' is not floating-point"), std::string::npos);
  EXPECT_EQ(read_h5_arrays(path, {}).size(), 1u);  // all float datasets: x alone
}

// An extent grown past the chunks written (what a torn append can leave): the values would read
// as fill zeros; refused as a length the file does not store. Dimensions whose product overflows
// int64 are refused before anything is allocated.
TEST(H5Arrays, ALengthTheFileDoesNotStoreIsRefused) {
  const std::string path = landscape::testing::fresh_temp_path("hdf5_grown.h5");
  write_h5_arrays(path, {{"x", {{2}, {1, 2}}}});
  {
    hdf5::Handle file(open_rw(path), H5Fclose, "open");
    hdf5::create_growing(file, "grown", H5T_IEEE_F64LE, 3);
    const double row[3] = {1, 2, 3};
    hdf5::set_rows(file, "grown", 1, H5T_NATIVE_DOUBLE, row);
    hdf5::set_rows(file, "grown", 5, 0, nullptr);  // four rows never written
    hdf5::create_growing(file, "huge", H5T_IEEE_F64LE, 4);
    hdf5::set_rows(file, "huge", hsize_t{1} << 62, 0, nullptr);  // 2^64 values
  }
  EXPECT_NE(error_of(path, {"grown"}).find("'grown' claims 15 values but stores fewer"), std::string::npos);
  EXPECT_NE(error_of(path, {"huge"}).find("'huge' has absurd dimensions"), std::string::npos);
}

// Every dataset is checksummed (Fletcher-32): a flipped bit in a stored value is a read error.
TEST(H5Arrays, AFlippedValueFailsItsChecksum) {
  const std::string path = landscape::testing::fresh_temp_path("hdf5_flipped.h5");
  const double marker = 1234.5678;  // found by its bytes in the file
  write_h5_arrays(path, {{"x", {{3}, {1, marker, 3}}}});
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = bytes.find(std::string(reinterpret_cast<const char*>(&marker), 8));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 3] ^= 0x01;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  EXPECT_NE(error_of(path, {"x"}).find("'x' cannot be read (corrupt"), std::string::npos);
}
