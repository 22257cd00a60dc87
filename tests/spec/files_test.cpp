#include "landscape/spec/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

using namespace landscape;

TEST(Files, AtomicWriteReplacesAndLeavesNoTemporary) {
  const std::string dir = ::testing::TempDir() + "atomic";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/result.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second");
  EXPECT_EQ(read_text_file(path), "second");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(Files, FailedWriteKeepsTheEarlierResult) {
  const std::string dir = ::testing::TempDir() + "atomic_fail";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/result.json";
  write_file_atomically(path, "earlier");
  // The same file written again, with its temporary file blocked (a directory stands where the
  // temporary would go): the write fails and the earlier content of that file stays.
  const std::string blocked = path + ".tmp." + std::to_string(::getpid());
  std::filesystem::create_directories(blocked + "/inside");
  EXPECT_THROW(write_file_atomically(path, "new"), std::runtime_error);
  EXPECT_EQ(read_text_file(path), "earlier");
  std::filesystem::remove_all(blocked);
  // A file cannot replace a directory: that write fails too, and leaves no temporary behind.
  EXPECT_THROW(write_file_atomically(dir, "new"), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir + ".tmp." + std::to_string(::getpid())));
  EXPECT_THROW(write_file_atomically("/nonexistent-dir/x.json", "x"), std::runtime_error);
}

TEST(Files, SplitLinesDropsCarriageReturns) {
  const auto lines = split_lines("a\r\nb\nc");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[2], "c");
}

TEST(Files, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(split("x,", ','), (std::vector<std::string>{"x", ""}));
  EXPECT_EQ(split("1:2:3", ':'), (std::vector<std::string>{"1", "2", "3"}));
}
