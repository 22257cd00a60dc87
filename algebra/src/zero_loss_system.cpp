#include "landscape/algebra/zero_loss_system.hpp"

#include <cmath>
#include <sstream>

#include "landscape/algebra/horner.hpp"

namespace landscape::algebra {

std::shared_ptr<PolyRing> parameter_ring(const NetSpec& net) {
  return std::make_shared<PolyRing>(net.layout().variable_names());
}

std::vector<std::vector<Poly>> output_polynomials(const NetSpec& net, const RationalMatrix& inputs,
                                                  const std::shared_ptr<PolyRing>& ring,
                                                  const std::map<std::size_t, Rational>& fixed) {
  net.activation.require_polynomial("zero-loss system");
  std::vector<Poly> params;
  std::size_t free = 0;
  for (std::size_t k = 0; k < net.parameter_count(); ++k) {
    const auto it = fixed.find(k);
    params.push_back(it != fixed.end() ? Poly(ring, Fraction(it->second)) : Poly::variable(ring, free++));
  }
  if (free != ring->variables())
    throw std::invalid_argument("output_polynomials: the ring does not match the free parameters");
  std::vector<Poly> coefficients;
  for (const auto& c : net.activation.coefficients) coefficients.emplace_back(ring, Fraction(c));
  auto sigma = [&](const Poly& z) { return horner(coefficients, z); };
  std::vector<std::vector<Poly>> outputs;
  outputs.reserve(inputs.size());
  for (const auto& x : inputs) {
    std::vector<Poly> input;
    for (const auto& xi : x) input.emplace_back(ring, Fraction(xi));
    outputs.push_back(forward(net, params, input, sigma));
  }
  return outputs;
}

PolynomialSystem zero_loss_system(const NetSpec& net, const RationalMatrix& inputs,
                                  const RationalMatrix& labels) {
  return zero_loss_system(net, inputs, labels, {});
}

PolynomialSystem zero_loss_system(const NetSpec& net, const RationalMatrix& inputs,
                                  const RationalMatrix& labels,
                                  const std::map<std::size_t, Rational>& fixed) {
  if (labels.size() != inputs.size())
    throw InputError("zero-loss system: " + std::to_string(inputs.size()) + " points but " +
                     std::to_string(labels.size()) + " labels");
  std::vector<std::string> names;
  const auto layout = net.layout();
  for (std::size_t k = 0; k < layout.count(); ++k)
    if (!fixed.count(k)) names.push_back(layout.variable_name(k));
  PolynomialSystem system{std::make_shared<PolyRing>(names), {}};
  const auto outputs = output_polynomials(net, inputs, system.ring, fixed);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (labels[i].size() != outputs[i].size())
      throw InputError("zero-loss system: label " + std::to_string(i + 1) + " has " +
                       std::to_string(labels[i].size()) + " entries, the network has " +
                       std::to_string(outputs[i].size()) + " outputs");
    for (std::size_t k = 0; k < outputs[i].size(); ++k)
      system.equations.push_back(outputs[i][k] - Poly(system.ring, Fraction(labels[i][k])));
  }
  return system;
}

PolynomialSystem critical_point_system(const PolynomialSystem& zero_loss) {
  PolynomialSystem critical{zero_loss.ring, {}};
  const Poly two(zero_loss.ring, Fraction(2));
  for (std::size_t k = 0; k < zero_loss.ring->variables(); ++k) {
    Poly sum(zero_loss.ring);
    for (const auto& F : zero_loss.equations) sum = sum + F * F.derivative(k);
    critical.equations.push_back(two * sum);
  }
  return critical;
}

RationalMatrix teacher_labels(const NetSpec& net, const RationalMatrix& inputs,
                              const std::vector<Rational>& teacher) {
  net.activation.require_polynomial("teacher labels");
  if (teacher.size() != net.parameter_count())
    throw InputError("teacher has " + std::to_string(teacher.size()) + " parameters, the network " +
                     std::to_string(net.parameter_count()));
  const auto params = to_fractions(teacher);
  const auto coefficients = to_fractions(net.activation.coefficients);
  auto sigma = [&](const Fraction& z) { return horner(coefficients, z); };
  RationalMatrix labels;
  for (const auto& x : inputs) {
    labels.emplace_back();
    for (const auto& y : forward(net, params, to_fractions(x), sigma))
      labels.back().push_back(*Rational::parse(y.to_string()));
  }
  return labels;
}

std::string product_of_degrees(const std::vector<long long>& degrees) {
  fmpz_t product;
  fmpz_init_set_ui(product, 1);
  for (long long d : degrees) fmpz_mul_si(product, product, d);
  char* s = fmpz_get_str(nullptr, 10, product);
  std::string out(s);
  flint_free(s);
  fmpz_clear(product);
  return out;
}

SystemSummary summarize(const PolynomialSystem& system) {
  SystemSummary s;
  s.unknowns = system.ring->variables();
  s.equations = system.equations.size();
  std::vector<long long> nonzero_degrees;
  for (const auto& F : system.equations) {
    s.degrees.push_back(F.total_degree());
    s.terms.push_back(F.terms());
    s.total_terms += static_cast<std::size_t>(F.terms());
    if (F.is_zero()) {
      ++s.zero_equations;
      continue;
    }
    nonzero_degrees.push_back(F.total_degree());
    s.log10_bezout += F.total_degree() > 0 ? std::log10(static_cast<double>(F.total_degree()))
                                           : -INFINITY;
  }
  s.bezout_bound = product_of_degrees(nonzero_degrees);
  s.log10_shub_smale = s.log10_bezout / 2;
  s.expected_dimension = static_cast<long>(s.unknowns) - static_cast<long>(s.equations);
  return s;
}

std::string SystemSummary::summary() const {
  std::ostringstream out;
  long max_degree = 0;
  for (long d : degrees) max_degree = std::max(max_degree, d);
  out << equations << " equations in " << unknowns << " unknowns, degree <= " << max_degree << ", "
      << total_terms << " terms, Bezout bound " << (bezout_bound.size() > 24 ? "10^" : "")
      << (bezout_bound.size() > 24 ? std::to_string(log10_bezout) : bezout_bound)
      << ", expected dimension " << expected_dimension;
  return out.str();
}

}  // namespace landscape::algebra
