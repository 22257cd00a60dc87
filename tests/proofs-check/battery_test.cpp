#include "landscape/proofs/battery.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace landscape;
using namespace landscape::proofs;

// A planted claim: fails on odd instances, undecided on every fifth, passes otherwise. The
// counts and the reported failure must say exactly that.
TEST(Battery, CountsAndFirstFailureOfAPlantedClaim) {
  Claim planted{"planted", "odd instances fail", "test", "instance index", 10, 10,
                [](SplitMix64&, int i, bool) {
                  Outcome o;
                  o.instance = "instance " + std::to_string(i);
                  o.margin = i;
                  o.status = i % 5 == 0 ? Status::Undecided : i % 2 ? Status::Failed : Status::Passed;
                  return o;
                }};
  const auto r = run_claim(planted, 0, true);
  EXPECT_EQ(r.tried, 10);
  EXPECT_EQ(r.undecided, 2);  // 0, 5
  EXPECT_EQ(r.failed, 4);     // 1, 3, 7, 9
  EXPECT_EQ(r.passed, 4);     // 2, 4, 6, 8
  ASSERT_TRUE(r.first_failure);
  EXPECT_EQ(r.first_failure->instance, "instance 1");
  EXPECT_EQ(*r.worst_margin, 1.0);  // undecided instances do not count
  const auto j = json_report({r}, 7, true);
  EXPECT_EQ(j["failed"], 4);
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["claims"][0]["failure"]["instance"], "instance 1");
  const auto md = markdown_report({r}, 7, true);
  EXPECT_NE(md.find("**Failed** on instance 1"), std::string::npos);
  EXPECT_NE(md.find("| `planted` | test | 10 | 4 | 4 | 2 |"), std::string::npos);
}

TEST(Battery, AnExceptionIsAFailure) {
  Claim throwing{"throws", "", "", "", 2, 2, [](SplitMix64&, int, bool) -> Outcome {
                   throw std::runtime_error("boom");
                 }};
  const auto r = run_claim(throwing, 0, true);
  EXPECT_EQ(r.failed, 2);
  EXPECT_NE(r.first_failure->detail.find("boom"), std::string::npos);
}

TEST(Battery, InstancesAreSeededPerClaimAndReproducible) {
  std::vector<std::uint64_t> first, second;
  auto recorder = [](std::vector<std::uint64_t>& out) {
    return [&out](SplitMix64& rng, int, bool) {
      out.push_back(rng.next());
      return Outcome{};
    };
  };
  run_claim(Claim{"a", "", "", "", 3, 3, recorder(first)}, 5, true);
  run_claim(Claim{"a", "", "", "", 3, 3, recorder(second)}, 5, true);
  EXPECT_EQ(first, second);
  std::vector<std::uint64_t> other;
  run_claim(Claim{"b", "", "", "", 3, 3, recorder(other)}, 5, true);
  EXPECT_NE(first, other);
}
