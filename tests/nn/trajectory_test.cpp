// trajectory.cpp: HDF5 trajectories (rows of planted values, the rebuild of a resume from the row
// log or the file), SIGKILLs at random moments during appends followed by resumes, and the
// reader's refusal of corrupted files (structural damage, truncation, flipped bytes), each read in
// a child process so that a crash is seen, and attributed to libhdf5 or to this project.
#include "landscape/nn/trajectory.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "child_process.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace landscape::nn;
using landscape::testing::ChildOutcome;

namespace {

const std::vector<LayerInfo> kLayers = {{"a.weight", {2, 3}, 0}, {"a.bias", {2}, 6}};

// Row r of the planted trajectory: parameters 10 r + k + 0.25, buffer -r, epoch r / 2, step 3 r.
std::vector<double> planted_parameters(int r) {
  std::vector<double> p(8);
  for (int k = 0; k < 8; ++k) p[k] = 10 * r + k + 0.25;
  return p;
}

void append_planted(TrajectoryWriter& w, int r) { w.append(r * 0.5, 3 * r, planted_parameters(r), {double(-r)}); }

// Whether `t` is exactly the first `rows` planted rows with the planted layers.
bool is_planted(const Trajectory& t, std::size_t rows) {
  if (t.epoch.size() != rows || t.parameters.size() != rows || t.layers.size() != 2) return false;
  if (t.layers[0].name != "a.weight" || t.layers[1].shape != std::vector<std::int64_t>{2} || t.layers[1].offset != 6) return false;
  for (std::size_t r = 0; r < rows; ++r) {
    const int i = static_cast<int>(r);
    if (t.epoch[r] != i * 0.5 || t.step[r] != 3 * i || t.parameters[r] != planted_parameters(i) ||
        t.buffers[r] != std::vector<double>{double(-i)})
      return false;
  }
  return true;
}

std::string error_of(const std::string& path) {
  try {
    read_trajectory(path);
  } catch (const landscape::InputError& e) {
    return e.what();
  }
  return "no error";
}

// Iterations scaled as FLINT does: LANDSCAPE_TEST_MULTIPLIER (the `slow` copies set 10).
int scaled(int count) {
  const char* m = std::getenv("LANDSCAPE_TEST_MULTIPLIER");
  return count * (m ? std::max(1, std::atoi(m)) : 1);
}

}  // namespace

TEST(Trajectory, WritesReadsAndRebuildsForResume) {
  const std::string dir = landscape::testing::fresh_temp_dir("trajectory_rows");
  const std::string path = dir + "/t.h5";
  EXPECT_EQ(kLayers[0].size(), 6);
  {
    TrajectoryWriter w(path, kLayers, 1, true);
    for (int r = 0; r < 4; ++r) append_planted(w, r);
    EXPECT_EQ(w.rows(), 4);
  }
  EXPECT_TRUE(is_planted(read_trajectory(path), 4));
  EXPECT_TRUE(fs::exists(TrajectoryWriter::log_path(path)));
  {
    TrajectoryWriter w(path, kLayers, 1, true, 2);  // resume after record 2
    EXPECT_EQ(w.rows(), 2);
    append_planted(w, 2);
    w.finish();  // a finished run keeps no log
  }
  EXPECT_TRUE(is_planted(read_trajectory(path), 3));
  EXPECT_FALSE(fs::exists(TrajectoryWriter::log_path(path)));
  std::ofstream(dir + "/not.h5") << "plain text";
  EXPECT_NE(error_of(dir + "/not.h5").find("not an HDF5 file"), std::string::npos);
}

TEST(Trajectory, SinglePrecisionRowsRoundToFloat) {
  const std::string path = landscape::testing::fresh_temp_dir("trajectory_float") + "/t.h5";
  {
    TrajectoryWriter w(path, {{"w", {2}, 0}}, 0, false);
    w.append(1, 1, {0.1, 1.5}, {});
  }
  const auto t = read_trajectory(path);
  EXPECT_EQ(t.parameters[0][0], static_cast<double>(0.1f));
  EXPECT_EQ(t.parameters[0][1], 1.5);
  EXPECT_TRUE(t.buffers[0].empty());
}

