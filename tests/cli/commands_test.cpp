// What every command shares (experiments/cli/commands.cpp): options fields mapped to flags, and
// results written atomically to --out.
#include "commands.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "landscape/spec/files.hpp"
#include "test_support.hpp"

using namespace landscape::cli;

TEST(Commands, FieldsMapToTheirFlags) {
  EXPECT_EQ(flag_of_field("batch_size"), "--batch-size");
  EXPECT_EQ(flag_of_field("lr"), "--lr");
  EXPECT_EQ(flag_of_field("record_every"), "--record-every");
  EXPECT_EQ(flag_of_field("out_dir"), "--out");
  EXPECT_EQ(flag_of_field("activation"), "--act");
  EXPECT_EQ(flag_of_field("run_dirs"), "--runs");
  EXPECT_EQ(flag_of_field("xs"), "--x");
  EXPECT_EQ(flag_of_field("direction_file"), "--dir-file");
}

TEST(Commands, EmitWritesTheOutFileAtomically) {
  const std::string path = landscape::testing::write_temp("emit.json", "old\n");
  emit("new\n", path);
  EXPECT_EQ(landscape::read_text_file(path), "new\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}
