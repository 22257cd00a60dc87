// Small RAII wrappers around the FLINT types the algebra uses, with the arithmetic operators
// that the generic `landscape::forward` needs (T + T, T * T).
//
//   Fraction    an exact rational (fmpq)
//   ModP        a residue modulo a word-size prime (nmod), carrying its PrimeField
//   Poly        a multivariate polynomial over Q (fmpq_mpoly) in a shared PolyRing
//
// Each constructor calls init, each destructor clear; copies are deep and explicit in cost.
#pragma once

#include <flint/flint.h>
#include <flint/fmpq.h>
#include <flint/fmpq_mat.h>
#include <flint/fmpq_mpoly.h>
#include <flint/fmpz.h>
#include <flint/fmpz_mat.h>
#include <flint/nmod_mat.h>
#include <flint/nmod_vec.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "landscape/spec/rational.hpp"

namespace landscape::algebra {

// ---------------------------------------------------------------------------------------------
class Fraction {
 public:
  Fraction() { fmpq_init(q_); }
  Fraction(long numerator, long denominator = 1) {  // NOLINT: implicit from integers is handy
    fmpq_init(q_);
    fmpq_set_si(q_, numerator, static_cast<ulong>(denominator));
  }
  Fraction(int numerator) : Fraction(static_cast<long>(numerator)) {}  // NOLINT
  explicit Fraction(const Rational& r);
  explicit Fraction(const fmpq_t value) {
    fmpq_init(q_);
    fmpq_set(q_, value);
  }
  Fraction(const Fraction& other) {
    fmpq_init(q_);
    fmpq_set(q_, other.q_);
  }
  Fraction(Fraction&& other) noexcept {
    fmpq_init(q_);
    fmpq_swap(q_, other.q_);
  }
  Fraction& operator=(const Fraction& other) {
    fmpq_set(q_, other.q_);
    return *this;
  }
  Fraction& operator=(Fraction&& other) noexcept {
    fmpq_swap(q_, other.q_);
    return *this;
  }
  ~Fraction() { fmpq_clear(q_); }

  fmpq* get() { return q_; }
  const fmpq* get() const { return q_; }

  bool is_zero() const { return fmpq_is_zero(q_); }
  double to_double() const { return fmpq_get_d(q_); }
  std::string to_string() const;  // "p" or "p/q", reduced

  friend Fraction operator+(const Fraction& a, const Fraction& b) {
    Fraction r;
    fmpq_add(r.q_, a.q_, b.q_);
    return r;
  }
  friend Fraction operator-(const Fraction& a, const Fraction& b) {
    Fraction r;
    fmpq_sub(r.q_, a.q_, b.q_);
    return r;
  }
  friend Fraction operator*(const Fraction& a, const Fraction& b) {
    Fraction r;
    fmpq_mul(r.q_, a.q_, b.q_);
    return r;
  }
  friend bool operator==(const Fraction& a, const Fraction& b) { return fmpq_equal(a.q_, b.q_); }
  friend bool operator!=(const Fraction& a, const Fraction& b) { return !(a == b); }

 private:
  fmpq_t q_;
};

// 2^e with e = log2(x) rounded to the nearest integer and clamped to [-limit, limit] (limit at
// most 62; x > 0 finite): a scale near x that multiplies exactly.
Fraction nearest_power_of_two(double x, int limit);

std::vector<Fraction> to_fractions(const std::vector<Rational>& values);

// ---------------------------------------------------------------------------------------------
// The field Z/pZ for a word-size prime p.
class PrimeField {
 public:
  // The default prime is the smallest prime above 2^62, so that random points of the field are
  // generic with probability at least 1 - (degree bound) / 2^62.
  static constexpr std::uint64_t default_prime() { return 4611686018427388039ULL; }
  explicit PrimeField(std::uint64_t prime = default_prime()) { nmod_init(&mod_, prime); }
  std::uint64_t prime() const { return mod_.n; }
  const nmod_t& mod() const { return mod_; }