// A resume takes the rows from the log when trajectory.h5 is torn, from trajectory.h5 when the log
// is gone (a finished run continued), and refuses, naming both, when neither has them.
TEST(Trajectory, ResumeRepairsFromWhicheverCopyHoldsTheRows) {
  const std::string path = landscape::testing::fresh_temp_dir("trajectory_repair") + "/t.h5", log = TrajectoryWriter::log_path(path);
  auto write_four = [&] {
    TrajectoryWriter w(path, kLayers, 1, true);
    for (int r = 0; r < 4; ++r) append_planted(w, r);
  };
  write_four();
  std::ofstream(path, std::ios::trunc) << "torn";
  { TrajectoryWriter w(path, kLayers, 1, true, 3); }
  EXPECT_TRUE(is_planted(read_trajectory(path), 3));
  write_four();
  fs::remove(log);
  { TrajectoryWriter w(path, kLayers, 1, true, 3); }
  EXPECT_TRUE(is_planted(read_trajectory(path), 3));
  EXPECT_TRUE(fs::exists(log));  // made again from the rows kept
  write_four();
  fs::resize_file(log, fs::file_size(log) - 1);  // the log's record 3 torn: 3 rows remain, 4 needed
  std::ofstream(path, std::ios::trunc) << "torn";
  try {
    TrajectoryWriter w(path, kLayers, 1, true, 4);
    ADD_FAILURE() << "repaired without the rows";
  } catch (const landscape::InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("needs its first 4 records"), std::string::npos) << m;
    EXPECT_NE(m.find("holds 3 complete records"), std::string::npos) << m;
    EXPECT_NE(m.find("not an HDF5 file"), std::string::npos) << m;
  }
}

// The writer is killed (SIGKILL, at a seeded random moment) while it appends rows and writes a
// "checkpoint" (the row count, atomically) every third row, as training does; after every kill the
// resume keeps the checkpoint's rows and must read back exactly the planted prefix, and the run,
// resumed after each kill, must end with exactly the rows of an uninterrupted run.
void kill_during_appends(int kills_wanted, std::uint64_t seed) {
  const std::string dir = landscape::testing::fresh_temp_dir("trajectory_kills"), path = dir + "/t.h5", checkpoint = dir + "/checkpoint";
  constexpr int kRows = 300;
  auto keep_rows = [&]() -> std::optional<std::int64_t> {
    if (!fs::exists(checkpoint)) return std::nullopt;
    return std::stoll(landscape::read_text_file(checkpoint));
  };
  auto writer = [&] {  // the child: resume (or start) and append to the end
    TrajectoryWriter w(path, kLayers, 1, true, keep_rows());
    for (int r = static_cast<int>(w.rows()); r < kRows; ++r) {
      append_planted(w, r);
      if ((r + 1) % 3 == 0) landscape::write_file_atomically(checkpoint, std::to_string(r + 1));
    }
    w.finish();
  };
  std::mt19937_64 rng(seed);
  int kills = 0, unreadable = 0, runs = 0;
  auto finish_run = [&] {  // a run that ended: exactly the uninterrupted rows, no log left
    ASSERT_TRUE(is_planted(read_trajectory(path), kRows));
    EXPECT_FALSE(fs::exists(TrajectoryWriter::log_path(path)));
    fs::remove(checkpoint);
    ++runs;
  };
  while (kills < kills_wanted) {
    const int delay_us = static_cast<int>(rng() % 20000);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", kill " + std::to_string(kills) + " after " +
                 std::to_string(delay_us) + " us");
    const ChildOutcome child = landscape::testing::run_in_child(writer, delay_us);
    if (child.finished()) {
      finish_run();
      continue;
    }
    ASSERT_TRUE(child.killed()) << child.describe();
    ++kills;
    // What the kill left: a trajectory.h5 that the reader refuses counts as torn (read in a child:
    // a crash of libhdf5 on it is counted, not suffered).
    unreadable += !landscape::testing::run_in_child([&] { read_trajectory(path); }).finished();
    const auto keep = keep_rows();
    if (!keep) continue;  // killed before the first checkpoint: the next child starts afresh
    { TrajectoryWriter resumed(path, kLayers, 1, true, keep); }
    ASSERT_TRUE(is_planted(read_trajectory(path), static_cast<std::size_t>(*keep)));
  }
  ASSERT_TRUE(landscape::testing::run_in_child(writer).finished());
  finish_run();
  std::cout << "[ kills    ] " << kills << " SIGKILLs (seed " << seed << ") over " << runs << " runs, " << unreadable
            << " left a trajectory.h5 the reader refused; every resume read back its exact prefix\n";
}

TEST(TrajectoryKills, FiftyKillsDuringAppends) { kill_during_appends(50, 20250101); }

TEST(TrajectoryKills, ManyKillsDuringAppendsSlow) {
  if (!std::getenv("LANDSCAPE_TEST_MULTIPLIER")) GTEST_SKIP() << "slow: runs under ctest -L slow";
  kill_during_appends(scaled(60), 20250102);
}

