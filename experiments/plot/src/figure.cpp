#include "landscape/plot/figure.hpp"

#include <gnuplot-iostream.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "landscape/spec/files.hpp"

namespace landscape::plot {

namespace {
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}
std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}
std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

const std::pair<const char*, const char*> kTerminals[] = {
    {"pngcairo size 900,600 enhanced font 'sans,11'", ".png"},
    {"pdfcairo size 6in,4in enhanced font 'sans,10'", ".pdf"},
    {"svg size 900,600 enhanced font 'sans,11'", ".svg"}};

std::string header(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return "set title " + quoted(title) + "\nset xlabel " + quoted(xlabel) + "\nset ylabel " + quoted(ylabel) + "\n";
}

// Writes the data and the script (which renders every format from its own directory), then has
// gnuplot load the script through gnuplot-iostream. An image counts as rendered when gnuplot
// wrote it completely (it is written to NAME.EXT.tmp and renamed here).
FigureFiles render(const std::string& stem, const std::string& title, const std::string& data,
                   const std::string& plot_commands) {
  FigureFiles files;
  files.data = stem + ".dat";
  files.script = stem + ".gp";
  const std::string name = base_of(stem);
  write_file_atomically(files.data, data);
  std::ostringstream script;
  script << "# " << title << ": re-render with `gnuplot " << name << ".gp` in this directory.\n";
  for (const auto& [terminal, extension] : kTerminals)
    script << "set terminal " << terminal << "\nset output " << quoted(name + extension + ".tmp") << "\n"
           << plot_commands << "unset output\n";
  write_file_atomically(files.script, script.str());

  if (!gnuplot_available()) {
    files.message = "gnuplot not found: data and script written, images not rendered";
    return files;
  }
  for (const auto& [terminal, extension] : kTerminals) std::remove((stem + extension + ".tmp").c_str());
  {
    Gnuplot gp("gnuplot 2>/dev/null");
    gp << "cd " << quoted(directory_of(stem)) << "\nload " << quoted(name + ".gp") << "\nexit\n";
  }  // the destructor closes the pipe and waits for gnuplot
  for (const auto& [terminal, extension] : kTerminals) {
    const std::string image = stem + extension;
    std::error_code ec;
    const bool written = std::filesystem::file_size(image + ".tmp", ec) > 0 && !ec;
    if (written && std::rename((image + ".tmp").c_str(), image.c_str()) == 0)
      files.images.push_back(image);
    else
      std::remove((image + ".tmp").c_str());
  }
  files.rendered = files.images.size() == 3;
  if (!files.rendered) files.message = "gnuplot failed on " + files.script;
  return files;
}
// Data rows through gnuplot-iostream's data interface (its text format: columns separated by a
// space, one record a line; a grid's rows of constant x separated by a blank line), into the
// data file's buffer, which is then written atomically beside the script.
template <typename Records>
void send_records(std::ostream& out, const Records& records) {
  gnuplotio::top_level_array_sender(out, records, gnuplotio::Mode1D(), gnuplotio::ModeText());
}
template <typename Grid>
void send_grid(std::ostream& out, const Grid& rows) {
  gnuplotio::top_level_array_sender(out, rows, gnuplotio::Mode2D(), gnuplotio::ModeText());
}
std::vector<std::pair<double, double>> records_of(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<std::pair<double, double>> r;
  for (std::size_t k = 0; k < x.size() && k < y.size(); ++k) r.emplace_back(x[k], y[k]);
  return r;
}

