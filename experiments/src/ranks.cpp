#include "landscape/experiments/ranks.hpp"

#include <cstdlib>
#include <iterator>
#include <stdexcept>
#include <utility>

#ifdef LANDSCAPE_WITH_MPI
#include <mpi.h>
#endif

namespace landscape::experiments {

namespace {
int rank_ = 0, size_ = 1;
bool initialized_ = false;

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
}
}  // namespace

MpiSession::MpiSession(int* argc, char*** argv) {
#ifdef LANDSCAPE_WITH_MPI
  if (!launched_by_mpirun()) return;
  MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  initialized_ = true;
#else
  (void)argc;
  (void)argv;
#endif
}

MpiSession::~MpiSession() {
#ifdef LANDSCAPE_WITH_MPI
  if (initialized_) MPI_Finalize();
#endif
}

int process_rank() { return rank_; }
int process_count() { return size_; }

void sum_across_ranks(std::vector<double>& values) {
#ifdef LANDSCAPE_WITH_MPI
  if (size_ > 1)
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
#else
  (void)values;
#endif
}

#ifdef LANDSCAPE_WITH_ALGEBRA
// Per path: index, status, steps, t, residual, condition, real, multiplicity, the endpoint's and
// the stop point's lengths, code, relative residual, then the two points' real and imaginary parts.
std::vector<double> pack_path_results(const std::vector<algebra::PathResult>& results,
                                      const std::vector<std::size_t>& indices) {
  std::vector<double> packed;
  for (std::size_t index : indices) {
    const auto& p = results.at(index);
    packed.insert(packed.end(), {static_cast<double>(index), static_cast<double>(static_cast<int>(p.status)),
                                 static_cast<double>(p.steps), p.t_reached, p.residual, p.condition,
                                 p.real ? 1.0 : 0.0, static_cast<double>(p.multiplicity),
                                 static_cast<double>(p.endpoint.size()), static_cast<double>(p.stop_point.size()),
                                 static_cast<double>(static_cast<int>(p.code)), p.relative_residual});
    for (const auto* v : {&p.endpoint, &p.stop_point})
      for (const auto& z : *v) packed.insert(packed.end(), {z.real(), z.imag()});
  }
  return packed;
}

void unpack_path_results(const std::vector<double>& packed, std::vector<algebra::PathResult>& results) {
  constexpr std::size_t header = 12;
  auto count = [&](double x, std::size_t limit) {
    if (!(x >= 0) || x > static_cast<double>(limit) || x != static_cast<double>(static_cast<std::size_t>(x)))
      throw std::runtime_error("path results from another rank are malformed");
    return static_cast<std::size_t>(x);
  };
  for (std::size_t k = 0; k < packed.size();) {
    if (packed.size() - k < header) throw std::runtime_error("path results from another rank are truncated");
    if (results.empty()) throw std::runtime_error("path results from another rank for no paths");
    algebra::PathResult p;
    p.index = count(packed[k], results.size() - 1);
    const auto status = count(packed[k + 1], static_cast<std::size_t>(algebra::PathStatus::Failed));
    p.status = static_cast<algebra::PathStatus>(static_cast<int>(status));
    p.steps = static_cast<int>(packed[k + 2]);
    p.t_reached = packed[k + 3];
    p.residual = packed[k + 4];
    p.condition = packed[k + 5];
    p.real = packed[k + 6] != 0;
    p.multiplicity = static_cast<int>(packed[k + 7]);
    const std::size_t left = (packed.size() - k - header) / 2;
    const auto endpoint = count(packed[k + 8], left), stop = count(packed[k + 9], left - endpoint);
    p.code = static_cast<algebra::PathCode>(static_cast<int>(count(packed[k + 10], std::size(algebra::all_path_codes) - 1)));
    p.relative_residual = packed[k + 11];
    k += header;
    for (auto [v, n] : {std::pair{&p.endpoint, endpoint}, std::pair{&p.stop_point, stop}})
      for (std::size_t i = 0; i < n; ++i, k += 2) v->emplace_back(packed[k], packed[k + 1]);
    results[p.index] = std::move(p);
  }
}

algebra::Distribution path_distribution() {
  algebra::Distribution d;
  d.rank = rank_;
  d.ranks = size_;
#ifdef LANDSCAPE_WITH_MPI
  // Each rank packs its share of the batch; all-gathered, every rank unpacks everyone's.
  d.share = [](std::vector<algebra::PathResult>& results, const std::vector<std::size_t>& batch) {
    const std::vector<double> mine = pack_path_results(results, algebra::share_of(batch, rank_, size_));
    int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_), 0);
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 1; r < size_; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    std::vector<double> all(static_cast<std::size_t>(offsets.back() + counts.back()));
    MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
    unpack_path_results(all, results);
  };
#endif
  return d;
}
#endif

}  // namespace landscape::experiments
