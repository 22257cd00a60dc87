// A small plotting layer on gnuplot: every figure is written as a data file and a gnuplot script
// beside it, then rendered (PNG, PDF and SVG) by piping `load` of that script to gnuplot through
// gnuplot-iostream, so a figure can always be re-rendered or edited by hand:
// `cd DIR && gnuplot NAME.gp`.
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
  bool integer_x = false;  // x is a count (an index): ticks at integers, from 0 (or below), half a unit of margin
};

struct FigureFiles {
  std::string data, script;             // always written
  std::vector<std::string> images;      // PNG, PDF, SVG when rendered
  bool rendered = false;
  std::string message;                  // why not rendered
};

// Writes `stem`.dat and `stem`.gp (stem may include a directory) and renders the images.
FigureFiles write_line_figure(const LineFigure& figure, const std::string& stem);

// Points coloured by group (a run, say) and optionally labelled (an epoch, say): Liao & Poggio's MDS
// figures.
struct ScatterPoint {
  double x = 0, y = 0;
  std::string label;
  int group = 0;  // index into group_titles
};
struct ScatterFigure {
  std::string title, xlabel, ylabel;
  std::vector<std::string> group_titles;
  std::vector<ScatterPoint> points;
  bool show_labels = true;
  bool connect = false;  // join the points of a group in order (a trajectory)
};
FigureFiles write_scatter_figure(const ScatterFigure& figure, const std::string& stem);

// A function on a grid: z[i * y.size() + j] belongs to (x[i], y[j]). Drawn as contour lines, a
// filled heat map, or a 3-D surface; `overlay` series (e.g. an optimization path) are drawn on top
// of contours and heat maps. A Matrix is a table of values rather than a sampled function: one
// cell per entry, centred on (x[i], y[j]) with its value written in it, the first row at the top,
// nothing interpolated between entries (a heat map colours the cells between samples instead).
enum class GridStyle { Contour, Heatmap, Surface, Matrix };
struct GridFigure {
  std::string title, xlabel, ylabel, zlabel;
  std::vector<double> x, y, z;
  bool log_z = false;
  int contour_levels = 20;
  // Contour levels at evenly spaced quantiles of z instead of evenly spaced values: the lines then
  // cover the whole grid even when a few points (far from a trained minimum) are much higher.
  bool contour_quantiles = false;
  std::vector<Series> overlay;
};
FigureFiles write_grid_figure(const GridFigure& figure, GridStyle style, const std::string& stem);

// Whether `gnuplot` can be run.
bool gnuplot_available();

}  // namespace landscape::plot
