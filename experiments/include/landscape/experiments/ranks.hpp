// Running under mpirun: the program (the CLI) initializes MPI when it was launched by mpirun (OpenMPI's or a
// PMI launcher's environment is present) and runs serially otherwise. Only rank 0 prints and
// writes files; work is split by the library functions that take a Distribution.
#pragma once

#ifdef LANDSCAPE_WITH_ALGEBRA
#include "landscape/algebra/homotopy.hpp"
#endif

#include <vector>

namespace landscape::experiments {

class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);  // MPI_Init when launched by mpirun and built with MPI
  ~MpiSession();                        // MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

int process_rank();   // 0 when serial
int process_count();  // 1 when serial
inline bool is_root_process() { return process_rank() == 0; }

// Element-wise sum over the ranks, the result on every rank (nothing when serial).
void sum_across_ranks(std::vector<double>& values);

#ifdef LANDSCAPE_WITH_ALGEBRA
// The paths of a homotopy split across the ranks, results all-gathered (serial when size 1).
algebra::Distribution path_distribution();

// The all-gather's wire format, every field of a PathResult (the stop point too: the
// multiprecision fallback resumes failed paths from it). Unpacking checks every count it reads.
std::vector<double> pack_path_results(const std::vector<algebra::PathResult>& results,
                                      const std::vector<std::size_t>& indices);
void unpack_path_results(const std::vector<double>& packed, std::vector<algebra::PathResult>& results);
#endif

}  // namespace landscape::experiments