// The `set cntrparam levels` argument: "auto N", or "discrete q1,q2,..." at the interior quantiles
// k / (N + 1) of the finite values of z (repeated values once).
std::string contour_levels(const GridFigure& figure) {
  if (!figure.contour_quantiles) return "auto " + std::to_string(figure.contour_levels);
  std::vector<double> z;
  for (double v : figure.z)
    if (std::isfinite(v)) z.push_back(v);
  std::sort(z.begin(), z.end());
  std::vector<double> levels;
  for (int k = 1; k <= figure.contour_levels && !z.empty(); ++k) {
    const double v = z[static_cast<std::size_t>(k) * (z.size() - 1) / static_cast<std::size_t>(figure.contour_levels + 1)];
    if (levels.empty() || v > levels.back()) levels.push_back(v);
  }
  if (levels.empty()) return "auto " + std::to_string(figure.contour_levels);
  std::ostringstream out;
  out << std::setprecision(10) << "discrete ";
  for (std::size_t k = 0; k < levels.size(); ++k) out << (k ? "," : "") << levels[k];
  return out.str();
}

}  // namespace

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

FigureFiles write_line_figure(const LineFigure& figure, const std::string& stem) {
  const std::string name = base_of(stem);
  std::ostringstream data;
  data << std::setprecision(17);
  data << "# " << figure.title << "\n";
  for (std::size_t s = 0; s < figure.series.size(); ++s) {
    const auto& series = figure.series[s];
    data << (s ? "\n\n" : "") << "# index " << s << ": " << series.title << "\n# " << figure.xlabel << "\t"
         << figure.ylabel << "\n";
    send_records(data, records_of(series.x, series.y));
  }
  std::ostringstream plot;
  plot << header(figure.title, figure.xlabel, figure.ylabel) << "set grid\nset key outside right top\n";
  if (figure.log_x) plot << "set logscale x\n";
  if (figure.integer_x) {
    double lo = 0, hi = 0;
    for (const auto& series : figure.series)
      for (double x : series.x) lo = std::min(lo, x), hi = std::max(hi, x);
    plot << "set xtics 1\nset xrange [" << lo - 0.5 << ":" << hi + 0.5 << "]\n";
  }
  if (figure.log_y) plot << "set logscale y\nset format y '10^{%L}'\n";
  plot << "plot ";
  for (std::size_t s = 0; s < figure.series.size(); ++s)
    plot << (s ? ", \\\n     " : "") << quoted(name + ".dat") << " index " << s << " using 1:2 with "
         << figure.series[s].style << " title " << quoted(figure.series[s].title);
  plot << "\n";
  return render(stem, figure.title, data.str(), plot.str());
}

FigureFiles write_scatter_figure(const ScatterFigure& figure, const std::string& stem) {
  const std::string name = base_of(stem);
  std::map<int, std::vector<const ScatterPoint*>> groups;
  for (const auto& p : figure.points) groups[p.group].push_back(&p);
  std::ostringstream data;
  data << std::setprecision(17) << "# " << figure.title << "\n";
  int index = 0;
  std::ostringstream plot;
  plot << header(figure.title, figure.xlabel, figure.ylabel) << "set grid\nset key outside right top\n";
  std::string commands;
  for (const auto& [group, points] : groups) {
    const std::string title =
        group >= 0 && group < static_cast<int>(figure.group_titles.size()) ? figure.group_titles[group] : "group " + std::to_string(group);
    data << (index ? "\n\n" : "") << "# index " << index << ": " << title << "\n# x y label\n";
    std::vector<std::tuple<double, double, std::string>> records;
    for (const auto* p : points) records.emplace_back(p->x, p->y, "\"" + p->label + "\"");
    send_records(data, records);
    const std::string source = quoted(name + ".dat") + " index " + std::to_string(index);
    commands += (commands.empty() ? "" : ", \\\n     ") + source + " using 1:2 with " +
                (figure.connect ? "linespoints" : "points") + " pt 7 ps 0.8 lc " + std::to_string(index + 1) +
                " title " + quoted(title);
    if (figure.show_labels)
      commands += ", \\\n     " + source + " using 1:2:3 with labels offset 0.6,0.6 font ',8' tc lt " +
                  std::to_string(index + 1) + " notitle";
    ++index;
  }
  plot << "plot " << commands << "\n";
  return render(stem, figure.title, data.str(), plot.str());
}