namespace {

// Rewrites dataset `name` of the file at `path` (deleting it first) with `dims` and the raw
// `values` of memory type `memtype`, stored as `type`; an empty `dims` only deletes.
void replace_dataset(const std::string& path, const char* name, hid_t type, hid_t memtype,
                     const std::vector<hsize_t>& dims, const void* values) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  if (H5Lexists(file, name, H5P_DEFAULT) > 0) H5Ldelete(file, name, H5P_DEFAULT);
  if (!dims.empty()) {
    const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
    const hid_t set = H5Dcreate2(file, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(set, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, values);
    H5Dclose(set);
    H5Sclose(space);
  }
  H5Fclose(file);
}

void replace_doubles(const std::string& path, const char* name, const std::vector<hsize_t>& dims) {
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  const std::vector<double> values(n, 0.5);
  replace_dataset(path, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, values.data());
}

void replace_integers(const std::string& path, const char* name, const std::vector<hsize_t>& dims,
                      std::vector<std::int64_t> values = {}) {
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  values.resize(n, 0);
  replace_dataset(path, name, H5T_STD_I64LE, H5T_NATIVE_INT64, dims, values.data());
}

void grow(const std::string& path, const char* name, hsize_t rows) {
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), set = H5Dopen2(file, name, H5P_DEFAULT);
  hsize_t dims[2] = {rows, 8};
  H5Dset_extent(set, dims);
  H5Dclose(set);
  H5Fclose(file);
}

// The planted trajectory of 5 rows.
std::string write_valid(const std::string& path) {
  TrajectoryWriter w(path, kLayers, 1, true);
  for (int r = 0; r < 5; ++r) append_planted(w, r);
  w.finish();
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The outcome of reading a damaged file in a child: 0 read the planted rows exactly, 1 read
// something else without an error (the worst outcome), else ChildOutcome's codes.
int read_in_child(const std::string& path) {
  return landscape::testing::run_in_child([&] {
           if (!is_planted(read_trajectory(path), 5)) _exit(1);
         }).code;
}

}  // namespace

// Structural damage written through libhdf5 itself: every variant is refused with an InputError
// that names the file and the dataset.
TEST(TrajectoryCorruption, StructuralDamageIsRefusedNamingTheDataset) {
  const std::string dir = landscape::testing::fresh_temp_dir("trajectory_structure"), valid = write_valid(dir + "/valid.h5");
  struct Variant {
    const char* what;
    const char* field;  // the dataset the message must name
    std::function<void(const std::string&)> damage;
  };
  const std::vector<Variant> variants = {
      {"parameters missing", "parameters", [](auto& p) { replace_dataset(p, "parameters", 0, 0, {}, nullptr); }},
      {"step missing", "step", [](auto& p) { replace_dataset(p, "step", 0, 0, {}, nullptr); }},
      {"layer_shapes missing", "layer_shapes", [](auto& p) { replace_dataset(p, "layer_shapes", 0, 0, {}, nullptr); }},
      {"layer_names missing", "layer_names", [](auto& p) { replace_dataset(p, "layer_names", 0, 0, {}, nullptr); }},
      {"parameters of rank 1", "parameters", [](auto& p) { replace_doubles(p, "parameters", {40}); }},
      {"parameters of rank 3", "parameters", [](auto& p) { replace_doubles(p, "parameters", {5, 8, 1}); }},
      {"parameters one row short", "parameters", [](auto& p) { replace_doubles(p, "parameters", {4, 8}); }},
      {"parameters one column more", "layer_shapes", [](auto& p) { replace_doubles(p, "parameters", {5, 9}); }},
      {"parameters as integers", "parameters", [](auto& p) { replace_integers(p, "parameters", {5, 8}); }},
      {"buffers one row more", "buffers", [](auto& p) { replace_doubles(p, "buffers", {6, 1}); }},
      {"epoch as integers", "epoch", [](auto& p) { replace_integers(p, "epoch", {5}); }},
      {"epoch of rank 2", "epoch", [](auto& p) { replace_doubles(p, "epoch", {5, 1}); }},
      {"step one entry more", "step", [](auto& p) { replace_integers(p, "step", {6}); }},
      {"step as floats", "step", [](auto& p) { replace_doubles(p, "step", {5}); }},
      {"no records", "epoch", [](auto& p) { replace_doubles(p, "epoch", {0}); }},
      {"layer_offsets one short", "layer_offsets", [](auto& p) { replace_integers(p, "layer_offsets", {1}); }},
      {"layer_offsets overlapping", "layer_offsets", [](auto& p) { replace_integers(p, "layer_offsets", {2}, {0, 5}); }},
      {"layer_offsets negative", "layer_offsets", [](auto& p) { replace_integers(p, "layer_offsets", {2}, {-1, 6}); }},
      {"layer_ndims 5", "layer_ndims", [](auto& p) { replace_integers(p, "layer_ndims", {2}, {5, 1}); }},
      {"layer_ndims negative", "layer_ndims", [](auto& p) { replace_integers(p, "layer_ndims", {2}, {-1, 1}); }},
      {"layer_shapes negative", "layer_shapes",
       [](auto& p) { replace_integers(p, "layer_shapes", {2, 4}, {-2, -3, 0, 0, 2, 0, 0, 0}); }},
      {"layer_shapes huge", "layer_shapes",
       [](auto& p) { replace_integers(p, "layer_shapes", {2, 4}, {1LL << 40, 1LL << 40, 0, 0, 2, 0, 0, 0}); }},
      {"layer_shapes padded with junk", "layer_shapes",
       [](auto& p) { replace_integers(p, "layer_shapes", {2, 4}, {2, 3, 7, 0, 2, 0, 0, 0}); }},
      {"layer_shapes 3 columns", "layer_shapes", [](auto& p) { replace_integers(p, "layer_shapes", {2, 3}); }},
      {"layer_shapes short of the columns", "layer_shapes",
       [](auto& p) { replace_integers(p, "layer_shapes", {2, 4}, {2, 3, 0, 0, 1, 0, 0, 0}); }},
      {"layer_names as numbers", "layer_names", [](auto& p) { replace_doubles(p, "layer_names", {2}); }},
      {"parameters grown past its chunks", "parameters", [](auto& p) { grow(p, "parameters", 9); }},
      {"parameters grown to 2^60 rows", "parameters", [](auto& p) { grow(p, "parameters", hsize_t{1} << 60); }},
  };
  for (const auto& v : variants) {
    const std::string path = dir + "/damaged.h5";
    fs::copy_file(valid, path, fs::copy_options::overwrite_existing);
    v.damage(path);
    const std::string message = error_of(path);
    EXPECT_NE(message.find(path + ": '" + v.field + "'"), std::string::npos) << v.what << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << v.what;
  }
}

