#include "landscape/spec/files.hpp"
#include "landscape/experiments/activations.hpp"

#include <sstream>
#include <vector>

#include "landscape/spec/activation.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/rational.hpp"
#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/algebra/relu_approximation.hpp"
#endif
#ifdef LANDSCAPE_WITH_TORCH
#include "landscape/nn/polynomial_evaluation.hpp"
#endif

namespace landscape::experiments {

namespace {

std::string number(double x) {
  std::ostringstream s;
  s.precision(3);
  s << x;
  return s.str();
}

// The bound on the rounding error of the network's evaluation of a polynomial activation in
// `dtype` on [-A, A] (nn/polynomial_evaluation.hpp); negative when it cannot be computed here
// (no LibTorch part, no dtype, not a polynomial).
double evaluation_bound(const std::string& activation, const std::string& dtype) {
#ifdef LANDSCAPE_WITH_TORCH
  if (dtype.empty() || activation.rfind("poly:", 0) != 0) return -1;
  return nn::clenshaw_error_bound(nn::chebyshev_form(Activation::parse(activation)), nn::unit_roundoff(dtype));
#else
  (void)activation;
  (void)dtype;
  return -1;
#endif
}

}  // namespace

std::string resolve_activation(const std::string& text, nlohmann::json* info, const std::string& dtype) {
  if (text.rfind("relu-approx:", 0) != 0) {
    const double bound = evaluation_bound(text, dtype);
    if (info && bound >= 0) {
      const auto a = Activation::parse(text);
      *info = {{"requested", text}, {"dtype", dtype}, {"evaluation_interval", a.evaluation_interval.text()},
               {"evaluation_error_bound", bound}};
    }
    return text;
  }
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
  const std::string resolved = p.activation() + "@" + a->text();
  const double bound = evaluation_bound(resolved, dtype);
  if (bound > p.sup_error_lower)
    throw FieldError("activation", quoted + ": in " + dtype + " its evaluation on [-A, A] may be wrong by up to " +
                                       number(bound) + ", more than its approximation error " + number(p.sup_error) +
                                       "; use float64 or a lower degree");
  if (info) {
    *info = {{"requested", text},
             {"degree", p.degree},
             {"basis", algebra::to_string(p.basis)},
             {"sup_error", p.sup_error},
             {"sup_error_lower", p.sup_error_lower},
             {"sup_error_upper", p.sup_error_upper},
             {"activation", resolved}};
    if (bound >= 0) {
      (*info)["dtype"] = dtype;
      (*info)["evaluation_error_bound"] = bound;
    }
  }
  return resolved;
#else
  (void)info;
  throw FieldError("activation", "'" + text + "': relu-approx needs the algebra part (build with LANDSCAPE_WITH_ALGEBRA=ON)");
#endif
}

}  // namespace landscape::experiments
