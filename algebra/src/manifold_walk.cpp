#include "landscape/algebra/manifold_walk.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "landscape/algebra/real_network.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::algebra {

namespace {
RealVector as_vector(const std::vector<Real>& v) {
  RealVector out(static_cast<Eigen::Index>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) out(i) = v[i];
  return out;
}
std::vector<Real> as_std(const RealVector& v) { return std::vector<Real>(v.data(), v.data() + v.size()); }

Real sum_of_squares(const std::vector<Real>& r) {
  Real s(0);
  for (const auto& v : r) s += v * v;
  return s;
}
}  // namespace

WalkResult walk_zero_loss_manifold(const NetSpec& net, const RationalMatrix& inputs,
                                   const RationalMatrix& labels, const std::vector<Rational>& start,
                                   const WalkOptions& options) {
  if (start.size() != net.parameter_count())
    throw InputError("walk: " + std::to_string(start.size()) + " parameters given, the network has " +
                     std::to_string(net.parameter_count()));
  if (options.steps < 1) throw FieldError("steps", std::to_string(options.steps) + ": must be >= 1");
  if (!(options.step_fraction > 0))
    throw FieldError("step_fraction", std::to_string(options.step_fraction) + ": must be positive");
  PrecisionScope precision(options.digits);
  const auto x = to_reals(inputs);
  const auto y = to_reals(labels);
  RealVector w = as_vector(to_reals(start));
  const RealVector w0 = w;
  const Real tolerance = boost::multiprecision::pow(Real(10), -static_cast<int>(options.digits) + 15);

  WalkResult result;
  result.start_norm = w0.norm();
  result.max_loss = sum_of_squares(real_residuals(net, x, y, as_std(w)));
  result.path_length = Real(0);
  const Real step = Real(options.step_fraction) * result.start_norm;

  // The direction: Gaussian (SplitMix64::normal, Box-Muller), fixed once.
  SplitMix64 rng(options.seed);
  RealVector direction(w.size());
  for (Eigen::Index k = 0; k < w.size(); ++k) direction(k) = Real(rng.normal());
  result.min_jacobian_rank = static_cast<long>(w.size());
  for (int s = 0; s < options.steps; ++s) {
    // Project the direction on the null space of J: d - J^T (J J^T)^{-1} J d. J has full row rank
    // along the walk (checked after every step), so the Gram matrix is invertible.
    const RealMatrix J = real_jacobian(net, x, as_std(w));
    const RealMatrix gram = J * J.transpose();
    RealVector d = direction - J.transpose() * gram.ldlt().solve(J * direction);
    if (d.norm() == 0) throw std::runtime_error("walk: the null space of the Jacobian is empty");
    direction = d / d.norm();
    w += step * direction;
    result.path_length += step;

    // Pull back: w <- w - J^T (J J^T)^{-1} r, the minimum-norm Gauss-Newton correction.
    WalkStep record{};
    std::vector<Real> r = real_residuals(net, x, y, as_std(w));
    for (record.corrections = 0; record.corrections < options.max_corrections; ++record.corrections) {
      Real worst(0);
      for (const auto& v : r) worst = std::max(worst, Real(abs(v)));
      if (worst <= tolerance) break;
      const RealMatrix Jw = real_jacobian(net, x, as_std(w));
      const RealMatrix gram = Jw * Jw.transpose();
      const RealVector correction = Jw.transpose() * gram.ldlt().solve(as_vector(r));
      w -= correction;
      r = real_residuals(net, x, y, as_std(w));
    }
    record.loss = sum_of_squares(r);
    record.jacobian_rank = numerical_rank(real_jacobian(net, x, as_std(w)), options.digits).nonzero;
    record.distance = (w - w0).norm();
    result.max_loss = std::max(result.max_loss, record.loss);
    result.min_jacobian_rank = std::min(result.min_jacobian_rank, record.jacobian_rank);
    result.steps.push_back(record);
  }
  result.final_parameters = as_std(w);
  result.distance = (w - w0).norm();
  return result;
}

double WalkResult::relative_distance() const {
  PrecisionScope precision(std::max(distance.precision(), start_norm.precision()));
  return start_norm == 0 ? 0.0 : static_cast<double>(distance / start_norm);
}

std::string WalkResult::summary() const {
  std::ostringstream out;
  out << steps.size() << " steps: distance " << static_cast<double>(distance) << " ("
      << relative_distance() << " |w_0|), path length " << static_cast<double>(path_length)
      << ", max loss 10^" << log10_abs(max_loss) << ", min Jacobian rank " << min_jacobian_rank;
  return out.str();
}

}  // namespace landscape::algebra