FigureFiles write_grid_figure(const GridFigure& figure, GridStyle style, const std::string& stem) {
  const std::string name = base_of(stem);
  std::ostringstream data;
  data << std::setprecision(17) << "# " << figure.title << "\n# index 0: " << figure.xlabel << " " << figure.ylabel
       << " " << figure.zlabel << " (blank line between rows of constant x)\n";
  const std::size_t ny = figure.y.size();
  std::vector<std::vector<std::tuple<double, double, double>>> rows(figure.x.size());
  for (std::size_t i = 0; i < figure.x.size(); ++i)
    for (std::size_t j = 0; j < ny; ++j) rows[i].emplace_back(figure.x[i], figure.y[j], figure.z[i * ny + j]);
  send_grid(data, rows);
  for (std::size_t s = 0; s < figure.overlay.size(); ++s) {
    data << "\n\n# index " << s + 1 << ": " << figure.overlay[s].title << "\n";
    send_records(data, records_of(figure.overlay[s].x, figure.overlay[s].y));
  }
  const std::string file = quoted(name + ".dat");
  std::ostringstream plot;
  plot << header(figure.title, figure.xlabel, figure.ylabel);
  if (figure.log_z) plot << "set logscale zcb\n";
  // An overlay series drawn "linespoints" gets small filled points; any other style is used as given
  // (e.g. "points pt 5 ps 2 lc rgb 'black'" for a start marker).
  auto overlay_style = [](const Series& s, const std::string& colour) {
    return s.style == "linespoints" ? "linespoints pt 7 ps 0.6 lw 2" + colour : s.style;
  };
  std::string overlay;
  for (std::size_t s = 0; s < figure.overlay.size(); ++s)
    overlay += ", \\\n     " + file + " index " + std::to_string(s + 1) + " using 1:2 with " +
               overlay_style(figure.overlay[s], "") + " title " + quoted(figure.overlay[s].title);
  switch (style) {
    case GridStyle::Surface:
      plot << "set zlabel " << quoted(figure.zlabel) << " rotate parallel\nset hidden3d\nset ticslevel 0\n"
           << "splot " << file << " index 0 using 1:2:3 with lines palette title " << quoted(figure.zlabel) << "\n";
      break;
    case GridStyle::Heatmap:
      plot << "set view map\nset cblabel " << quoted(figure.zlabel) << "\nset key outside right top\n"
           << "splot " << file << " index 0 using 1:2:3 with pm3d notitle";
      for (std::size_t s = 0; s < figure.overlay.size(); ++s)
        plot << ", \\\n     " << file << " index " << s + 1 << " using 1:2:(0) with "
             << overlay_style(figure.overlay[s], " lc rgb 'white'") << " title " << quoted(figure.overlay[s].title);
      plot << "\n";
      break;
    case GridStyle::Matrix:
      plot << "set cblabel " << quoted(figure.zlabel) << "\nset palette rgbformulae 33,13,10\nset autoscale fix\n"
           << "set xtics 1\nset ytics 1\nset yrange [*:*] reverse\nset size ratio -1\n"
           << "plot " << file << " index 0 using 1:2:3 with image notitle, \\\n     " << file
           << " index 0 using 1:2:(sprintf('%.2f', $3)) with labels font ',9' notitle\n";
      break;
    case GridStyle::Contour:
      // Contour lines computed by gnuplot into a table, then drawn in 2-D with the overlay.
      plot << "set contour base\nset cntrparam levels " << contour_levels(figure) << "\nunset surface\nset table " << quoted(name + "-contours.table") << "\nsplot " << file
           << " index 0 using 1:2:3\nunset table\nunset contour\nset surface\nset key outside right top\n"
           << "plot " << quoted(name + "-contours.table") << " using 1:2:3 with lines lc palette notitle" << overlay << "\n";
      break;
  }
  return render(stem, figure.title, data.str(), plot.str());
}

}  // namespace landscape::plot
