#include "landscape/experiments/relu_table.hpp"

#include <algorithm>
#include <sstream>

#include "landscape/algebra/relu_approximation.hpp"
#include "landscape/experiments/validation.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"
#include "landscape/spec/rational.hpp"

namespace landscape::experiments {

std::vector<int> parse_degrees(const std::string& text) {
  auto number = [&](const std::string& s) {
    if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos || std::stoi(s) < 1 ||
        std::stoi(s) > 200)
      throw FieldError("degrees", "'" + text + "': degrees are integers in 1..200 (e.g. 2..12 or 2,4,8)");
    return std::stoi(s);
  };
  std::vector<int> degrees;
  const auto dots = text.find("..");
  if (dots != std::string::npos) {
    const int lo = number(text.substr(0, dots)), hi = number(text.substr(dots + 2));
    if (lo > hi) throw FieldError("degrees", "'" + text + "': empty range");
    for (int d = lo; d <= hi; ++d) degrees.push_back(d);
  } else {
    for (const auto& item : split(text, ',')) degrees.push_back(number(item));
  }
  return degrees;
}

using json = nlohmann::json;
using namespace landscape::algebra;

bool ReluTableOptions::is_valid(std::string* error) const {
  const auto a = Rational::parse(interval);
  std::string problem;
  if (!a || !(a->to_double() > 0)) problem = "interval '" + interval + "': a positive number";
  else if (degrees.empty()) problem = "degrees (none): give at least one degree";
  else if (!legendre && !chebyshev) problem = "basis (none): legendre, chebyshev or both";
  for (int d : degrees)
    if (problem.empty() && (d < 1 || d > 200)) problem = "degrees " + std::to_string(d) + ": degrees are integers in 1..200";
  if (!problem.empty() && error) *error = problem;
  return problem.empty();
}

ProtocolResult relu_approximation_table(const ReluTableOptions& o) {
  throw_if_invalid(o);
  const Rational a = *Rational::parse(o.interval);
  std::vector<ApproximationBasis> bases;
  if (o.legendre) bases.push_back(ApproximationBasis::Legendre);
  if (o.chebyshev) bases.push_back(ApproximationBasis::Chebyshev);
  OutputDirectory out(o.out_dir);
  ProtocolResult result;
  result.command = "relu-approx";
  json& j = result.details;
  j["interval"] = a.text();
  j["approximations"] = json::array();
  std::ostringstream csv;
  csv << "basis,degree,sup_error,argmax,activation,sup_error_lower,sup_error_upper,enclosure_converged\n";
  plot::LineFigure error_figure{"sup-norm error of polynomial approximations of ReLU on [-" + a.text() + ", " + a.text() + "]",
                                "degree l", "eps(l) = max |relu(x) - p(x)|", false, true, {}};
  plot::LineFigure curves{"ReLU and its approximations on [-" + a.text() + ", " + a.text() + "]", "x", "p(x)", false, false, {}};
  plot::Series relu{"relu", {}, {}, "lines"};
  const double half = a.to_double();
  for (int i = 0; i <= 400; ++i) {
    relu.x.push_back(-half + 2 * half * i / 400);
    relu.y.push_back(std::max(0.0, relu.x.back()));
  }
  curves.series.push_back(relu);
  for (auto b : bases) {
    plot::Series series{to_string(b), {}, {}, "linespoints"};
    for (int d : o.degrees) {
      const auto r = relu_approximation(a, d, b);
      j["approximations"].push_back(
          {{"basis", to_string(b)}, {"degree", d}, {"sup_error", r.sup_error}, {"argmax", r.argmax}, {"activation", r.activation()},
           {"sup_error_lower", r.sup_error_lower}, {"sup_error_upper", r.sup_error_upper},
           {"enclosure_converged", r.enclosure_converged}});
      csv.precision(10);
      csv << to_string(b) << "," << d << "," << r.sup_error << "," << r.argmax << ",\"" << r.activation() << "\","
          << r.sup_error_lower << "," << r.sup_error_upper << "," << (r.enclosure_converged ? "true" : "false") << "\n";
      series.x.push_back(d);
      series.y.push_back(r.sup_error);
      if (b == ApproximationBasis::Legendre && (d == o.degrees.front() || d == o.degrees.back())) {
        plot::Series curve{"legendre, degree " + std::to_string(d), {}, {}, "lines"};
        for (double x : relu.x) {  // exact values: double Horner is wrong by more than eps at degree ~50
          curve.x.push_back(x);
          curve.y.push_back(r.value(x));
        }
        curves.series.push_back(curve);
      }
    }
    error_figure.series.push_back(series);
  }
  const std::string table = o.out_dir + "/relu_approx.csv";
  write_file_atomically(table, csv.str());
  const auto error_files = plot::write_line_figure(error_figure, o.out_dir + "/relu_approx_error");
  const auto curve_files = plot::write_line_figure(curves, o.out_dir + "/relu_approx_curves");
  j["table"] = table;
  j["figures"] = {{"error", error_files.images}, {"curves", curve_files.images}};
  j["scripts"] = {error_files.script, curve_files.script};
  if (!error_files.rendered) j["figure_message"] = error_files.message;
  out.add(table);
  out.add(error_files);
  out.add(curve_files);
  result.files = out.files();
  result.notes = out.notes();
  std::ostringstream summary;
  summary << o.degrees.size() * bases.size() << " approximations on [-" << a.text() << ", " << a.text() << "]; table " << table
          << ", figure " << (error_files.rendered ? error_files.images.front() : error_files.script);
  result.summary_line = summary.str();
  return result;
}

}  // namespace landscape::experiments