 private:
  nmod_t mod_;
};

class ModP {
 public:
  ModP() = default;
  ModP(std::uint64_t value, const PrimeField& field) : value_(value % field.prime()), field_(&field) {}
  // The residue of a rational; throws std::domain_error if p divides its denominator.
  ModP(const Fraction& value, const PrimeField& field);

  std::uint64_t value() const { return value_; }
  const PrimeField& field() const { return *field_; }

  friend ModP operator+(const ModP& a, const ModP& b) {
    return ModP(nmod_add(a.value_, b.value_, a.field_->mod()), a.field_);
  }
  friend ModP operator-(const ModP& a, const ModP& b) {
    return ModP(nmod_sub(a.value_, b.value_, a.field_->mod()), a.field_);
  }
  friend ModP operator*(const ModP& a, const ModP& b) {
    return ModP(nmod_mul(a.value_, b.value_, a.field_->mod()), a.field_);
  }
  friend bool operator==(const ModP& a, const ModP& b) { return a.value_ == b.value_; }

 private:
  ModP(mp_limb_t reduced, const PrimeField* field) : value_(reduced), field_(field) {}
  std::uint64_t value_ = 0;
  const PrimeField* field_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// A polynomial ring Q[v_1, ..., v_n] with named variables (degree-reverse-lexicographic order).
class PolyRing {
 public:
  explicit PolyRing(std::vector<std::string> variable_names);
  ~PolyRing();
  PolyRing(const PolyRing&) = delete;
  PolyRing& operator=(const PolyRing&) = delete;

  const fmpq_mpoly_ctx_struct* ctx() const { return ctx_; }
  fmpq_mpoly_ctx_struct* ctx() { return ctx_; }
  std::size_t variables() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  // C-string view of the names, for FLINT's pretty printing and parsing.
  const char** c_names() const { return const_cast<const char**>(c_names_.data()); }

 private:
  fmpq_mpoly_ctx_t ctx_;
  std::vector<std::string> names_;
  std::vector<const char*> c_names_;
};

class Poly {
 public:
  explicit Poly(std::shared_ptr<PolyRing> ring);
  Poly(std::shared_ptr<PolyRing> ring, const Fraction& constant);
  static Poly variable(std::shared_ptr<PolyRing> ring, std::size_t index);
  // Parses FLINT's pretty syntax ("2*w1_1_1^2 - 1/3*b1_1"); returns false if it fails, with the
  // reason in *why ("cannot be parsed", "expands to more than 1,000,000 terms", ...). A text whose
  // expansion would exceed 10^6 terms or 10^8 term products is refused before FLINT expands it.
  static bool parse(const std::string& text, std::shared_ptr<PolyRing> ring, Poly& out,
                    std::string* why = nullptr);

  Poly(const Poly& other);
  Poly(Poly&& other) noexcept;
  Poly& operator=(const Poly& other);
  Poly& operator=(Poly&& other) noexcept;
  ~Poly();

  const fmpq_mpoly_struct* get() const { return p_; }
  fmpq_mpoly_struct* get() { return p_; }
  const std::shared_ptr<PolyRing>& ring() const { return ring_; }

  long total_degree() const;  // -1 for the zero polynomial
  long terms() const;
  bool is_zero() const;
  std::string to_string() const;
  // The primitive integer polynomial with the same zeros (content removed), as text.
  std::string primitive_integer_string() const;
  Poly derivative(std::size_t variable) const;
  Fraction evaluate(const std::vector<Fraction>& point) const;

  friend Poly operator+(const Poly& a, const Poly& b);
  friend Poly operator-(const Poly& a, const Poly& b);
  friend Poly operator*(const Poly& a, const Poly& b);
  friend bool operator==(const Poly& a, const Poly& b);

 private:
  std::shared_ptr<PolyRing> ring_;
  fmpq_mpoly_t p_;
};

// ---------------------------------------------------------------------------------------------
// Ranks of dense matrices given as rows.
long rank_over_q(const std::vector<std::vector<Fraction>>& rows, std::size_t columns);
long rank_mod_p(const std::vector<std::vector<ModP>>& rows, std::size_t columns,
                const PrimeField& field);

}  // namespace landscape::algebra
