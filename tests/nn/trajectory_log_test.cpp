// trajectory_log.cpp: the append-only row log (planted rows back exactly; a torn or altered
// record ends the verified prefix; a header of another run is refused naming the field).
#include "trajectory_log.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "landscape/spec/error.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace landscape::nn;

namespace {

// Row r: parameters 10 r + k + 0.25 (exact in float32), buffer -r, epoch r / 2, step 3 r.
TrajectoryRow planted(int r, int p = 5) {
  TrajectoryRow row{r * 0.5, 3 * r, {}, {double(-r)}};
  for (int k = 0; k < p; ++k) row.parameters.push_back(10 * r + k + 0.25);
  return row;
}

void expect_planted(const std::vector<TrajectoryRow>& rows, std::size_t count) {
  ASSERT_EQ(rows.size(), count);
  for (std::size_t r = 0; r < count; ++r) {
    const auto want = planted(static_cast<int>(r));
    EXPECT_EQ(rows[r].epoch, want.epoch);
    EXPECT_EQ(rows[r].step, want.step);
    EXPECT_EQ(rows[r].parameters, want.parameters);
    EXPECT_EQ(rows[r].buffers, want.buffers);
  }
}

// Header: 40 bytes; a record: 16 + 6 values * 8 + 8 = 72 bytes (float64).
constexpr std::size_t kHeader = 40, kRecord = 72;

void flip_byte(const std::string& path, std::size_t at) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  char c;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x10));
}

}  // namespace

TEST(TrajectoryLog, RowsComeBackExactlyInBothPrecisions) {
  for (const bool dbl : {true, false}) {
    const std::string path = landscape::testing::fresh_temp_path(dbl ? "double.rows" : "float.rows");
    {
      TrajectoryLog log(path, 5, 1, dbl, {planted(0), planted(1)});  // written, then appended to
      for (int r = 2; r < 6; ++r) log.append(planted(r));
    }
    expect_planted(TrajectoryLog::read(path, 5, 1, dbl, 100), 6);
    expect_planted(TrajectoryLog::read(path, 5, 1, dbl, 4), 4);  // at most max_rows
    if (dbl) EXPECT_EQ(fs::file_size(path), kHeader + 6 * kRecord);
  }
}

TEST(TrajectoryLog, ATornOrAlteredRecordEndsTheVerifiedPrefix) {
  const std::string path = landscape::testing::fresh_temp_path("log_torn.rows");
  auto write = [&] {
    TrajectoryLog log(path, 5, 1, true, {});
    for (int r = 0; r < 6; ++r) log.append(planted(r));
  };
  // Cut anywhere inside record 4: the first four rows remain.
  for (const std::size_t cut : {std::size_t{1}, std::size_t{35}, kRecord - 1}) {
    write();
    fs::resize_file(path, kHeader + 4 * kRecord + cut);
    expect_planted(TrajectoryLog::read(path, 5, 1, true, 100), 4);
  }
  // One flipped bit in record 2 (a value, the step, the checksum): rows 0 and 1 only.
  for (const std::size_t offset : {std::size_t{0}, std::size_t{9}, std::size_t{30}, kRecord - 1}) {
    write();
    flip_byte(path, kHeader + 2 * kRecord + offset);
    expect_planted(TrajectoryLog::read(path, 5, 1, true, 100), 2);
  }
  // Record 3 copied over record 1 (a stale record at another place): its checksum names index 3.
  write();
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    std::string record(kRecord, '\0');
    f.seekg(kHeader + 3 * kRecord);
    f.read(record.data(), kRecord);
    f.seekp(kHeader + 1 * kRecord);
    f.write(record.data(), kRecord);
  }
  expect_planted(TrajectoryLog::read(path, 5, 1, true, 100), 1);
}

TEST(TrajectoryLog, AHeaderOfAnotherRunIsRefusedNamingTheField) {
  const std::string path = landscape::testing::fresh_temp_path("log_header.rows");
  { TrajectoryLog log(path, 5, 1, true, {planted(0)}); }
  auto message = [&](std::int64_t p, std::int64_t b, bool dbl) {
    try {
      TrajectoryLog::read(path, p, b, dbl, 10);
    } catch (const landscape::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message(6, 1, true).find("'parameter count' is 5, the run has 6"), std::string::npos);
  EXPECT_NE(message(5, 0, true).find("'buffer count' is 1"), std::string::npos);
  EXPECT_NE(message(5, 1, false).find("'value size' is 8, the run has 4"), std::string::npos);
  flip_byte(path, 8);  // the parameter count: the header's checksum fails
  EXPECT_NE(message(5, 1, true).find("checksum"), std::string::npos);
  fs::resize_file(path, 20);
  EXPECT_NE(message(5, 1, true).find("'header' is torn"), std::string::npos);
  std::ofstream(path) << "not a log at all, but long enough for a header";
  EXPECT_NE(message(5, 1, true).find("not that of a trajectory log"), std::string::npos);
  EXPECT_THROW(TrajectoryLog::read(landscape::testing::fresh_temp_path("log_missing.rows"), 5, 1, true, 10), landscape::InputError);
}

TEST(TrajectoryLog, RemoveDeletesTheFile) {
  const std::string path = landscape::testing::fresh_temp_path("log_removed.rows");
  TrajectoryLog log(path, 5, 1, true, {planted(0)});
  EXPECT_TRUE(fs::exists(path));
  log.remove();
  EXPECT_FALSE(fs::exists(path));
}
