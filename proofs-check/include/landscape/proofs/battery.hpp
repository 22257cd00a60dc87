// The theorem battery: each claim of the papers that can be checked on small networks, run on
// seeded random instances, with a report for people (Markdown) and machines (JSON).
//
// A claim's check returns, per instance, passed / failed / undecided, a margin (larger is safer;
// its meaning is stated per claim, e.g. the log10 ratio across the zero/non-zero gap), and a
// description of the instance so that a failure can be reproduced.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "landscape/spec/random.hpp"

namespace landscape::proofs {

enum class Status { Passed, Failed, Undecided };

struct Outcome {
  Status status = Status::Passed;
  double margin = 0;      // larger is safer; +inf for exact checks
  std::string instance;   // enough to reproduce it: arch, activation, data, seeds
  std::string detail;     // what was found
};

struct Claim {
  std::string id;
  std::string statement;  // one line
  std::string reference;  // paper and numbering
  std::string margin_meaning;
  int quick_instances = 5;
  int full_instances = 30;
  // `rng` is seeded per instance; `index` counts instances from 0; `quick` selects small sizes.
  std::function<Outcome(SplitMix64& rng, int index, bool quick)> check;
};

struct ClaimResult {
  std::string id, statement, reference, margin_meaning;
  int tried = 0, passed = 0, failed = 0, undecided = 0;
  std::optional<double> worst_margin;
  std::optional<Outcome> first_failure;
  double seconds = 0;
};

// Runs every instance of `claim`; an exception thrown by a check counts as a failure.
ClaimResult run_claim(const Claim& claim, std::uint64_t seed, bool quick);

// The claims of Liao & Poggio 2017 and Cooper 2018 (see claims.cpp).
std::vector<Claim> standard_claims();

nlohmann::json json_report(const std::vector<ClaimResult>& results, std::uint64_t seed, bool quick);
std::string markdown_report(const std::vector<ClaimResult>& results, std::uint64_t seed, bool quick);
// The summary table alone (also the core of the Markdown report).
std::string summary_table(const std::vector<ClaimResult>& results);

}  // namespace landscape::proofs
