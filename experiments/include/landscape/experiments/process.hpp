// Process settings made before anything else runs: how OpenMP's workers wait when other
// processes hold cores (docs/benchmarks.md, "Busy cores").
#pragma once

namespace landscape::experiments {

// Cores busy with other work right now: the non-idle share of all cores over `milliseconds`, from
// /proc/stat, times the number of cores (the calling process counts too). 0 when /proc/stat
// cannot be read.
double busy_cores(int milliseconds = 100);

// OpenMP workers (LibTorch's convolutions) wait for each other at every parallel region; libgomp
// spins 300,000 times first. When another process holds a core, a descheduled worker keeps the
// others spinning: a DCNN epoch took 4.7 s alone and 17.2 s beside one busy process on 2 cores;
// a spin count of 10,000 costs nothing alone (12 s beside it), 1,000 gives 9.4 s beside it but
// 6.0 s alone. So: 1,000 when at least half a core is busy elsewhere, else 10,000. libgomp reads
// GOMP_SPINCOUNT when it is loaded, before main, so this sets it and executes the program again
// (`argv`, through /proc/self/exe), once; it returns when a policy is already set (by the user:
// GOMP_SPINCOUNT or OMP_WAIT_POLICY, or by the first execution) or when the exec fails. The spin
// count changes no result, only waiting.
void settle_openmp_waiting(char** argv);

}  // namespace landscape::experiments
