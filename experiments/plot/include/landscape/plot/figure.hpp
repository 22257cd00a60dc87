// A small plotting layer on gnuplot: every figure is written as a data file and a gnuplot script
// beside it, then rendered (PNG, PDF and SVG) by running gnuplot on that script, so a figure can
// always be re-rendered or edited by hand: `cd DIR && gnuplot NAME.gp`.
//
// Files are written atomically; the rendered images appear only once gnuplot has finished. When
// gnuplot is not installed, the data and the script are still written and `rendered` is false.
#pragma once

#include <string>
#include <vector>

namespace landscape::plot {

struct Series {
  std::string title;
  std::vector<double> x, y;
  std::string style = "linespoints";  // any gnuplot "with" style: lines, points, linespoints
};

struct LineFigure {
  std::string title, xlabel, ylabel;
  bool log_x = false, log_y = false;
  std::vector<Series> series;
};

struct FigureFiles {
  std::string data, script;             // always written
  std::vector<std::string> images;      // PNG, PDF, SVG when rendered
  bool rendered = false;
  std::string message;                  // why not rendered
};

// Writes `stem`.dat and `stem`.gp (stem may include a directory) and renders the images.
FigureFiles write_line_figure(const LineFigure& figure, const std::string& stem);

// Whether `gnuplot` can be run.
bool gnuplot_available();

}  // namespace landscape::plot
