// High-precision real numbers (Boost.Multiprecision over MPFR) with the precision chosen at run
// time, and Eigen matrices over them.
//
//   PrecisionScope scope(100);   // 100 significant decimal digits until the scope ends
//   Real x = rational_to<Real>(*Rational::parse("1/3"));
//
// Expression templates are off so that Eigen can use Real as an ordinary scalar.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

#include <Eigen/Dense>

#include <limits>
#include <string>

#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

using Real = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                           boost::multiprecision::et_off>;
using RealMatrix = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;
using RealVector = Eigen::Matrix<Real, Eigen::Dynamic, 1>;

// Sets the working precision (decimal digits) of newly created Reals; restores it on exit.
class PrecisionScope {
 public:
  explicit PrecisionScope(unsigned digits) : saved_(Real::default_precision()) {
    Real::default_precision(digits);
  }
  ~PrecisionScope() { Real::default_precision(saved_); }
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  unsigned saved_;
};

// All significant digits, in scientific notation ("1.2345...e-07"); exact to read back.
inline std::string to_decimal_string(const Real& x) {
  return x.str(static_cast<std::streamsize>(Real::default_precision()) + 2,
               std::ios_base::scientific);
}

// log10 |x| as a double (-inf for 0), for reporting residuals far below double's range.
inline double log10_abs(const Real& x) {
  if (x == 0) return -std::numeric_limits<double>::infinity();
  return static_cast<double>(boost::multiprecision::log10(boost::multiprecision::abs(x)));
}

}  // namespace landscape::algebra

namespace Eigen {
// Eigen's description of Real (Boost 1.74's own adaptor lacks infinity() and quiet_NaN()).
template <>
struct NumTraits<landscape::algebra::Real> : GenericNumTraits<landscape::algebra::Real> {
  using Real = landscape::algebra::Real;
  using NonInteger = landscape::algebra::Real;
  using Nested = landscape::algebra::Real;
  using Literal = landscape::algebra::Real;
  enum {
    IsComplex = 0,
    IsInteger = 0,
    IsSigned = 1,
    RequireInitialization = 1,
    ReadCost = 10,
    AddCost = 10,
    MulCost = 40
  };
  static Real epsilon() { return std::numeric_limits<Real>::epsilon(); }
  static Real dummy_precision() { return 1000 * epsilon(); }
  static Real highest() { return (std::numeric_limits<Real>::max)(); }
  static Real lowest() { return (std::numeric_limits<Real>::lowest)(); }
  static int digits10() { return std::numeric_limits<Real>::digits10; }
  static Real infinity() { return std::numeric_limits<Real>::infinity(); }
  static Real quiet_NaN() { return std::numeric_limits<Real>::quiet_NaN(); }
};
}  // namespace Eigen
