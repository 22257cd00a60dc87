// The standard claims (proofs-check/src/claims.cpp): each holds on quick instances, and each
// names the paper it checks as researchers cite it.
#include "landscape/proofs/battery.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace landscape;
using namespace landscape::proofs;

// The standard claims, a few instances each, all pass with the default seed.
TEST(Claims, StandardClaimsPassOnAQuickRun) {
  const auto claims = standard_claims();
  EXPECT_GE(claims.size(), 10u);
  for (auto claim : claims) {
    claim.quick_instances = 3;
    const auto r = run_claim(claim, 0, true);
    EXPECT_EQ(r.failed, 0) << claim.id << ": " << (r.first_failure ? r.first_failure->detail : "");
    EXPECT_GT(r.passed, 0) << claim.id;
  }
}

TEST(Claims, EveryClaimCitesItsPaperByAuthorAndYear) {
  for (const auto& claim : standard_claims()) {
    const bool cited = claim.reference.rfind("Liao & Poggio 2017", 0) == 0 || claim.reference.rfind("Cooper 2018", 0) == 0;
    EXPECT_TRUE(cited) << claim.id << ": " << claim.reference;
    EXPECT_EQ(claim.reference.find("seed"), std::string::npos) << claim.id;
    EXPECT_FALSE(claim.statement.empty()) << claim.id;
  }
}
