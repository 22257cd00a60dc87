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
  EXPECT_NE(data.find("3 9\n"), std::string::npos);
  const auto script = read_text_file(files.script);
  EXPECT_NE(script.find("set logscale y"), std::string::npos);
  EXPECT_NE(script.find("'fig.dat' index 1 using 1:2 with lines title 'cubes'"), std::string::npos);
  EXPECT_EQ(script.find("set xtics 1"), std::string::npos);
  // A count on the x axis (here 1..3): integer ticks from 0, half a unit of margin.
  f.integer_x = true;
  const auto counted = read_text_file(plot::write_line_figure(f, dir + "/counted").script);
  EXPECT_NE(counted.find("set xtics 1\nset xrange [-0.5:3.5]\n"), std::string::npos);
  if (plot::gnuplot_available()) {
    ASSERT_TRUE(files.rendered) << files.message;
    for (const auto& image : files.images) EXPECT_GT(std::filesystem::file_size(image), 100u) << image;
  } else {
    EXPECT_FALSE(files.rendered);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(Figure, ScatterWithLabelsAndGroups) {
  const std::string dir = ::testing::TempDir() + "figure_scatter_test";
  std::filesystem::create_directories(dir);
  plot::ScatterFigure f;
  f.title = "MDS";
  f.xlabel = "c1";
  f.ylabel = "c2";
  f.group_titles = {"run 1", "run 2"};
  f.points = {{0, 1, "e0", 0}, {1, 2, "e1", 0}, {5, 5, "e0", 1}};
  f.connect = true;
  const auto files = plot::write_scatter_figure(f, dir + "/mds");
  const auto data = read_text_file(files.data);
  EXPECT_NE(data.find("# index 0: run 1"), std::string::npos);
  EXPECT_NE(data.find("# index 1: run 2\n# x y label\n5 5 \"e0\"\n"), std::string::npos);
  const auto script = read_text_file(files.script);
  EXPECT_NE(script.find("'mds.dat' index 1 using 1:2:3 with labels"), std::string::npos);
  EXPECT_NE(script.find("with linespoints"), std::string::npos);
  if (plot::gnuplot_available()) {
    EXPECT_TRUE(files.rendered) << files.message;
  }
}

TEST(Figure, GridAsContoursHeatMapAndSurface) {
  const std::string dir = ::testing::TempDir() + "figure_grid_test";
  std::filesystem::create_directories(dir);
  plot::GridFigure g;
  g.title = "loss";
  g.xlabel = "a";
  g.ylabel = "b";
  g.zlabel = "loss";
  g.x = {-1, 0, 1};
  g.y = {-2, 2};
  for (double x : g.x)
    for (double y : g.y) g.z.push_back(x * x + y * y + 1);  // z[i * ny + j] at (x[i], y[j])
  g.overlay = {{"path", {1, 0}, {2, 0}}};
  for (auto style : {plot::GridStyle::Contour, plot::GridStyle::Heatmap, plot::GridStyle::Surface, plot::GridStyle::Matrix}) {
    const std::string stem = dir + "/grid" + std::to_string(static_cast<int>(style));
    const auto files = plot::write_grid_figure(g, style, stem);
    const auto data = read_text_file(files.data);
    // Row x = 1: (1, -2) -> 6, (1, 2) -> 6; rows are separated by blank lines for gnuplot's grids.
    EXPECT_NE(data.find("1 -2 6\n1 2 6\n\n"), std::string::npos) << data;
    EXPECT_NE(data.find("# index 1: path\n1 2\n0 0\n"), std::string::npos) << data;
    if (plot::gnuplot_available()) {
      EXPECT_TRUE(files.rendered) << files.message << " " << stem;
    }
  }
  EXPECT_NE(read_text_file(dir + "/grid1.gp").find("pm3d"), std::string::npos);
  EXPECT_NE(read_text_file(dir + "/grid2.gp").find("splot"), std::string::npos);
  // A matrix: one cell per entry (an image, not pm3d's interpolated cells) with its value in it.
  const auto matrix = read_text_file(dir + "/grid3.gp");
  EXPECT_EQ(matrix.find("pm3d"), std::string::npos) << matrix;
  EXPECT_NE(matrix.find("using 1:2:3 with image"), std::string::npos) << matrix;
  EXPECT_NE(matrix.find("sprintf('%.2f', $3)) with labels"), std::string::npos) << matrix;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
}

// Quantile contour levels: z = 1..10 and one far outlier (1000); 4 levels at the quantiles
// k / 5 of the 11 sorted values (indices 2, 4, 6, 8: values 3, 5, 7, 9), where evenly spaced
// levels would all lie above 200 and miss the low region. Marker overlays keep their own style.
TEST(Figure, ContourLevelsAtQuantilesAndMarkerOverlays) {
  const std::string dir = ::testing::TempDir() + "figure_quantile_test";
  std::filesystem::create_directories(dir);
  plot::GridFigure g;
  g.x = {0};
  for (int k = 0; k < 11; ++k) g.y.push_back(k);
  for (int k = 1; k <= 10; ++k) g.z.push_back(k);
  g.z.push_back(1000);
  g.contour_levels = 4;
  g.contour_quantiles = true;
  g.overlay = {{"path", {0, 0}, {1, 2}}, {"start", {0}, {1}, "points pt 5 ps 2"}};
  const auto files = plot::write_grid_figure(g, plot::GridStyle::Contour, dir + "/q");
  const auto script = read_text_file(files.script);
  EXPECT_NE(script.find("set cntrparam levels discrete 3,5,7,9\n"), std::string::npos) << script;
  EXPECT_NE(script.find("index 2 using 1:2 with points pt 5 ps 2 title 'start'"), std::string::npos) << script;
  EXPECT_NE(script.find("index 1 using 1:2 with linespoints pt 7"), std::string::npos) << script;
}
