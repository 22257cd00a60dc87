#include "landscape/plot/figure.hpp"

#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>

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
}  // namespace

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

FigureFiles write_line_figure(const LineFigure& figure, const std::string& stem) {
  FigureFiles files;
  files.data = stem + ".dat";
  files.script = stem + ".gp";
  const std::string name = base_of(stem);

  std::ostringstream data;
  data << std::setprecision(17);
  data << "# " << figure.title << "\n";
  for (std::size_t s = 0; s < figure.series.size(); ++s) {
    const auto& series = figure.series[s];
    data << (s ? "\n\n" : "") << "# index " << s << ": " << series.title << "\n# " << figure.xlabel << "\t"
         << figure.ylabel << "\n";
    for (std::size_t k = 0; k < series.x.size(); ++k) data << series.x[k] << "\t" << series.y[k] << "\n";
  }
  write_file_atomically(files.data, data.str());

  // The script renders every format; run from its own directory so the folder can be moved.
  std::ostringstream plot;
  plot << "set title " << quoted(figure.title) << "\nset xlabel " << quoted(figure.xlabel) << "\nset ylabel "
       << quoted(figure.ylabel) << "\nset grid\nset key outside right top\n";
  if (figure.log_x) plot << "set logscale x\n";
  if (figure.log_y) plot << "set logscale y\nset format y '10^{%L}'\n";
  plot << "plot ";
  for (std::size_t s = 0; s < figure.series.size(); ++s)
    plot << (s ? ", \\\n     " : "") << quoted(name + ".dat") << " index " << s << " using 1:2 with "
         << figure.series[s].style << " title " << quoted(figure.series[s].title);
  plot << "\n";
  std::ostringstream script;
  script << "# " << figure.title << ": re-render with `gnuplot " << name << ".gp` in this directory.\n";
  const std::pair<const char*, const char*> terminals[] = {
      {"pngcairo size 900,600 enhanced font 'sans,11'", ".png"},
      {"pdfcairo size 6in,4in enhanced font 'sans,10'", ".pdf"},
      {"svg size 900,600 enhanced font 'sans,11'", ".svg"}};
  for (const auto& [terminal, extension] : terminals)
    script << "set terminal " << terminal << "\nset output " << quoted(name + extension + ".tmp") << "\n"
           << plot.str() << "unset output\n";
  write_file_atomically(files.script, script.str());

  if (!gnuplot_available()) {
    files.message = "gnuplot not found: data and script written, images not rendered";
    return files;
  }
  const std::string dir = directory_of(stem);
  const std::string command = "cd " + quoted(dir) + " && gnuplot " + quoted(name + ".gp") + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    files.message = "gnuplot failed on " + files.script;
    for (const auto& [terminal, extension] : terminals) std::remove((stem + extension + ".tmp").c_str());
    return files;
  }
  for (const auto& [terminal, extension] : terminals) {
    const std::string image = stem + extension;
    if (std::rename((image + ".tmp").c_str(), image.c_str()) == 0) files.images.push_back(image);
  }
  files.rendered = files.images.size() == 3;
  return files;
}

}  // namespace landscape::plot
