// proofs-check: runs the theorem battery and writes its report.
//
//   proofs-check [--quick] [--seed S] [--only ID[,ID...]] [--list] [--json report.json] [--markdown report.md]
//
// Prints the summary table on stdout, progress on stderr; exits 0 only when nothing failed
// (2 for bad options, 1 when a claim failed).
#include <iostream>
#include <set>
#include <sstream>

#include "arguments.hpp"
#include "landscape/proofs/battery.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

using namespace landscape;
using namespace landscape::proofs;

namespace {

int run(int argc, char** argv) {
  cli::Arguments args("",
                      "Checks the claims of Liao & Poggio 2017 and Cooper 2018 that can be checked on small networks,\n"
                      "on seeded random instances, and writes a report (Markdown for people, JSON for machines).",
                      "proofs-check");
  args.add_flag("--quick", "the quick battery (under a minute); the default is the full one")
      .add("--seed", "S", "seed of every random instance", "0")
      .add("--only", "IDS", "run only these claims (comma-separated ids)")
      .add_flag("--list", "list the claims and exit")
      .add("--json", "FILE", "write the JSON report (atomically)")
      .add("--markdown", "FILE", "write the Markdown report (atomically)");
  if (!args.parse(argc, argv, 1)) {
    std::cout << args.help();
    return 0;
  }
  const bool quick = args.flag("--quick");
  const std::uint64_t seed = args.get_unsigned("--seed");
  std::set<std::string> only;
  if (args.given("--only"))
    for (const auto& id : split(args.get("--only"), ','))
      if (!id.empty()) only.insert(id);
  const auto claims = standard_claims();
  for (const auto& id : only) {
    bool known = false;
    for (const auto& c : claims) known = known || c.id == id;
    if (!known) throw InputError("--only: unknown claim '" + id + "' (see proofs-check --list)");
  }
  if (args.flag("--list")) {
    for (const auto& c : claims) std::cout << c.id << "\t" << c.reference << "\t" << c.statement << "\n";
    return 0;
  }
  std::vector<ClaimResult> results;
  for (const auto& c : claims) {
    if (!only.empty() && !only.count(c.id)) continue;
    std::cerr << "proofs-check: " << c.id << "..." << std::flush;
    results.push_back(run_claim(c, seed, quick));
    const auto& r = results.back();
    std::cerr << " " << r.passed << "/" << r.tried << " passed, " << r.failed << " failed (" << r.seconds << " s)\n";
  }
  if (const auto path = args.get_optional("--json")) write_file_atomically(*path, json_report(results, seed, quick).dump(2) + "\n");
  if (const auto path = args.get_optional("--markdown")) write_file_atomically(*path, markdown_report(results, seed, quick));
  std::cout << summary_table(results);
  int failed = 0;
  for (const auto& r : results) {
    failed += r.failed;
    if (r.first_failure)
      std::cout << "\nFAILED " << r.id << " on " << r.first_failure->instance << ": " << r.first_failure->detail << "\n";
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
