#include "landscape/algebra/flint_types.hpp"


#include <flint/fmpz_vec.h>
#include <flint/ulong_extras.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "parse_guard.hpp"

namespace landscape::algebra {

namespace {
// Owns a string allocated by FLINT.
std::string take_flint_string(char* s) {
  std::string out(s);
  flint_free(s);
  return out;
}
}  // namespace

Fraction nearest_power_of_two(double x, int limit) {
  const int e = std::clamp(static_cast<int>(std::lround(std::log2(x))), -limit, limit);
  return e >= 0 ? Fraction(1L << e) : Fraction(1, 1L << -e);
}

Fraction::Fraction(const Rational& r) {
  fmpq_init(q_);
  fmpz_t den;
  fmpz_init(den);
  if (fmpz_set_str(fmpq_numref(q_), r.numerator().c_str(), 10) != 0 ||
      fmpz_set_str(den, r.denominator().c_str(), 10) != 0 || fmpz_is_zero(den)) {
    fmpz_clear(den);
    fmpq_clear(q_);
    throw std::invalid_argument("not a rational: " + r.text());
  }
  fmpz_set(fmpq_denref(q_), den);
  fmpz_clear(den);
  fmpq_canonicalise(q_);
}

std::string Fraction::to_string() const { return take_flint_string(fmpq_get_str(nullptr, 10, q_)); }

std::vector<Fraction> to_fractions(const std::vector<Rational>& values) {
  std::vector<Fraction> out;
  out.reserve(values.size());
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

ModP::ModP(const Fraction& value, const PrimeField& field) : field_(&field) {
  const auto& mod = field.mod();
  const mp_limb_t num = fmpz_fdiv_ui(fmpq_numref(value.get()), mod.n);
  const mp_limb_t den = fmpz_fdiv_ui(fmpq_denref(value.get()), mod.n);
  if (den == 0)
    throw std::domain_error("the prime " + std::to_string(mod.n) + " divides the denominator of " +
                            value.to_string());
  value_ = nmod_mul(num, n_invmod(den, mod.n), mod);
}

// ---------------------------------------------------------------------------------------------
PolyRing::PolyRing(std::vector<std::string> variable_names) : names_(std::move(variable_names)) {
  fmpq_mpoly_ctx_init(ctx_, static_cast<slong>(names_.size()), ORD_DEGREVLEX);
  for (const auto& n : names_) c_names_.push_back(n.c_str());
}
PolyRing::~PolyRing() { fmpq_mpoly_ctx_clear(ctx_); }

Poly::Poly(std::shared_ptr<PolyRing> ring) : ring_(std::move(ring)) {
  fmpq_mpoly_init(p_, ring_->ctx());
}
Poly::Poly(std::shared_ptr<PolyRing> ring, const Fraction& constant) : Poly(std::move(ring)) {
  fmpq_mpoly_set_fmpq(p_, constant.get(), ring_->ctx());
}
Poly Poly::variable(std::shared_ptr<PolyRing> ring, std::size_t index) {
  Poly p(std::move(ring));
  fmpq_mpoly_gen(p.p_, static_cast<slong>(index), p.ring_->ctx());
  return p;
}
bool Poly::parse(const std::string& text, std::shared_ptr<PolyRing> ring, Poly& out, std::string* why) {
  // FLINT expands as it parses and aborts on a zero divisor: the text is read by the same grammar
  // first (parse_guard.hpp), found necessary by fuzzing ('3/0', '3**3333333333', a group to the
  // 53rd power).
  std::string refused = detail::parse_cost(text).refused;
  if (refused.empty()) {
    Poly p(std::move(ring));
    if (fmpq_mpoly_set_str_pretty(p.p_, text.c_str(), p.ring_->c_names(), p.ring_->ctx()) == 0) {
      out = std::move(p);
      return true;
    }
    refused = "cannot be parsed";
  }
  if (why != nullptr) *why = refused;
  return false;
}
Poly::Poly(const Poly& other) : ring_(other.ring_) {
  fmpq_mpoly_init(p_, ring_->ctx());
  fmpq_mpoly_set(p_, other.p_, ring_->ctx());
}
Poly::Poly(Poly&& other) noexcept : ring_(other.ring_) {
  fmpq_mpoly_init(p_, ring_->ctx());
  fmpq_mpoly_swap(p_, other.p_, ring_->ctx());
}
Poly& Poly::operator=(const Poly& other) {
  if (this != &other) {
    Poly copy(other);
    *this = std::move(copy);
  }
  return *this;
}
Poly& Poly::operator=(Poly&& other) noexcept {
  // Polynomials of different rings never mix; swapping keeps both valid for their destructors.
  std::swap(ring_, other.ring_);
  fmpq_mpoly_swap(p_, other.p_, ring_->ctx());
  return *this;
}
Poly::~Poly() { fmpq_mpoly_clear(p_, ring_->ctx()); }

long Poly::total_degree() const { return fmpq_mpoly_total_degree_si(p_, ring_->ctx()); }
long Poly::terms() const { return fmpq_mpoly_length(p_, ring_->ctx()); }
bool Poly::is_zero() const { return fmpq_mpoly_is_zero(p_, ring_->ctx()); }
std::string Poly::to_string() const {
  return take_flint_string(fmpq_mpoly_get_str_pretty(p_, ring_->c_names(), ring_->ctx()));
}
std::string Poly::primitive_integer_string() const {
  fmpz_mpoly_struct* z = const_cast<fmpq_mpoly_struct*>(p_)->zpoly;
  fmpz_mpoly_ctx_struct* zctx = const_cast<fmpq_mpoly_ctx_struct*>(ring_->ctx())->zctx;
  return take_flint_string(fmpz_mpoly_get_str_pretty(z, ring_->c_names(), zctx));
}
Poly Poly::derivative(std::size_t variable) const {
  Poly d(ring_);
  fmpq_mpoly_derivative(d.p_, p_, static_cast<slong>(variable), ring_->ctx());
  return d;
}
Fraction Poly::evaluate(const std::vector<Fraction>& point) const {
  if (point.size() != ring_->variables())
    throw std::invalid_argument("Poly::evaluate: point has the wrong number of coordinates");
  std::vector<fmpq*> values;
  for (const auto& v : point) values.push_back(const_cast<fmpq*>(v.get()));
  Fraction r;
  fmpq_mpoly_evaluate_all_fmpq(r.get(), p_, values.data(), ring_->ctx());
  return r;
}

Poly operator+(const Poly& a, const Poly& b) {
  Poly r(a.ring_);
  fmpq_mpoly_add(r.p_, a.p_, b.p_, a.ring_->ctx());
  return r;
}
Poly operator-(const Poly& a, const Poly& b) {
  Poly r(a.ring_);
  fmpq_mpoly_sub(r.p_, a.p_, b.p_, a.ring_->ctx());
  return r;
}
Poly operator*(const Poly& a, const Poly& b) {
  Poly r(a.ring_);
  fmpq_mpoly_mul(r.p_, a.p_, b.p_, a.ring_->ctx());
  return r;
}
bool operator==(const Poly& a, const Poly& b) {
  return fmpq_mpoly_equal(a.p_, b.p_, a.ring_->ctx());
}

// ---------------------------------------------------------------------------------------------
long rank_over_q(const std::vector<std::vector<Fraction>>& rows, std::size_t columns) {
  if (rows.empty() || columns == 0) return 0;
  fmpq_mat_t q;
  fmpq_mat_init(q, static_cast<slong>(rows.size()), static_cast<slong>(columns));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < columns; ++j)
      fmpq_set(fmpq_mat_entry(q, i, j), rows[i][j].get());
  // Clearing each row's denominators does not change the rank; the integer rank is exact.
  fmpz_mat_t z;
  fmpz_mat_init(z, static_cast<slong>(rows.size()), static_cast<slong>(columns));
  fmpz* row_denominators = _fmpz_vec_init(static_cast<slong>(rows.size()));
  fmpq_mat_get_fmpz_mat_rowwise(z, row_denominators, q);
  const long r = fmpz_mat_rank(z);
  _fmpz_vec_clear(row_denominators, static_cast<slong>(rows.size()));
  fmpz_mat_clear(z);
  fmpq_mat_clear(q);
  return r;
}

long rank_mod_p(const std::vector<std::vector<ModP>>& rows, std::size_t columns,
                const PrimeField& field) {
  if (rows.empty() || columns == 0) return 0;
  nmod_mat_t m;
  nmod_mat_init(m, static_cast<slong>(rows.size()), static_cast<slong>(columns), field.prime());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < columns; ++j) nmod_mat_entry(m, i, j) = rows[i][j].value();
  const long r = nmod_mat_rank(m);
  nmod_mat_clear(m);
  return r;
}

}  // namespace landscape::algebra
