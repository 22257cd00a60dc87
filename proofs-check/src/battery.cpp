#include "landscape/proofs/battery.hpp"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace landscape::proofs {

ClaimResult run_claim(const Claim& claim, std::uint64_t seed, bool quick) {
  ClaimResult r;
  r.id = claim.id;
  r.statement = claim.statement;
  r.reference = claim.reference;
  r.margin_meaning = claim.margin_meaning;
  const auto start = std::chrono::steady_clock::now();
  const int instances = quick ? claim.quick_instances : claim.full_instances;
  // Each claim and instance has its own stream, so claims can be run alone with the same numbers.
  std::uint64_t claim_hash = 1469598103934665603ULL;
  for (char c : claim.id) claim_hash = (claim_hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  for (int i = 0; i < instances; ++i) {
    SplitMix64 rng(seed ^ claim_hash ^ (0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(i + 1)));
    Outcome o;
    try {
      o = claim.check(rng, i, quick);
    } catch (const std::exception& e) {
      o.status = Status::Failed;
      o.margin = -INFINITY;
      o.instance = o.instance.empty() ? "instance " + std::to_string(i) : o.instance;
      o.detail = std::string("exception: ") + e.what();
    }
    ++r.tried;
    if (o.status == Status::Passed) ++r.passed;
    if (o.status == Status::Failed) ++r.failed;
    if (o.status == Status::Undecided) ++r.undecided;
    if (o.status != Status::Undecided && (!r.worst_margin || o.margin < *r.worst_margin))
      r.worst_margin = o.margin;
    if (o.status == Status::Failed && !r.first_failure) r.first_failure = o;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

namespace {
std::string margin_text(const std::optional<double>& m) {
  if (!m) return "-";
  if (std::isinf(*m)) return *m > 0 ? "exact" : "-inf";
  std::ostringstream s;
  s << std::setprecision(4) << *m;
  return s.str();
}
nlohmann::json margin_json(const std::optional<double>& m) {
  if (!m) return nullptr;
  if (std::isinf(*m)) return *m > 0 ? nlohmann::json("exact") : nlohmann::json("-inf");
  return *m;
}
}  // namespace

nlohmann::json json_report(const std::vector<ClaimResult>& results, std::uint64_t seed, bool quick) {
  nlohmann::json j;
  j["seed"] = seed;
  j["battery"] = quick ? "quick" : "full";
  int failed = 0;
  j["claims"] = nlohmann::json::array();
  for (const auto& r : results) {
    failed += r.failed;
    nlohmann::json c = {{"id", r.id},           {"statement", r.statement},
                        {"reference", r.reference}, {"tried", r.tried},
                        {"passed", r.passed},   {"failed", r.failed},
                        {"undecided", r.undecided}, {"worst_margin", margin_json(r.worst_margin)},
                        {"margin", r.margin_meaning}, {"seconds", r.seconds}};
    if (r.first_failure)
      c["failure"] = {{"instance", r.first_failure->instance}, {"detail", r.first_failure->detail}};
    j["claims"].push_back(c);
  }
  j["failed"] = failed;
  j["ok"] = failed == 0;
  return j;
}

std::string summary_table(const std::vector<ClaimResult>& results) {
  std::ostringstream out;
  out << "| claim | reference | tried | passed | failed | undecided | worst margin | seconds |\n"
      << "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& r : results)
    out << "| `" << r.id << "` | " << r.reference << " | " << r.tried << " | " << r.passed << " | "
        << r.failed << " | " << r.undecided << " | " << margin_text(r.worst_margin) << " | "
        << std::fixed << std::setprecision(2) << r.seconds << std::defaultfloat << " |\n";
  return out.str();
}

std::string markdown_report(const std::vector<ClaimResult>& results, std::uint64_t seed, bool quick) {
  std::ostringstream out;
  int failed = 0;
  for (const auto& r : results) failed += r.failed;
  out << "# proofs-check report\n\n"
      << "Battery: " << (quick ? "quick" : "full") << ", seed " << seed << ". "
      << (failed == 0 ? "Nothing failed." : std::to_string(failed) + " instance(s) failed.") << "\n\n"
      << summary_table(results) << "\n## Claims\n\n";
  for (const auto& r : results) {
    out << "### `" << r.id << "` — " << r.reference << "\n\n" << r.statement << "\n\n"
        << "Margin: " << r.margin_meaning << ". Worst seen: " << margin_text(r.worst_margin) << ".\n";
    if (r.first_failure)
      out << "\n**Failed** on " << r.first_failure->instance << ": " << r.first_failure->detail << "\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace landscape::proofs
