#include "landscape/experiments/ranks.hpp"

#include <cstdlib>

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
algebra::Distribution path_distribution() {
  algebra::Distribution d;
  d.rank = rank_;
  d.ranks = size_;
#ifdef LANDSCAPE_WITH_MPI
  // Each rank packs its share of the batch as doubles: index, status, steps, t, residual,
  // condition, real, length, then the endpoint's real and imaginary parts; all-gathered.
  d.share = [](std::vector<algebra::PathResult>& results, const std::vector<std::size_t>& batch) {
    std::vector<double> mine;
    for (std::size_t index : algebra::share_of(batch, rank_, size_)) {
      const auto& p = results[index];
      mine.insert(mine.end(), {static_cast<double>(index), static_cast<double>(static_cast<int>(p.status)),
                               static_cast<double>(p.steps), p.t_reached, p.residual, p.condition,
                               p.real ? 1.0 : 0.0, static_cast<double>(p.endpoint.size())});
      for (const auto& z : p.endpoint) mine.insert(mine.end(), {z.real(), z.imag()});
    }
    int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_), 0);
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 1; r < size_; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
    std::vector<double> all(static_cast<std::size_t>(offsets.back() + counts.back()));
    MPI_Allgatherv(mine.data(), count, MPI_DOUBLE, all.data(), counts.data(), offsets.data(), MPI_DOUBLE,
                   MPI_COMM_WORLD);
    for (std::size_t k = 0; k < all.size();) {
      algebra::PathResult p;
      p.index = static_cast<std::size_t>(all[k]);
      p.status = static_cast<algebra::PathStatus>(static_cast<int>(all[k + 1]));
      p.steps = static_cast<int>(all[k + 2]);
      p.t_reached = all[k + 3];
      p.residual = all[k + 4];
      p.condition = all[k + 5];
      p.real = all[k + 6] != 0;
      const auto length = static_cast<std::size_t>(all[k + 7]);
      k += 8;
      for (std::size_t i = 0; i < length; ++i, k += 2) p.endpoint.emplace_back(all[k], all[k + 1]);
      results[p.index] = std::move(p);
    }
  };
#endif
  return d;
}
#endif

}  // namespace landscape::experiments
