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

// given_field answers the presets by field name from the flags given on the command line.
TEST(Commands, GivenFieldFollowsTheFlags) {
  Arguments args("demo", "A demo command.");
  args.add("--batch-size", "B", "batch", "128").add("--out", "DIR", "out").add("--lr", "X", "rate", "0.1");
  const char* argv[] = {"demo", "--batch-size", "64", "--out", "d"};
  ASSERT_TRUE(args.parse(5, argv, 1));
  const auto given = given_field(args);
  EXPECT_TRUE(given("batch_size"));
  EXPECT_TRUE(given("out_dir"));
  EXPECT_FALSE(given("lr"));
}

TEST(Commands, EmitWritesTheOutFileAtomically) {
  const std::string path = landscape::testing::write_temp("emit.json", "old\n");
  emit("new\n", path);
  EXPECT_EQ(landscape::read_text_file(path), "new\n");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

// LibTorch's error text (c10::Error::what(): the message, then "Exception raised from" and a
// backtrace) becomes its first line; a one-line message stays as it is.
TEST(Commands, ErrorsPrintOneLine) {
  const std::runtime_error torch_error(
      "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [4]\n"
      "Exception raised from _convolution at ../aten/src/ATen/native/Convolution.cpp:1008 (most recent call first):\n"
      "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x57 (0x7f in libc10.so)\n");
  EXPECT_EQ(one_line_message(torch_error),
            "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [4]");
  EXPECT_EQ(one_line_message(std::runtime_error("cannot open 'x.csv'")), "cannot open 'x.csv'");
  EXPECT_EQ(one_line_message(std::runtime_error("\nframe #0")), "unexpected failure (an exception without a message)");
}
