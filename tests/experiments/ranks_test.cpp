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

#ifdef LANDSCAPE_WITH_ALGEBRA
namespace {
landscape::algebra::PathResult planted_path(std::size_t index, landscape::algebra::PathStatus status) {
  landscape::algebra::PathResult p;
  p.index = index;
  p.status = status;
  p.endpoint = {{1.5, -2}, {0.25, 3}};
  p.stop_point = {{0.5, 0.125}, {-1, 2}, {7, -0.75}};
  p.residual = 1e-13;
  p.condition = 42.5;
  p.real = index % 2 == 0;
  p.multiplicity = 3;
  p.steps = 117;
  p.t_reached = index == 2 ? 0.03125 : 0;
  p.code = index == 2 ? landscape::algebra::PathCode::MaxSteps : landscape::algebra::PathCode::Success;
  p.relative_residual = 2.5e-16;
  return p;
}
}  // namespace

// What one rank sends, another receives field for field: the stop point of a failed path (which
// the multiprecision fallback resumes from) and the multiplicity too.
TEST(Ranks, PathResultsSurviveTheWireFormat) {
  using landscape::algebra::PathStatus;
  std::vector<landscape::algebra::PathResult> sent = {planted_path(0, PathStatus::Nonsingular),
                                                      planted_path(1, PathStatus::Singular),
                                                      planted_path(2, PathStatus::Failed)};
  sent[1].stop_point.clear();
  const auto packed = pack_path_results(sent, {2, 1});
  std::vector<landscape::algebra::PathResult> received(3);
  unpack_path_results(packed, received);
  for (std::size_t i : {1u, 2u}) {
    EXPECT_EQ(received[i].index, i);
    EXPECT_EQ(received[i].status, sent[i].status);
    EXPECT_EQ(received[i].endpoint, sent[i].endpoint);
    EXPECT_EQ(received[i].stop_point, sent[i].stop_point);
    EXPECT_EQ(received[i].multiplicity, 3);
    EXPECT_EQ(received[i].steps, 117);
    EXPECT_EQ(received[i].t_reached, sent[i].t_reached);
    EXPECT_EQ(received[i].residual, 1e-13);
    EXPECT_EQ(received[i].condition, 42.5);
    EXPECT_EQ(received[i].real, sent[i].real);
    EXPECT_EQ(received[i].code, sent[i].code);
    EXPECT_EQ(received[i].relative_residual, 2.5e-16);
  }
  EXPECT_TRUE(received[0].endpoint.empty());  // not sent, untouched
  EXPECT_EQ(received[2].stop_point.size(), 3u);
}

// Counts read off the wire are checked before use: an index past the paths, a length past the
// buffer or a truncated record is refused instead of read out of bounds.
TEST(Ranks, MalformedPathResultsAreRefused) {
  using landscape::algebra::PathStatus;
  std::vector<landscape::algebra::PathResult> sent = {planted_path(0, PathStatus::Failed)};
  const auto packed = pack_path_results(sent, {0});
  std::vector<landscape::algebra::PathResult> one(1);
  auto bad_index = packed;
  bad_index[0] = 5;
  EXPECT_THROW(unpack_path_results(bad_index, one), std::runtime_error);
  auto bad_length = packed;
  bad_length[9] = 1e9;
  EXPECT_THROW(unpack_path_results(bad_length, one), std::runtime_error);
  auto truncated = packed;
  truncated.resize(7);
  EXPECT_THROW(unpack_path_results(truncated, one), std::runtime_error);
  auto bad_status = packed;
  bad_status[1] = 9;
  EXPECT_THROW(unpack_path_results(bad_status, one), std::runtime_error);
  auto bad_code = packed;
  bad_code[10] = 5;  // five codes: 0..4
  EXPECT_THROW(unpack_path_results(bad_code, one), std::runtime_error);
  std::vector<landscape::algebra::PathResult> none;
  EXPECT_THROW(unpack_path_results(packed, none), std::runtime_error);
  EXPECT_NO_THROW(unpack_path_results(packed, one));
  EXPECT_EQ(one[0].stop_point, sent[0].stop_point);
}
#endif
