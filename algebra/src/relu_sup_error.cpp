#include "landscape/algebra/relu_sup_error.hpp"

#include <arb.h>
#include <flint/fmpz.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "landscape/algebra/flint_types.hpp"
#include "landscape/spec/error.hpp"

namespace landscape::algebra {

namespace {

// RAII for arb_t, movable into vectors.
struct Ball {
  Ball() { arb_init(b); }
  ~Ball() { arb_clear(b); }
  Ball(const Ball& o) {
    arb_init(b);
    arb_set(b, o.b);
  }
  Ball& operator=(const Ball& o) {
    arb_set(b, o.b);
    return *this;
  }
  arb_t b;
};

// A bound of |x| as a double: the upper one rounded up, or the lower one rounded down.
double abs_bound(const arb_t x, bool upper) {
  arf_t t;
  arf_init(t);
  if (upper) arb_get_abs_ubound_arf(t, x, 64);
  else arb_get_abs_lbound_arf(t, x, 64);
  const double d = arf_get_d(t, upper ? ARF_RND_UP : ARF_RND_DOWN);
  arf_clear(t);
  return d;
}
double upper_of(const arb_t x) { return abs_bound(x, true); }
double lower_of(const arb_t x) { return abs_bound(x, false); }

// One half of [-1, 1]: h = relu - q there, in the Chebyshev basis of [-1, 1], with the sums that
// bound h'' (sum |b_k| k, sum |b_k| k^2, sum |b_k| k^2 (k^2 - 1) / 3), rounded up.
struct Half {
  std::vector<Ball> b;
  double s1 = 0, s2 = 0, s4 = 0;
};

class Evaluator {
 public:
  Evaluator(const std::vector<Ball>& chebyshev_of_q, bool right, slong prec) : prec_(prec) {
    half_.b = chebyshev_of_q;
    for (auto& c : half_.b) arb_neg(c.b, c.b);
    if (right) {  // relu(u) = u = T_1 on [0, 1]
      if (half_.b.size() < 2) half_.b.resize(2);
      arb_add_si(half_.b[1].b, half_.b[1].b, 1, prec_);
    }
    Ball sum1, sum2, sum4, t;
    for (std::size_t k = 0; k < half_.b.size(); ++k) {
      const slong kk = static_cast<slong>(k);
      arb_abs(t.b, half_.b[k].b);
      arb_addmul_si(sum1.b, t.b, kk, prec_);
      arb_mul_si(t.b, t.b, kk * kk, prec_);
      arb_add(sum2.b, sum2.b, t.b, prec_);
      arb_mul_si(t.b, t.b, kk * kk - 1, prec_);
      arb_div_si(t.b, t.b, 3, prec_);
      arb_add(sum4.b, sum4.b, t.b, prec_);
    }
    half_.s1 = upper_of(sum1.b);
    half_.s2 = upper_of(sum2.b);
    half_.s4 = upper_of(sum4.b);
  }

  // h(x) and h'(x) by Clenshaw: b_k = c_k + 2x b_{k+1} - b_{k+2}, d_k = 2 b_{k+1} + 2x d_{k+1} - d_{k+2};
  // h = c_0 + x b_1 - b_2, h' = b_1 + x d_1 - d_2.
  void evaluate(double x, arb_t value, arb_t derivative) {
    arb_set_d(x_.b, x);
    arb_mul_2exp_si(two_x_.b, x_.b, 1);
    for (Ball* p : {&b1_, &b2_, &d1_, &d2_}) arb_zero(p->b);
    const auto& c = half_.b;
    for (std::size_t k = c.size() - 1; k >= 1; --k) {
      // d_k uses b_{k+1} (b1_ before the update)
      arb_mul(t_.b, two_x_.b, d1_.b, prec_);
      arb_sub(t_.b, t_.b, d2_.b, prec_);
      arb_mul_2exp_si(u_.b, b1_.b, 1);
      arb_add(t_.b, t_.b, u_.b, prec_);
      arb_swap(d2_.b, d1_.b);
      arb_swap(d1_.b, t_.b);
      arb_mul(t_.b, two_x_.b, b1_.b, prec_);
      arb_sub(t_.b, t_.b, b2_.b, prec_);
      arb_add(t_.b, t_.b, c[k].b, prec_);
      arb_swap(b2_.b, b1_.b);
      arb_swap(b1_.b, t_.b);
    }
    arb_mul(value, x_.b, b1_.b, prec_);
    arb_sub(value, value, b2_.b, prec_);
    arb_add(value, value, c[0].b, prec_);
    arb_mul(derivative, x_.b, d1_.b, prec_);
    arb_sub(derivative, derivative, d2_.b, prec_);
    arb_add(derivative, derivative, b1_.b, prec_);
  }

  // An upper bound of max |h''| on a cell whose points satisfy |u| <= top (<= 1).
  double second_derivative_bound(double top) const {
    if (top >= 0.99) return half_.s4;
    const double w = 1 - top * top;  // computed with slack below: 1e-12 relative covers rounding
    const double bernstein = (top / std::sqrt(w) * half_.s1 + half_.s2) / w * (1 + 1e-12);
    return std::min(half_.s4, bernstein);
  }

