#include "landscape/plot/figure.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "landscape/spec/files.hpp"

using namespace landscape;

TEST(Figure, WritesDataAndScriptAndRendersWhenGnuplotIsThere) {
  const std::string dir = ::testing::TempDir() + "figure_test";
  std::filesystem::create_directories(dir);
  plot::LineFigure f{"a test", "x", "y", false, true, {{"squares", {1, 2, 3}, {1, 4, 9}}, {"cubes", {1, 2}, {1, 8}, "lines"}}};
  const auto files = plot::write_line_figure(f, dir + "/fig");
  const auto data = read_text_file(files.data);
  EXPECT_NE(data.find("# index 0: squares"), std::string::npos);
  EXPECT_NE(data.find("# index 1: cubes"), std::string::npos);
  EXPECT_NE(data.find("3\t9\n"), std::string::npos);
  const auto script = read_text_file(files.script);
  EXPECT_NE(script.find("set logscale y"), std::string::npos);
  EXPECT_NE(script.find("'fig.dat' index 1 using 1:2 with lines title 'cubes'"), std::string::npos);
  if (plot::gnuplot_available()) {
    ASSERT_TRUE(files.rendered) << files.message;
    for (const auto& image : files.images) EXPECT_GT(std::filesystem::file_size(image), 100u) << image;
  } else {
    EXPECT_FALSE(files.rendered);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}
