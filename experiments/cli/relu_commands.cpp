// `landscape relu-approx`: polynomial approximations of ReLU on [-a, a] by degree, their
// sup-norm errors, the exact activation coefficients, a table and a figure.
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/algebra/relu_approximation.hpp"
#include "landscape/plot/figure.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

namespace landscape::cli {

namespace {

using json = nlohmann::json;
using namespace landscape::algebra;

// "2..12" or "2,4,8".
std::vector<int> parse_degrees(const std::string& text) {
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || std::stoi(s) < 1 ||
        std::stoi(s) > 200)
      throw InputError("--degrees '" + text + "': degrees are integers in 1..200 (e.g. 2..12 or 2,4,8)");
    return std::stoi(s);
  };
  std::vector<int> degrees;
  const auto dots = text.find("..");
  if (dots != std::string::npos) {
    const int lo = number(text.substr(0, dots)), hi = number(text.substr(dots + 2));
    if (lo > hi) throw InputError("--degrees '" + text + "': empty range");
    for (int d = lo; d <= hi; ++d) degrees.push_back(d);
  } else {
    std::stringstream list(text);
    for (std::string item; std::getline(list, item, ',');) degrees.push_back(number(item));
  }
  return degrees;
}

int run_relu_approx(int argc, const char* const* argv) {
  Arguments args("relu-approx",
                 "Polynomial approximations of ReLU on [-a, a] for each degree l (Liao & Poggio 2017,\n"
                 "Section 3): the Legendre least-squares approximation (exact rational\n"
                 "coefficients) and the truncated Chebyshev series (coefficients rounded to 20\n"
                 "digits), their sup-norm errors eps(l), the activation to pass as --act, a CSV\n"
                 "table and a figure of eps against l (data and gnuplot script beside it).");
  args.add("--interval", "A", "the half-width a of the interval [-a, a] (a rational)", "1")
      .add("--degrees", "RANGE", "degrees, as 2..12 or 2,4,8", "2..12")
      .add("--basis", "B", "legendre, chebyshev or both", "both")
      .add("--out", "DIR", "directory for the table and the figures", "relu-approx")
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  const auto a = Rational::parse(args.get("--interval"));
  if (!a || !(a->to_double() > 0)) throw InputError("--interval '" + args.get("--interval") + "': a positive number");
  const auto degrees = parse_degrees(args.get("--degrees"));
  const std::string basis = args.get("--basis");
  std::vector<ApproximationBasis> bases;
  if (basis == "legendre" || basis == "both") bases.push_back(ApproximationBasis::Legendre);
  if (basis == "chebyshev" || basis == "both") bases.push_back(ApproximationBasis::Chebyshev);
  if (bases.empty()) throw InputError("--basis '" + basis + "': legendre, chebyshev or both");
  const std::string dir = args.get("--out");
  std::filesystem::create_directories(dir);

  json j = {{"command", "relu-approx"}, {"interval", a->text()}, {"approximations", json::array()}};
  std::ostringstream csv;
  csv << "basis,degree,sup_error,argmax,activation\n";
  plot::LineFigure error_figure{"sup-norm error of polynomial approximations of ReLU on [-" + a->text() + ", " +
                                    a->text() + "]",
                                "degree l", "eps(l) = max |relu(x) - p(x)|", false, true, {}};
  plot::LineFigure curves{"ReLU and its approximations on [-" + a->text() + ", " + a->text() + "]", "x", "p(x)",
                          false, false, {}};
  plot::Series relu{"relu", {}, {}, "lines"};
  const double half = a->to_double();
  for (int i = 0; i <= 400; ++i) {
    relu.x.push_back(-half + 2 * half * i / 400);
    relu.y.push_back(std::max(0.0, relu.x.back()));
  }
  curves.series.push_back(relu);
  for (auto b : bases) {
    plot::Series series{to_string(b), {}, {}, "linespoints"};
    for (int d : degrees) {
      const auto r = relu_approximation(*a, d, b);
      j["approximations"].push_back({{"basis", to_string(b)},
                                     {"degree", d},
                                     {"sup_error", r.sup_error},
                                     {"argmax", r.argmax},
                                     {"activation", r.activation()}});
      csv << to_string(b) << "," << d << "," << r.sup_error << "," << r.argmax << ",\"" << r.activation() << "\"\n";
      series.x.push_back(d);
      series.y.push_back(r.sup_error);
      if (b == ApproximationBasis::Legendre && (d == degrees.front() || d == degrees.back())) {
        plot::Series curve{"legendre, degree " + std::to_string(d), {}, {}, "lines"};
        for (double x : relu.x) {
          double p = 0;
          for (auto it = r.coefficients.rbegin(); it != r.coefficients.rend(); ++it) p = p * x + it->to_double();
          curve.x.push_back(x);
          curve.y.push_back(p);
        }
        curves.series.push_back(curve);
      }
    }
    error_figure.series.push_back(series);
  }
  write_file_atomically(dir + "/relu_approx.csv", csv.str());
  const auto error_files = plot::write_line_figure(error_figure, dir + "/relu_approx_error");
  const auto curve_files = plot::write_line_figure(curves, dir + "/relu_approx_curves");
  j["table"] = dir + "/relu_approx.csv";
  j["figures"] = {{"error", error_files.images}, {"curves", curve_files.images}};
  j["scripts"] = {error_files.script, curve_files.script};
  if (!error_files.rendered) j["figure_message"] = error_files.message;
  std::ostringstream summary;
  summary << degrees.size() * bases.size() << " approximations on [-" << a->text() << ", " << a->text()
          << "]; table " << dir << "/relu_approx.csv, figure "
          << (error_files.rendered ? error_files.images.front() : error_files.script);
  finish(args, j, summary.str(), start, false);
  return 0;
}

}  // namespace

std::vector<Command> relu_commands() {
  return {{"relu-approx", "polynomial approximations of ReLU: sup-norm errors, exact coefficients, figure",
           run_relu_approx}};
}

}  // namespace landscape::cli