 private:
  Half half_;
  slong prec_;
  Ball x_, two_x_, b1_, b2_, d1_, d2_, t_, u_;
};

// Chebyshev coefficients (of [-1, 1]) of q(u) = p(a u) / a: u^j = 2^(1-j) sum_i binom(j, i) T_{j-2i},
// the T_0 term halved.
std::vector<Ball> chebyshev_of_scaled(const std::vector<Rational>& coefficients, const Rational& interval, slong prec) {
  const std::size_t n = std::max<std::size_t>(coefficients.size(), 1);
  std::vector<Ball> b(n);
  const Fraction a(interval);
  Fraction power;  // a^(j-1), from a^(-1)
  fmpq_inv(power.get(), a.get());
  Ball qj, term;
  fmpz_t binomial;
  fmpz_init(binomial);
  for (std::size_t j = 0; j < coefficients.size(); ++j) {
    const Fraction q = Fraction(coefficients[j]) * power;
    arb_set_fmpq(qj.b, q.get(), prec);
    for (std::size_t i = 0; 2 * i <= j; ++i) {
      const std::size_t k = j - 2 * i;
      fmpz_bin_uiui(binomial, j, i);
      arb_mul_fmpz(term.b, qj.b, binomial, prec);
      arb_mul_2exp_si(term.b, term.b, 1 - static_cast<slong>(j) - (k == 0 ? 1 : 0));
      arb_add(b[k].b, b[k].b, term.b, prec);
    }
    power = power * a;
  }
  fmpz_clear(binomial);
  return b;
}

struct Cell {
  double middle, radius;
};

}  // namespace

SupErrorEnclosure relu_sup_error(const std::vector<Rational>& coefficients, const Rational& interval, double tolerance,
                                 long max_cells) {
  if (!(interval.to_double() > 0)) throw InputError("relu sup error: the interval a must be positive");
  const long degree = static_cast<long>(coefficients.size());
  // Clenshaw on balls inflates radii like (1 + sqrt 2)^l near |u| = 1: carry that many bits more.
  const slong prec = 96 + static_cast<slong>(1.3 * static_cast<double>(degree));
  const auto chebyshev = chebyshev_of_scaled(coefficients, interval, prec);
  SupErrorEnclosure result;
  double best = -1, best_u = 0, upper = 0;
  Ball value, derivative, bound, radius, term;
  int initial = 8;
  while (initial < 2 * (degree + 1)) initial *= 2;
  for (const bool right : {false, true}) {
    Evaluator h(chebyshev, right, prec);
    std::vector<Cell> cells;
    const double start = right ? 0.0 : -1.0, width = 1.0 / initial;
    for (int i = 0; i < initial; ++i) cells.push_back({start + (i + 0.5) * width, width / 2});
    for (double end : {start, start + 1.0}) {  // the ends of the half
      h.evaluate(end, value.b, derivative.b);
      const double v = lower_of(value.b);
      if (v > best) best = v, best_u = end;
    }
    std::vector<double> cell_upper;
    while (!cells.empty()) {
      cell_upper.assign(cells.size(), 0);
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const Cell& c = cells[i];
        h.evaluate(c.middle, value.b, derivative.b);
        const double v = lower_of(value.b);
        if (v > best) best = v, best_u = c.middle;
        // |h(m)| + |h'(m)| r + M2 r^2 / 2, on balls; r is exact (a power of two).
        arb_set_d(radius.b, c.radius);
        arb_abs(bound.b, value.b);
        arb_abs(derivative.b, derivative.b);
        arb_addmul(bound.b, derivative.b, radius.b, prec);
        arb_set_d(term.b, h.second_derivative_bound(std::abs(c.middle) + c.radius));
        arb_mul(term.b, term.b, radius.b, prec);
        arb_mul(term.b, term.b, radius.b, prec);
        arb_mul_2exp_si(term.b, term.b, -1);
        arb_add(bound.b, bound.b, term.b, prec);
        cell_upper[i] = upper_of(bound.b);
      }
      result.cells += static_cast<long>(cells.size());
      std::vector<Cell> next;
      const double close = best * (1 + tolerance);
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const Cell& c = cells[i];
        if (cell_upper[i] <= close || c.radius < 0x1p-45 || result.cells >= max_cells) {
          upper = std::max(upper, cell_upper[i]);
        } else {
          next.push_back({c.middle - c.radius / 2, c.radius / 2});
          next.push_back({c.middle + c.radius / 2, c.radius / 2});
        }
      }
      cells.swap(next);
    }
  }
  // Back to x = a u: both ends scale by a (rounded outward).
  Ball scale, end;
  arb_set_fmpq(scale.b, Fraction(interval).get(), 128);
  arb_set_d(end.b, std::max(best, 0.0));
  arb_mul(end.b, end.b, scale.b, 128);
  result.lower = lower_of(end.b);
  arb_set_d(end.b, upper);
  arb_mul(end.b, end.b, scale.b, 128);
  result.upper = upper_of(end.b);
  result.argmax = best_u * interval.to_double();
  result.converged = result.upper <= (1 + tolerance) * result.lower * (1 + 1e-12) || result.upper == 0;
  return result;
}

}  // namespace landscape::algebra
