#include "landscape/algebra/certify.hpp"

#include <acb.h>
#include <acb_mat.h>
#include <arb.h>

#include <algorithm>
#include <cmath>

#include "complex_vectors.hpp"

namespace landscape::algebra {

namespace {

// RAII for a vector of acb balls.
struct AcbVector {
  explicit AcbVector(slong n) : n(n) { v = _acb_vec_init(n); }
  ~AcbVector() { _acb_vec_clear(v, n); }
  AcbVector(const AcbVector&) = delete;
  AcbVector& operator=(const AcbVector&) = delete;
  acb_ptr v;
  slong n;
};

struct AcbMatrix {
  AcbMatrix(slong r, slong c) { acb_mat_init(m, r, c); }
  ~AcbMatrix() { acb_mat_clear(m); }
  AcbMatrix(const AcbMatrix&) = delete;
  AcbMatrix& operator=(const AcbMatrix&) = delete;
  acb_mat_t m;
};

// F(x) and J(x) in ball arithmetic from the exact coefficients; J may be null.
void evaluate_balls(const PolynomialSystem& system, acb_srcptr x, acb_ptr f, acb_mat_struct* J, slong prec) {
  const auto* ctx = system.ring->ctx();
  const slong n = static_cast<slong>(system.ring->variables());
  std::vector<ulong> exps(static_cast<std::size_t>(n));
  fmpq_t c;
  fmpq_init(c);
  acb_t term, factor, partial;
  acb_init(term);
  acb_init(factor);
  acb_init(partial);
  if (J) acb_mat_zero(J);
  for (std::size_t i = 0; i < system.equations.size(); ++i) {
    const auto* F = system.equations[i].get();
    acb_zero(f + i);
    for (slong t = 0; t < fmpq_mpoly_length(F, ctx); ++t) {
      fmpq_mpoly_get_term_coeff_fmpq(c, F, t, ctx);
      fmpq_mpoly_get_term_exp_ui(exps.data(), F, t, ctx);
      acb_set_fmpq(term, c, prec);
      for (slong v = 0; v < n; ++v)
        if (exps[static_cast<std::size_t>(v)]) {
          acb_pow_ui(factor, x + v, exps[static_cast<std::size_t>(v)], prec);
          acb_mul(term, term, factor, prec);
        }
      acb_add(f + i, f + i, term, prec);
      if (!J) continue;
      for (slong v = 0; v < n; ++v) {
        const ulong e = exps[static_cast<std::size_t>(v)];
        if (!e) continue;
        // d/dx_v: c e x_v^(e-1) prod_{w != v} x_w^(e_w), recomputed (terms are short)
        acb_set_fmpq(partial, c, prec);
        acb_mul_ui(partial, partial, e, prec);
        for (slong w = 0; w < n; ++w) {
          const ulong ew = exps[static_cast<std::size_t>(w)] - (w == v ? 1 : 0);
          if (!ew) continue;
          acb_pow_ui(factor, x + w, ew, prec);
          acb_mul(partial, partial, factor, prec);
        }
        acb_add(acb_mat_entry(J, static_cast<slong>(i), v), acb_mat_entry(J, static_cast<slong>(i), v), partial, prec);
      }
    }
  }
  acb_clear(term);
  acb_clear(factor);
  acb_clear(partial);
  fmpq_clear(c);
}

bool krawczyk(const PolynomialSystem& system, const ComplexVector& point, double radius, slong prec) {
  const slong n = static_cast<slong>(point.size());
  AcbVector center(n), box(n), fc(n), diff(n), k(n), tmp(n);
  AcbMatrix Jc(n, n), JX(n, n), Y(n, n), M(n, n), I(n, n);
  mag_t r;
  mag_init(r);
  mag_set_d(r, radius);
  for (slong j = 0; j < n; ++j) {
    acb_set_d_d(center.v + j, point[static_cast<std::size_t>(j)].real(), point[static_cast<std::size_t>(j)].imag());
    acb_set(box.v + j, center.v + j);
    acb_add_error_mag(box.v + j, r);  // adds r to both the real and the imaginary radius
  }
  mag_clear(r);
  evaluate_balls(system, center.v, fc.v, Jc.m, prec);
  acb_mat_get_mid(Jc.m, Jc.m);
  if (!acb_mat_approx_inv(Y.m, Jc.m, prec)) return false;
  acb_mat_get_mid(Y.m, Y.m);
  evaluate_balls(system, box.v, tmp.v, JX.m, prec);
  // M = I - Y J(X)
  acb_mat_mul(M.m, Y.m, JX.m, prec);
  acb_mat_one(I.m);
  acb_mat_sub(M.m, I.m, M.m, prec);
  for (slong j = 0; j < n; ++j) acb_sub(diff.v + j, box.v + j, center.v + j, prec);
  // K = c - Y F(c) + M (X - c)
  for (slong i = 0; i < n; ++i) {
    acb_set(k.v + i, center.v + i);
    for (slong j = 0; j < n; ++j) {
      acb_t p;
      acb_init(p);
      acb_mul(p, acb_mat_entry(Y.m, i, j), fc.v + j, prec);
      acb_sub(k.v + i, k.v + i, p, prec);
      acb_mul(p, acb_mat_entry(M.m, i, j), diff.v + j, prec);
      acb_add(k.v + i, k.v + i, p, prec);
      acb_clear(p);
    }
  }
  for (slong i = 0; i < n; ++i)
    if (!acb_contains_interior(box.v + i, k.v + i)) return false;
  return true;
}

}  // namespace

Certificate krawczyk_certify(const PolynomialSystem& system, const ComplexVector& point, long precision) {
  const double scale = std::max(1.0, norm_inf(point));
  constexpr double radii[] = {1e-12, 1e-10, 1e-8, 1e-6};
  Certificate c;
  for (double radius : radii)
    if (krawczyk(system, point, radius * scale, precision)) {
      c.certified = true;
      c.radius = radius * scale;
      break;
    }
  if (!c.certified) return c;
  double imaginary = 0;
  for (const auto& z : point) imaginary = std::max(imaginary, std::abs(z.imag()));
  c.non_real = imaginary > c.radius;
  // Tried only for a box that may hold a real solution: the real box is 100 times the radius of
  // the first (or smaller but then inside it), so the real solution it proves is the certified one.
  if (!c.non_real && imaginary <= 1e-6 * scale) {
    ComplexVector centre;
    for (const auto& z : point) centre.emplace_back(z.real(), 0.0);
    for (double radius : radii)
      if (radius * scale >= imaginary && krawczyk(system, centre, radius * scale, precision)) {
        c.real = true;
        break;
      }
  }
  return c;
}

void jacobian_enclosure(const PolynomialSystem& system, const std::vector<double>& centre, double radius,
                        std::vector<double>& mid, std::vector<double>& rad, long precision) {
  const slong n = static_cast<slong>(centre.size());
  const slong m = static_cast<slong>(system.equations.size());
  AcbVector box(n), f(m);
  AcbMatrix J(m, n);
  mag_t r;
  mag_init(r);
  mag_set_d(r, radius);
  for (slong j = 0; j < n; ++j) {
    acb_set_d(box.v + j, centre[static_cast<std::size_t>(j)]);
    arb_add_error_mag(acb_realref(box.v + j), r);
  }
  mag_clear(r);
  evaluate_balls(system, box.v, f.v, J.m, precision);
  mid.assign(static_cast<std::size_t>(m * n), 0.0);
  rad.assign(static_cast<std::size_t>(m * n), 0.0);
  for (slong i = 0; i < m; ++i)
    for (slong j = 0; j < n; ++j) {
      const acb_struct* e = acb_mat_entry(J.m, i, j);
      const std::size_t k = static_cast<std::size_t>(i * n + j);
      mid[k] = arf_get_d(arb_midref(acb_realref(e)), ARF_RND_NEAR);
      // The radius, the rounding of the midpoint to a double, and any imaginary part.
      rad[k] = mag_get_d(arb_radref(acb_realref(e))) + std::abs(mid[k]) * 0x1p-52 +
               std::abs(arf_get_d(arb_midref(acb_imagref(e)), ARF_RND_UP)) + mag_get_d(arb_radref(acb_imagref(e)));
    }
}

CertificationResult certify_solutions(const PolynomialSystem& system, const std::vector<Solution>& solutions,
                                      long precision) {
  CertificationResult result;
  result.certificates.resize(solutions.size());
  std::vector<std::size_t> certified;
  for (std::size_t s = 0; s < solutions.size(); ++s) {
    if (solutions[s].status != PathStatus::Nonsingular) continue;
    result.certificates[s] = krawczyk_certify(system, solutions[s].point, precision);
    if (result.certificates[s].certified) certified.push_back(s);
  }
  // Two certified boxes that overlap might hold the same solution: both become undecided.
  std::vector<bool> overlapping(solutions.size(), false);
  for (std::size_t a = 0; a < certified.size(); ++a)
    for (std::size_t b = a + 1; b < certified.size(); ++b) {
      const auto &p = solutions[certified[a]].point, &q = solutions[certified[b]].point;
      const double ra = result.certificates[certified[a]].radius, rb = result.certificates[certified[b]].radius;
      bool overlap = true;
      for (std::size_t j = 0; j < p.size() && overlap; ++j)
        overlap = std::abs(p[j].real() - q[j].real()) <= ra + rb && std::abs(p[j].imag() - q[j].imag()) <= ra + rb;
      if (overlap) overlapping[certified[a]] = overlapping[certified[b]] = true;
    }
  for (std::size_t s = 0; s < solutions.size(); ++s) {
    if (solutions[s].status != PathStatus::Nonsingular) continue;
    if (result.certificates[s].certified && !overlapping[s]) {
      ++result.certified;
      result.certified_real += result.certificates[s].real;
      result.certified_non_real += result.certificates[s].non_real;
    } else
      ++result.undecided;
  }
  return result;
}

}  // namespace landscape::algebra