// Truncated files and flipped bytes (seeded): each read ends in an InputError or reads back the
// planted rows exactly; a crash inside libhdf5 is counted (docs/reliability.md lists it), a wrong
// answer or a crash of this project fails.
TEST(TrajectoryCorruption, TruncatedAndFlippedFilesAreRefusedOrReadExactly) {
  const std::string dir = landscape::testing::fresh_temp_dir("trajectory_bytes"), valid = write_valid(dir + "/valid.h5"), path = dir + "/damaged.h5";
  const std::string bytes = slurp(valid);
  const std::uint64_t seed = 20250103;
  std::mt19937_64 rng(seed);
  int refused = 0, exact = 0, libhdf5 = 0;
  std::string libhdf5_variants;
  const int variants = scaled(300);
  for (int v = 0; v < variants; ++v) {
    std::string damaged = bytes;
    std::string what;
    if (v % 4 == 0) {  // truncated
      damaged.resize(rng() % bytes.size());
      what = "truncated to " + std::to_string(damaged.size()) + " bytes";
    } else {  // 1 to 4 bytes xor'ed with a random non-zero byte
      for (int k = 0, flips = 1 + static_cast<int>(rng() % 4); k < flips; ++k) {
        const std::size_t at = rng() % bytes.size();
        damaged[at] = static_cast<char>(damaged[at] ^ (1 + rng() % 255));
        what += (what.empty() ? "flipped byte " : ", ") + std::to_string(at);
      }
    }
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    const int code = read_in_child(path);
    refused += code == 10;
    exact += code == 0;
    if (code == 77) {
      ++libhdf5;
      libhdf5_variants += " [" + std::to_string(v) + ": " + what + "]";
    }
    EXPECT_TRUE(code == 0 || code == 10 || code == 77)
        << "variant " << v << " (seed " << seed << ", " << what << "): "
        << (code == 1 ? "read without error but not the planted rows" : landscape::testing::ChildOutcome{code}.describe());
  }
  std::cout << "[ corrupt  ] " << variants << " variants (seed " << seed << ", file of " << bytes.size() << " bytes): "
            << refused << " refused, " << exact << " read exactly, " << libhdf5 << " crashed or hung inside libhdf5"
            << libhdf5_variants << "\n";
}
