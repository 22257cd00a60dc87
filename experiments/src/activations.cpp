#include "landscape/spec/files.hpp"
#include "landscape/experiments/activations.hpp"

#include <vector>

#include "landscape/spec/error.hpp"
#include "landscape/spec/rational.hpp"
#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/algebra/relu_approximation.hpp"
#endif

namespace landscape::experiments {

std::string resolve_activation(const std::string& text, nlohmann::json* info) {
  if (text.rfind("relu-approx:", 0) != 0) return text;
#ifdef LANDSCAPE_WITH_ALGEBRA
  const std::vector<std::string> parts = split(text, ':');
  const std::string quoted = "'" + text + "'";
  if (parts.size() < 3 || parts.size() > 4 || parts[1].empty() ||
      parts[1].find_first_not_of("0123456789") != std::string::npos || parts[1].size() > 3)
    throw FieldError("activation", quoted + ": expected relu-approx:DEGREE:A or relu-approx:DEGREE:A:chebyshev");
  const auto a = Rational::parse(parts[2]);
  if (!a || !(a->to_double() > 0)) throw FieldError("activation", quoted + ": the interval half-width A must be a positive number");
  const int degree = std::stoi(parts[1]);
  if (degree < 1 || degree > 200) throw FieldError("activation", quoted + ": the degree must be in 1..200");
  auto basis = algebra::ApproximationBasis::Legendre;
  if (parts.size() == 4) {
    if (parts[3] == "chebyshev") basis = algebra::ApproximationBasis::Chebyshev;
    else if (parts[3] != "legendre") throw FieldError("activation", quoted + ": the basis is legendre or chebyshev");
  }
  const auto p = algebra::relu_approximation(*a, degree, basis);
  if (info)
    *info = {{"requested", text}, {"degree", p.degree}, {"basis", algebra::to_string(p.basis)},
             {"sup_error", p.sup_error}, {"activation", p.activation()}};
  return p.activation();
#else
  (void)info;
  throw FieldError("activation", "'" + text + "': relu-approx needs the algebra part (build with LANDSCAPE_WITH_ALGEBRA=ON)");
#endif
}

}  // namespace landscape::experiments
