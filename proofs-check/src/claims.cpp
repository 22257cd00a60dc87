// The claims of Liao & Poggio 2017 and Cooper 2018, each checked on random instances.
#include <cmath>
#include <set>
#include <sstream>

#include "landscape/algebra/hessian.hpp"
#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/memorization.hpp"
#include "landscape/algebra/real_network.hpp"
#include "landscape/algebra/zero_loss_system.hpp"
#include "landscape/proofs/battery.hpp"

namespace landscape::proofs {

namespace {

using namespace landscape::algebra;

// ---- random instances -------------------------------------------------------------------------

long pick(SplitMix64& rng, long lo, long hi) { return rng.uniform_int(lo, hi); }

// A non-zero rational p/q, |p| <= 50, 1 <= q <= 20: generic enough that a random network has no
// zero weight and no two equal units.
long nonzero_numerator(SplitMix64& rng, long bound);
// Draws are sequenced one statement each: the order in which a compiler evaluates function
// arguments is unspecified (gcc goes right to left, clang left to right), and a seed must give the
// same instances with either. The order kept is the one gcc used, so recorded runs still repeat.
Rational nonzero_rational(SplitMix64& rng) {
  const long q = pick(rng, 1, 20);
  const long p = nonzero_numerator(rng, 50);
  return Rational(p, q);
}

std::vector<Rational> random_weights(SplitMix64& rng, std::size_t K) {
  std::vector<Rational> w;
  for (std::size_t k = 0; k < K; ++k) w.push_back(nonzero_rational(rng));
  return w;
}

long nonzero_numerator(SplitMix64& rng, long bound) {
  long p = 0;
  while (p == 0) p = pick(rng, -bound, bound);
  return p;
}

// N distinct points with non-zero coordinates p/q, |p| <= max_numerator,
// min_denominator <= q <= 10.
RationalMatrix random_inputs(SplitMix64& rng, std::size_t N, int d0, long max_numerator = 10,
                             long min_denominator = 1) {
  RationalMatrix points;
  std::set<std::vector<double>> seen;
  while (points.size() < N) {
    std::vector<Rational> x;
    std::vector<double> key;
    for (int j = 0; j < d0; ++j) {
      const long q = pick(rng, min_denominator, 10);
      const long p = nonzero_numerator(rng, max_numerator);
      x.emplace_back(p, q);
      key.push_back(x.back().to_double());
    }
    if (seen.insert(key).second) points.push_back(std::move(x));
  }
  return points;
}

std::string arch_of(SplitMix64& rng, int d0_max, int layers_max, int width_max, int outputs_max) {
  std::string arch = std::to_string(pick(rng, 1, d0_max));
  const long layers = pick(rng, 1, layers_max);
  for (long l = 0; l < layers; ++l) arch += "," + std::to_string(pick(rng, 1, width_max));
  return arch + "," + std::to_string(pick(rng, 1, outputs_max));
}

const char* kPolynomials[] = {"square", "poly:0,1,1/2", "poly:1,-1,0,1/3", "poly:0,0,0,1"};

std::string describe(const NetSpec& net, std::size_t N, const std::vector<Rational>* weights) {
  std::ostringstream s;
  s << "arch " << net.arch_text() << ", act " << net.activation.name << (net.bias ? "" : ", no bias")
    << ", N = " << N;
  if (weights) {
    s << ", weights [";
    for (std::size_t k = 0; k < weights->size(); ++k) s << (k ? " " : "") << (*weights)[k].text();
    s << "]";
  }
  return s.str();
}

std::string describe_inputs(const RationalMatrix& x) {
  std::ostringstream s;
  s << "inputs [";
  for (std::size_t i = 0; i < x.size(); ++i) {
    s << (i ? "; " : "");
    for (std::size_t j = 0; j < x[i].size(); ++j) s << (j ? " " : "") << x[i][j].text();
  }
  return s.str() + "]";
}

// Decades by which the smallest non-zero value clears the zero threshold (or, when both sides are
// present, the log10 ratio across the gap).
double gap_margin(const ZeroSplit& split) {
  if (const auto g = split.log10_gap_ratio()) return *g;
  if (!split.smallest_nonzero) return -INFINITY;
  return log10_abs(*split.smallest_nonzero) - log10_abs(split.threshold);
}

// Labels that make `teacher` a zero-loss point: exact for polynomial nets; otherwise the outputs
// at `digits` digits, written as exact decimals (the teacher's loss is then about 10^-2digits).
RationalMatrix zero_loss_labels(const NetSpec& net, const RationalMatrix& x,
                                const std::vector<Rational>& teacher, unsigned digits) {
  if (net.activation.is_polynomial()) return teacher_labels(net, x, teacher);
  PrecisionScope precision(digits + 10);
  RationalMatrix labels;
  for (const auto& f : real_outputs(net, to_reals(x), to_reals(teacher))) {
    labels.emplace_back();
    for (const auto& v : f) labels.back().push_back(*Rational::parse(to_decimal_string(v)));
  }
  return labels;
}

// ---- the claims -------------------------------------------------------------------------------

// Liao & Poggio 2017 (App. A.2): N*dL independent equations (independent for these data: the
// generic rank of the Jacobian, modulo p at a random point, is N*dL; N is drawn up to the
// functional dimension / dL) cut, near a generic zero-loss point, a manifold of dimension exactly
// K - N*dL. The exact rank N*dL over Q at the teacher says so (full row rank: a submersion). Not a tautology: a rank below N*dL, or
// an instance whose dimension is larger, fails; the ranks are held against Singular's Groebner
// bases in tests/algebra/jacobian_test.cpp.
Outcome liao_poggio_dimension(SplitMix64& rng, int, bool quick) {
  auto draw = [&] {
    const bool bias = pick(rng, 0, 3) != 0;
    const Activation act = Activation::parse(kPolynomials[pick(rng, 0, 3)]);
    return NetSpec::parse(arch_of(rng, quick ? 3 : 4, quick ? 1 : 2, quick ? 3 : 5, 2), act, bias);
  };
  NetSpec net = draw();
  long functional = functional_dimension_mod_p(net, rng.next(), PrimeField());
  while (functional < net.outputs()) {  // not even one point's equations are independent
    net = draw();
    functional = functional_dimension_mod_p(net, rng.next(), PrimeField());
  }
  const std::size_t K = net.parameter_count(), dL = static_cast<std::size_t>(net.outputs());
  const std::size_t N = static_cast<std::size_t>(pick(rng, 1, functional / static_cast<long>(dL)));
  const auto x = random_inputs(rng, N, net.inputs());
  const auto teacher = random_weights(rng, K);
  const long generic = generic_jacobian_rank(net, x, rng.next(), PrimeField());
  const long exact = rank_over_q(network_jacobian(net, x, to_fractions(teacher)), K);
  const long local = static_cast<long>(K) - exact, expected = static_cast<long>(K - N * dL);
  Outcome o;
  o.instance = describe(net, N, &teacher) + ", " + describe_inputs(x);
  o.margin = static_cast<double>(local - expected);
  std::ostringstream d;
  d << "K = " << K << ", N*dL = " << N * dL << " (functional dimension " << functional << "), exact rank at the teacher "
    << exact << ", generic rank " << generic << ": local dimension " << local << " vs K - N*dL = " << expected;
  o.detail = d.str();
  if (generic < static_cast<long>(N * dL)) {
    // N*dL at most the functional dimension does not make the equations independent: with one
    // hidden unit and two outputs, say, both outputs are affine in the same h(x), so the points'
    // outputs lie on a line. Outside the claim's hypothesis.
    o.status = Status::Undecided;
    o.detail += " (the equations are dependent for these data: outside the hypothesis)";
    return o;
  }
  o.status = exact == static_cast<long>(N * dL) ? Status::Passed : Status::Failed;
  return o;
}

Outcome bezout_degrees(SplitMix64& rng, int index, bool quick) {
  const bool tree = index % 4 == 3;
  // Term counts grow like (terms per unit)^degree per layer: cubics get one hidden layer.
  const Activation act = Activation::parse(kPolynomials[pick(rng, 0, 3)]);
  const NetSpec net = NetSpec::parse(tree ? "tree4" : arch_of(rng, 3, act.degree() > 2 ? 1 : 2, 3, 2),
                                     act, pick(rng, 0, 1) != 0);
  const std::size_t N = static_cast<std::size_t>(pick(rng, 1, quick ? 3 : 5));
  const auto x = random_inputs(rng, N, net.inputs());
  const auto s = summarize(zero_loss_system(net, x, random_labels(N, net.outputs(), rng.next())));
  const long long D = net.weight_degree();
  const std::string bezout = product_of_degrees(std::vector<long long>(s.equations, D));
  Outcome o;
  o.instance = describe(net, N, nullptr) + ", " + describe_inputs(x);
  o.margin = INFINITY;
  bool ok = s.bezout_bound == bezout;
  for (long d : s.degrees) ok = ok && d == D;
  std::ostringstream d;
  d << "degrees " << s.degrees.front() << ".." << s.degrees.back() << " vs closed form " << D
    << ", Bezout " << s.bezout_bound << " vs " << bezout;
  o.detail = d.str();
  o.status = ok ? Status::Passed : Status::Failed;
  if (!ok) o.margin = -INFINITY;
  return o;
}

// A zero-loss point of a smooth network on generic data: a random teacher and its own labels.
struct SmoothInstance {
  NetSpec net;
  RationalMatrix x, y;
  std::vector<Rational> teacher;
  std::size_t N = 0;
};

SmoothInstance smooth_instance(SplitMix64& rng, bool quick, unsigned digits) {
  const char* acts[] = {"square", "poly:0,1,1/2", "softplus", "poly:1,-1,0,1/3"};
  SmoothInstance s;
  const Activation act = Activation::parse(acts[pick(rng, 0, 3)]);
  s.net = NetSpec::parse(arch_of(rng, quick ? 3 : 4, quick ? 1 : 2, quick ? 4 : 6, 2), act, true);
  const std::size_t K = s.net.parameter_count(), dL = static_cast<std::size_t>(s.net.outputs());
  s.N = static_cast<std::size_t>(pick(rng, 1, static_cast<long>(std::max<std::size_t>(1, K / (2 * dL)))));
  // Moderate inputs and weights (|x| <= 5/2, |w| <= 1) keep softplus out of saturation, where
  // derivatives like e^-50 would make the point numerically degenerate.
  s.x = random_inputs(rng, s.N, s.net.inputs(), 5, 2);
  for (std::size_t k = 0; k < K; ++k) s.teacher.push_back(Rational(nonzero_numerator(rng, 5), pick(rng, 5, 20)));
  s.y = zero_loss_labels(s.net, s.x, s.teacher, digits);
  return s;
}

// Whether N*dL exceeds what the architecture can fit at these inputs (rank at a random point).
bool beyond_capacity(const SmoothInstance& s, SplitMix64& rng, unsigned digits) {
  const long needed = static_cast<long>(s.N) * s.net.outputs();
  if (s.net.activation.is_polynomial())
    return generic_jacobian_rank(s.net, s.x, rng.next(), PrimeField()) < needed;
  PrecisionScope precision(digits);
  const auto other = random_weights(rng, s.net.parameter_count());
  return numerical_rank(real_jacobian(s.net, to_reals(s.x), to_reals(other)), digits).nonzero < needed;
}

Outcome cooper_theorem_2_1(SplitMix64& rng, int, bool quick) {
  const unsigned digits = 60;
  const auto s = smooth_instance(rng, quick, digits);
  Outcome o;
  o.instance = describe(s.net, s.N, &s.teacher) + ", " + describe_inputs(s.x);
  PrecisionScope precision(digits);
  const auto split = numerical_rank(real_jacobian(s.net, to_reals(s.x), to_reals(s.teacher)), digits);
  const long needed = static_cast<long>(s.N) * s.net.outputs();
  std::ostringstream d;
  d << "Jacobian rank " << split.nonzero << " (numerical, " << digits << " digits)";
  bool ok = split.nonzero == needed;
  if (s.net.activation.is_polynomial()) {
    const long exact = rank_over_q(network_jacobian(s.net, s.x, to_fractions(s.teacher)), s.net.parameter_count());
    d << ", exact rank " << exact;
    ok = ok && exact == needed;
  }
  d << ", N*dL = " << needed;
  o.detail = d.str();
  o.margin = gap_margin(split);
  if (ok) {
    o.status = Status::Passed;
  } else if (beyond_capacity(s, rng, digits)) {
    o.status = Status::Undecided;
    o.detail += "; N*dL exceeds the rank at a random point too (data not generic for this net)";
  } else {
    o.status = Status::Failed;
  }
  return o;
}

Outcome cooper_proposition_2_3(SplitMix64& rng, int, bool quick) {
  const unsigned digits = 60;
  const auto s = smooth_instance(rng, quick, digits);
  const bool exact = s.net.activation.is_polynomial() && s.net.parameter_count() <= 16;
  const auto r = hessian_report(s.net, s.x, s.y, s.teacher, digits, exact);
  Outcome o;
  o.instance = describe(s.net, s.N, &s.teacher) + ", " + describe_inputs(s.x);
  o.detail = r.summary();
  o.margin = gap_margin(r.counts.split);
  bool ok = r.matches_prediction();
  if (r.exact) {
    const long n = static_cast<long>(r.equations), k = static_cast<long>(r.parameters);
    ok = ok && r.exact->positive == n && r.exact->zero == k - n && r.exact->negative == 0;
  }
  if (ok) {
    o.status = Status::Passed;
  } else if (r.jacobian_rank < static_cast<long>(r.equations)) {
    // Prop. 2.3 assumes transversality at the point (rank J = N*dL); without it, it says nothing.
    o.status = Status::Undecided;
    o.detail += beyond_capacity(s, rng, digits)
                    ? "; rank J < N*dL here and at a random point: the hypothesis fails"
                    : "; rank J < N*dL at this point (full at a random point): the hypothesis fails here";
  } else {
    o.status = Status::Failed;
  }
  return o;
}

// Memorization on random data: `layers` hidden layers, `outputs` outputs.
Outcome memorization(SplitMix64& rng, bool quick, long layers, long outputs, bool check_hessian) {
  const char* acts[] = {"smoolu", "relu", "rectpow:3"};
  const std::string act = check_hessian ? "smoolu" : acts[pick(rng, 0, 2)];
  const unsigned digits = quick ? 60 : 100;
  const std::size_t N = static_cast<std::size_t>(pick(rng, 2, quick ? 12 : 30));
  const int d0 = static_cast<int>(pick(rng, 1, 4));
  std::string arch = std::to_string(d0);
  for (long l = 1; l < layers; ++l) arch += "," + std::to_string(pick(rng, 1, 4));
  arch += "," + std::to_string(N + static_cast<std::size_t>(pick(rng, 0, 2))) + "," + std::to_string(outputs);
  const NetSpec net = NetSpec::parse(arch, Activation::parse(act), true);
  const auto x = random_inputs(rng, N, d0);
  const auto y = random_labels(N, static_cast<int>(outputs), rng.next());
  const std::uint64_t seed = rng.next();
  const auto m = memorize(net, x, y, digits, seed);
  Outcome o;
  o.instance = describe(net, N, nullptr) + ", " + describe_inputs(x) + ", projection seed " +
               std::to_string(seed) + ", " + std::to_string(digits) + " digits";
  o.detail = m.summary(net, N);
  o.margin = -log10_abs(m.max_abs_residual) - (static_cast<double>(digits) - 10);
  bool ok = o.margin > 0;
  if (check_hessian) {  // Thm 4.1: full rank there, and Prop. 2.3's Hessian counts
    std::vector<Rational> w;
    {
      PrecisionScope precision(digits);
      for (const auto& v : m.parameters) w.push_back(*Rational::parse(to_decimal_string(v)));
    }
    const auto r = hessian_report(net, x, y, w, digits);
    o.detail += "; " + r.summary();
    o.margin = std::min(o.margin, gap_margin(r.counts.split));
    ok = ok && m.jacobian_rank == static_cast<long>(N * outputs) && r.matches_prediction();
  }
  o.status = ok ? Status::Passed : Status::Failed;
  return o;
}

Outcome rank_one_sum(SplitMix64& rng, int, bool) {
  const long n = pick(rng, 2, 8), d = pick(rng, 1, n);
  std::vector<std::vector<Fraction>> v(static_cast<std::size_t>(d));
  for (auto& vec : v)
    for (long j = 0; j < n; ++j) vec.emplace_back(Fraction(*Rational::parse(random_small_rational(rng).text())));
  Outcome o;
  o.instance = "n = " + std::to_string(n) + ", d = " + std::to_string(d);
  if (rank_over_q(v, static_cast<std::size_t>(n)) != d) {
    o.status = Status::Undecided;  // the drawn vectors are dependent: the claim does not apply
    o.detail = "dependent vectors drawn";
    return o;
  }
  std::vector<std::vector<Fraction>> M(static_cast<std::size_t>(n), std::vector<Fraction>(static_cast<std::size_t>(n), Fraction(0)));
  for (const auto& vec : v) {
    const long q = pick(rng, 1, 9);
    const Fraction c(pick(rng, 1, 9), q);  // a positive weight
    for (long i = 0; i < n; ++i)
      for (long j = 0; j < n; ++j) M[i][j] = M[i][j] + c * vec[i] * vec[j];
  }
  const auto inertia = exact_inertia(M);
  o.detail = std::to_string(inertia.positive) + " positive, " + std::to_string(inertia.zero) +
             " zero, " + std::to_string(inertia.negative) + " negative (exact)";
  const bool ok = inertia.positive == d && inertia.zero == n - d && inertia.negative == 0;
  o.status = ok ? Status::Passed : Status::Failed;
  o.margin = ok ? INFINITY : -INFINITY;
  return o;
}

// The construction must refuse what the lemma excludes, and the lemma's triangular structure
// must really break without rectification.
Outcome construction_counter_checks(SplitMix64& rng, int index, bool) {
  const std::size_t N = static_cast<std::size_t>(pick(rng, 3, 8));
  const int d0 = static_cast<int>(pick(rng, 1, 3));
  auto x = random_inputs(rng, N, d0);
  const auto y = random_labels(N, 1, rng.next());
  const std::string arch = std::to_string(d0) + "," + std::to_string(N) + ",1";
  Outcome o;
  o.margin = INFINITY;
  switch (index % 3) {
    case 0: {  // duplicate inputs
      x.back() = x.front();
      o.instance = "duplicate point, " + describe_inputs(x);
      try {
        memorize(NetSpec::parse(arch, Activation::parse("smoolu"), true), x, y, 40);
        o.status = Status::Failed;
        o.detail = "the construction accepted duplicate inputs";
      } catch (const InputError& e) {
        o.status = Status::Passed;
        o.detail = std::string("refused: ") + e.what();
      }
      break;
    }
    case 1: {  // an activation that is not rectified
      const char* act = pick(rng, 0, 1) ? "softplus" : "square";
      o.instance = std::string("activation ") + act + ", " + describe_inputs(x);
      try {
        memorize(NetSpec::parse(arch, Activation::parse(act), true), x, y, 40);
        o.status = Status::Failed;
        o.detail = "the construction accepted a non-rectified activation";
      } catch (const InputError& e) {
        o.status = Status::Passed;
        o.detail = std::string("refused: ") + e.what();
      }
      break;
    }
    default: {
      // The lemma's structure, with and without rectification: points t_i = i, centres
      // m_j = j - 1/2, A_ij = sigma(t_i - m_j). The construction solves A v = y by forward
      // substitution, trusting A to be lower triangular. With smoolu (rectified) the entries
      // above the diagonal are exactly 0 and the network memorizes: residual ~ 0. With softplus
      // they are not, and the same solve leaves the residual max_i |(A v)_i - y_i| far from 0.
      PrecisionScope precision(40);
      auto residual_of = [&](const Activation& sigma) {
        auto a = [&](std::size_t i, std::size_t j) {
          return activation_derivatives(sigma, Real(static_cast<long>(i) - static_cast<long>(j)) + Real(0.5))[0];
        };
        std::vector<Real> v(N, Real(0));
        for (std::size_t i = 0; i < N; ++i) {
          Real sum(0);
          for (std::size_t j = 0; j < i; ++j) sum += a(i, j) * v[j];
          v[i] = (Real(y[i][0].to_double()) - sum) / a(i, i);
        }
        Real worst(0);
        for (std::size_t i = 0; i < N; ++i) {
          Real out(0);
          for (std::size_t j = 0; j < N; ++j) out += a(i, j) * v[j];
          worst = std::max(worst, Real(abs(out - Real(y[i][0].to_double()))));
        }
        return worst;
      };
      const Real rectified = residual_of(Activation::parse("smoolu")), smooth = residual_of(Activation::parse("softplus"));
      const Real threshold("1e-30");
      o.instance = "N = " + std::to_string(N) + ", points 1..N, centres 0.5..N-0.5, labels " + describe_inputs(y);
      o.detail = "forward-substitution residual: smoolu " + rectified.str(3) + ", softplus " + smooth.str(6);
      o.status = rectified < threshold && smooth > threshold ? Status::Passed : Status::Failed;
      break;
    }
  }
  return o;
}

}  // namespace

std::vector<Claim> standard_claims() {
  const std::string gap = "log10 ratio across the zero / non-zero gap of singular values or eigenvalues";
  const std::string residual = "decades by which the largest residual is below 10^-(digits-10)";
  return {
      {"liao-poggio-dimension",
       "With N*dL independent equations (generic rank N*dL for the data), the zero-loss set is "
       "near a generic zero-loss point a manifold of dimension exactly K - N*dL",
       "Liao & Poggio 2017, App. A.2", "local dimension minus K - N*dL (0 when the claim holds)", 40, 400,
       liao_poggio_dimension},
      {"bezout-degrees",
       "Each zero-loss equation has degree D_1 = l, D_{k+1} = l (D_k + 1) (+1 for a linear output) in the "
       "weights, and the Bezout bound is D^(N*dL)",
       "Liao & Poggio 2017, App. A.1", "exact", 30, 200, bezout_degrees},
      {"cooper-thm-2.1",
       "At zero-loss points of smooth nets on generic data the Jacobian has full row rank N*dL, so the "
       "zero-loss set is a manifold of dimension K - N*dL",
       "Cooper 2018, Thm 2.1", "decades by which the smallest singular value clears the zero threshold", 30, 300,
       cooper_theorem_2_1},
      {"cooper-prop-2.3",
       "At such points the Hessian of the loss has N*dL positive, K - N*dL zero and no negative eigenvalues",
       "Cooper 2018, Prop. 2.3", gap, 30, 300, cooper_proposition_2_3},
      {"cooper-lemma-3.3",
       "A one-hidden-layer net of width >= N with a rectified activation fits N distinct points exactly",
       "Cooper 2018, Lemma 3.3", residual, 20, 150,
       [](SplitMix64& rng, int, bool quick) { return memorization(rng, quick, 1, 1, false); }},
      {"cooper-cor-3.4",
       "So does a net with L hidden layers whose last has width >= N (other widths arbitrary)",
       "Cooper 2018, Cor. 3.4", residual, 20, 150,
       [](SplitMix64& rng, int index, bool quick) { return memorization(rng, quick, 2 + index % 2, 1, false); }},
      {"cooper-remark-4.2",
       "The construction extends to vector outputs (dL > 1)", "Cooper 2018, Remark 4.2", residual, 20, 150,
       [](SplitMix64& rng, int index, bool quick) { return memorization(rng, quick, 1 + index % 2, 2 + index % 2, false); }},
      {"cooper-thm-4.1",
       "The memorized point of a smooth rectified net has a full-rank Jacobian and Prop. 2.3's Hessian counts: "
       "it lies on a (K - N*dL)-manifold of global minima",
       "Cooper 2018, Thm 4.1", "the smaller of the residual margin and the Hessian's gap (log10)", 10, 60,
       [](SplitMix64& rng, int, bool quick) { return memorization(rng, quick, 1, 1, true); }},
      {"rank-one-sum",
       "A sum of d rank-one PSD matrices c_i v_i v_i^T with independent v_i has d positive and n - d zero "
       "eigenvalues (exact, over Q)",
       "Cooper 2018, proof of Prop. 2.3", "exact", 50, 500, rank_one_sum},
      {"construction-counter-checks",
       "Counter-check that can fail: duplicate inputs and non-rectified activations are refused, and without "
       "rectification the triangular solve of Lemma 3.3 leaves a residual (with smoolu it memorizes)",
       "Cooper 2018, Lemma 3.3 hypotheses", "exact", 12, 60, construction_counter_checks},
  };
}

}  // namespace landscape::proofs
