// proofs-check: runs the theorem battery and writes its report.
//
//   proofs-check [--quick] [--seed S] [--only ID[,ID...]] [--json report.json] [--markdown report.md]
//
// Prints the summary table on stdout, progress on stderr; exits 0 only when nothing failed
// (2 for bad options, 1 when a claim failed).
#include <cstring>
#include <iostream>
#include <set>
#include <sstream>

#include "landscape/proofs/battery.hpp"
#include "landscape/spec/error.hpp"
#include "landscape/spec/files.hpp"

using namespace landscape;
using namespace landscape::proofs;

namespace {
const char* kUsage =
    "usage: proofs-check [--quick] [--seed S] [--only ID[,ID...]] [--json FILE] [--markdown FILE]\n\n"
    "Checks the claims of seeds 000 and 003 that can be checked on small networks, on seeded\n"
    "random instances, and writes a report (Markdown for people, JSON for machines).\n"
    "  --quick        the quick battery (under a minute); the default is the full one\n"
    "  --seed S       seed of every random instance (default 0)\n"
    "  --only IDS     run only these claims (comma-separated ids)\n"
    "  --list         list the claims and exit\n"
    "  --json FILE    write the JSON report (atomically)\n"
    "  --markdown FILE  write the Markdown report (atomically)\n";
}

int main(int argc, char** argv) {
  try {
    bool quick = false, list = false;
    std::uint64_t seed = 0;
    std::string json_path, markdown_path;
    std::set<std::string> only;
    for (int i = 1; i < argc; ++i) {
      const std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw InputError(a + " needs a value");
        return argv[++i];
      };
      if (a == "--help" || a == "-h") {
        std::cout << kUsage;
        return 0;
      } else if (a == "--quick") {
        quick = true;
      } else if (a == "--list") {
        list = true;
      } else if (a == "--seed") {
        const std::string v = value();
        if (v.empty() || v.size() > 19 || v.find_first_not_of("0123456789") != std::string::npos)
          throw InputError("--seed '" + v + "' is not a non-negative integer");
        seed = std::stoull(v);
      } else if (a == "--json") {
        json_path = value();
      } else if (a == "--markdown") {
        markdown_path = value();
      } else if (a == "--only") {
        std::stringstream ids(value());
        for (std::string id; std::getline(ids, id, ',');) only.insert(id);
      } else {
        throw InputError("unknown option '" + a + "' (see proofs-check --help)");
      }
    }
    const auto claims = standard_claims();
    for (const auto& id : only) {
      bool known = false;
      for (const auto& c : claims) known = known || c.id == id;
      if (!known) throw InputError("--only: unknown claim '" + id + "' (see proofs-check --list)");
    }
    if (list) {
      for (const auto& c : claims) std::cout << c.id << "\t" << c.reference << "\t" << c.statement << "\n";
      return 0;
    }
    std::vector<ClaimResult> results;
    for (const auto& c : claims) {
      if (!only.empty() && !only.count(c.id)) continue;
      std::cerr << "proofs-check: " << c.id << "..." << std::flush;
      results.push_back(run_claim(c, seed, quick));
      const auto& r = results.back();
      std::cerr << " " << r.passed << "/" << r.tried << " passed, " << r.failed << " failed ("
                << r.seconds << " s)\n";
    }
    if (!json_path.empty()) write_file_atomically(json_path, json_report(results, seed, quick).dump(2) + "\n");
    if (!markdown_path.empty()) write_file_atomically(markdown_path, markdown_report(results, seed, quick));
    std::cout << summary_table(results);
    int failed = 0;
    for (const auto& r : results) {
      failed += r.failed;
      if (r.first_failure)
        std::cout << "\nFAILED " << r.id << " on " << r.first_failure->instance << ": "
                  << r.first_failure->detail << "\n";
    }
    return failed == 0 ? 0 : 1;
  } catch (const InputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
