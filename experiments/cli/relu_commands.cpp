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

int run_relu_approx(int argc, const char* const* argv) {
  Arguments args("relu-approx", "Polynomial approximations of ReLU on [-a, a] for each degree l (Liao & Poggio "
                 "2017, Section 3): the Legendre least-squares approximation (exact rational coefficients) and the "
                 "truncated Chebyshev series (series coefficients rounded to 40 digits, expanded exactly), their "
                 "sup-norm errors eps(l), the activation, a CSV table and a figure of eps against l (data and "
                 "gnuplot script beside it). eps(l) is enclosed rigorously (Arb): sup_error_lower <= eps(l) <= "
                 "sup_error_upper, upper within 1.0001 of lower; the column sup_error is the upper end. The column "
                 "activation is the exact monomial poly:c0,...,cl; train with --act "
                 "relu-approx:DEGREE:A[:chebyshev], which resolves to poly:c0,...,cl@A (evaluated in the Chebyshev "
                 "basis of [-A, A]; refused when its rounding-error bound in --dtype exceeds eps).");
  args.add("--interval", "A", "the half-width a of the interval [-a, a] (a rational)", "1")
      .add("--degrees", "RANGE", "degrees, as 2..12 or 2,4,8", "2..12")
      .add("--basis", "B", "legendre, chebyshev or both", "both")
      .add("--out", "DIR", "directory for the table and the figures", "relu-approx")
      .add_flag("--json", "print one JSON object");
  if (!parse_or_help(args, argc, argv)) return 0;
  const auto start = Clock::now();
  ex::ReluTableOptions o;
  o.interval = args.get("--interval");
  o.degrees = ex::parse_degrees(args.get("--degrees"));
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
