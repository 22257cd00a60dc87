// `landscape relu-approx`: polynomial approximations of ReLU on [-a, a] by degree, their
// sup-norm errors, the exact activation coefficients, a table and a figure.

#include "landscape/spec/files.hpp"
#include "arguments.hpp"
#include "commands.hpp"
#include "landscape/experiments/relu_table.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::cli {

namespace {

namespace ex = landscape::experiments;

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
    for (const auto& item : split(text, ',')) degrees.push_back(number(item));
  }
  return degrees;
}

int run_relu_approx(int argc, const char* const* argv) {
  Arguments args("relu-approx",
                 "Polynomial approximations of ReLU on [-a, a] for each degree l (Liao & Poggio 2017,\n"
                 "Section 3): the Legendre least-squares approximation (exact rational\n"
                 "coefficients) and the truncated Chebyshev series (series coefficients rounded to\n"
                 "40 digits, expanded exactly), their sup-norm errors eps(l), the activation, a CSV\n"
                 "table and a figure of eps against l (data and gnuplot script beside it).\n"
                 "eps(l) is enclosed rigorously (Arb): sup_error_lower <= eps(l) <= sup_error_upper,\n"
                 "upper within 1.0001 of lower; the column sup_error is the upper end. The column\n"
                 "activation is the exact monomial poly:c0,...,cl; train with\n"
                 "--act relu-approx:DEGREE:A[:chebyshev], which resolves to poly:c0,...,cl@A (evaluated\n"
                 "in the Chebyshev basis of [-A, A]; refused when its rounding-error bound in --dtype\n"
                 "exceeds eps).");
  args.add("--interval", "A", "the half-width a of the interval [-a, a] (a rational)", "1")
      .add("--degrees", "RANGE", "degrees, as 2..12 or 2,4,8", "2..12")
      .add("--basis", "B", "legendre, chebyshev or both", "both")
      .add("--out", "DIR", "directory for the table and the figures", "relu-approx")
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::ReluTableOptions o;
  o.interval = args.get("--interval");
  o.degrees = parse_degrees(args.get("--degrees"));
  const std::string basis = args.get("--basis");
  o.legendre = basis == "legendre" || basis == "both";
  o.chebyshev = basis == "chebyshev" || basis == "both";
  if (!o.legendre && !o.chebyshev) throw InputError("--basis '" + basis + "': legendre, chebyshev or both");
  o.out_dir = args.get("--out");
  print_result(args, ex::relu_approximation_table(o), start);
  return 0;
}

}  // namespace

std::vector<Command> relu_commands() {
  return {{"relu-approx", "polynomial approximations of ReLU: sup-norm errors, exact coefficients, figure",
           run_relu_approx}};
}

}  // namespace landscape::cli
