// Benchmark of the algebra core: build the zero-loss system of a mid-sized network and rank its
// Jacobian by both algorithms, exactly and modulo p.
//
//   build/bin/bench-algebra [--arch 4,8,8,1] [--act square] [--n 40] [--seed 1]
//
// The baseline measured in the same run is the Jacobian taken term by term from the polynomials
// (symbolic_jacobian); the forward-mode Jacobian through the network (network_jacobian) is what
// `landscape dim` uses. Both must give the same rank; the run fails loudly otherwise.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "landscape/algebra/jacobian.hpp"
#include "landscape/algebra/zero_loss_system.hpp"

using namespace landscape;
using namespace landscape::algebra;

namespace {
template <class F>
double time_seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

int main(int argc, char** argv) {
  std::string arch = "4,8,8,1", act = "square";
  std::size_t n = 40;
  std::uint64_t seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--arch")) arch = argv[i + 1];
    else if (!std::strcmp(argv[i], "--act")) act = argv[i + 1];
    else if (!std::strcmp(argv[i], "--n")) n = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  const NetSpec net = NetSpec::parse(arch, Activation::parse(act), true);
  const std::size_t K = net.parameter_count();
  const auto inputs = random_points(n, net.inputs(), seed);
  // A teacher with small rational weights: its labels make it a zero-loss point.
  std::vector<Rational> teacher;
  for (const auto& row : random_labels(K, 1, seed + 1)) teacher.push_back(row[0]);
  const auto labels = teacher_labels(net, inputs, teacher);
  const PrimeField field;

  std::printf("bench-algebra: arch %s, activation %s, N = %zu, K = %zu, seed %llu\n", arch.c_str(),
              act.c_str(), n, K, static_cast<unsigned long long>(seed));
  PolynomialSystem system;
  const double t_build = time_seconds([&] { system = zero_loss_system(net, inputs, labels); });
  SystemSummary summary;
  const double t_summary = time_seconds([&] { summary = summarize(system); });
  std::printf("  build zero-loss system        %8.3f s  (%zu equations, %zu terms, degree %ld)\n",
              t_build, summary.equations, summary.total_terms, summary.degrees.front());
  std::printf("  degrees + Bezout bound        %8.3f s  (log10 Bezout %.2f)\n", t_summary,
              summary.log10_bezout);

  const auto point_q = to_fractions(teacher);
  const auto x_p = reduce_mod_p(inputs, field);
  const auto point_p = random_point_mod_p(K, seed, field);
  long r_forward_q = 0, r_forward_p = 0, r_symbolic_q = 0, r_symbolic_p = 0;
  const double t_forward_q = time_seconds(
      [&] { r_forward_q = rank_over_q(network_jacobian(net, inputs, point_q), K); });
  const double t_forward_p = time_seconds(
      [&] { r_forward_p = rank_mod_p(network_jacobian(net, x_p, point_p, field), K, field); });
  const double t_symbolic_q =
      time_seconds([&] { r_symbolic_q = rank_over_q(symbolic_jacobian(system, point_q), K); });
  const double t_symbolic_p = time_seconds(
      [&] { r_symbolic_p = rank_mod_p(symbolic_jacobian(system, point_p, field), K, field); });
  std::printf("  Jacobian rank, exact over Q at the teacher:\n");
  std::printf("    forward mode through the net %8.3f s  rank %ld\n", t_forward_q, r_forward_q);
  std::printf("    term by term (baseline)      %8.3f s  rank %ld   ratio %.1fx\n", t_symbolic_q,
              r_symbolic_q, t_symbolic_q / t_forward_q);
  std::printf("  Jacobian rank modulo p = %llu at a random point:\n",
              static_cast<unsigned long long>(field.prime()));
  std::printf("    forward mode through the net %8.3f s  rank %ld\n", t_forward_p, r_forward_p);
  std::printf("    term by term (baseline)      %8.3f s  rank %ld   ratio %.1fx\n", t_symbolic_p,
              r_symbolic_p, t_symbolic_p / t_forward_p);
  long functional = 0;
  const double t_functional =
      time_seconds([&] { functional = functional_dimension_mod_p(net, seed, field); });
  std::printf("  functional dimension mod p     %8.3f s  %ld\n", t_functional, functional);
  if (r_forward_q != r_symbolic_q || r_forward_p != r_symbolic_p) {
    std::printf("FAIL: the two Jacobian algorithms disagree on the rank\n");
    return 1;
  }
  return 0;
}
