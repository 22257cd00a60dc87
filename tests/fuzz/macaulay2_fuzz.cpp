// libFuzzer target: the Macaulay2 system reader (algebra/system_io.hpp). An accepted system reads
// back unchanged from its own Macaulay2 export.
#include "landscape/algebra/export.hpp"
#include "landscape/algebra/system_io.hpp"

#include "fuzz_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::refuse_only_input_errors([&] {
    const PolynomialSystem s = parse_system(fuzz::text_of(data, size), SystemFormat::Macaulay2, "fuzz.m2");
    const PolynomialSystem again =
        parse_system(export_system(s, ExportFormat::Macaulay2), SystemFormat::Macaulay2, "again.m2");
    fuzz::require(again.ring->names() == s.ring->names(), "the m2 export keeps the variables");
    fuzz::require(again.equations.size() == s.equations.size(), "the m2 export keeps the equations");
    for (std::size_t k = 0; k < s.equations.size(); ++k)
      fuzz::require(again.equations[k].to_string() == s.equations[k].to_string(), "the m2 export reads back");
  });
}
