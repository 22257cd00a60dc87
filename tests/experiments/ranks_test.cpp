#include "landscape/experiments/ranks.hpp"

#include <gtest/gtest.h>

using namespace landscape::experiments;

// Without mpirun the program is one rank: rank 0 of 1, and a sum over ranks changes nothing.
TEST(Ranks, SerialIsOneRank) {
  EXPECT_EQ(process_rank(), 0);
  EXPECT_EQ(process_count(), 1);
  EXPECT_TRUE(is_root_process());
  std::vector<double> v = {1.5, -2, 0};
  sum_across_ranks(v);
  EXPECT_EQ(v, (std::vector<double>{1.5, -2, 0}));
}
