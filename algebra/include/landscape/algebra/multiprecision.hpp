// High-precision real numbers (Boost.Multiprecision over MPFR) with the precision chosen at run
// time, and Eigen matrices over them.
//
//   PrecisionScope scope(100);   // 100 significant decimal digits until the scope ends
//   Real x = rational_to<Real>(*Rational::parse("1/3"));
//
// Each Real carries its own precision (x.precision(), in decimal digits); the scope decides the
// precision of the Reals created inside it. Library functions that compute in Reals take the
// precision as an argument or options field (`digits`) and open the scope themselves, so callers
// need one only for Reals they make on their own.
//
// Expression templates are off so that Eigen can use Real as an ordinary scalar.
#pragma once

#include <boost/multiprecision/mpfr.hpp>

#include <Eigen/Dense>

#include <limits>
#include <mutex>
#include <string>

#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

using Real = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                           boost::multiprecision::et_off>;
using RealMatrix = Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic>;
using RealVector = Eigen::Matrix<Real, Eigen::Dynamic, 1>;

// Sets the working precision (decimal digits) of newly created Reals; restores it on exit.
//
// Debian's Boost 1.74 keeps that default in one process-wide variable (not per thread), and its
// arithmetic briefly rewrites it to the operands' precision. Multiprecision work in two threads
// at once would therefore change each other's precision: a scope holds a process-wide lock for
// its lifetime, so scopes in different threads run one after the other (nested scopes in one
// thread are fine). Real arithmetic belongs inside a scope, and a thread that holds one must not
// wait for another thread that opens one.
class PrecisionScope {
 public:
  explicit PrecisionScope(unsigned digits) : lock_(mutex()), saved_(Real::default_precision()) {
    Real::default_precision(digits);
  }
  ~PrecisionScope() { Real::default_precision(saved_); }
  PrecisionScope(const PrecisionScope&) = delete;
  PrecisionScope& operator=(const PrecisionScope&) = delete;

 private:
  static std::recursive_mutex& mutex() {
    static std::recursive_mutex m;
    return m;
  }
  std::lock_guard<std::recursive_mutex> lock_;  // taken before saved_ is read, released last
  unsigned saved_;
};

// All significant digits of x at its own precision, in scientific notation ("1.2345...e-07");
// exact to read back. Independent of the precision in force where it is called.
inline std::string to_decimal_string(const Real& x) {
  return x.str(static_cast<std::streamsize>(x.precision()) + 2, std::ios_base::scientific);
}

// log10 |x| as a double (-inf for 0), for reporting residuals far below double's range.
inline double log10_abs(const Real& x) {
  if (x == 0) return -std::numeric_limits<double>::infinity();
  PrecisionScope precision(x.precision());
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
