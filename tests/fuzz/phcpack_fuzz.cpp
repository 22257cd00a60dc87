// libFuzzer target: the PHCpack system reader (algebra/system_io.hpp). An accepted system has the
// number of equations its header says, and reads back unchanged from its Macaulay2 export.
#include "landscape/algebra/export.hpp"
#include "landscape/algebra/system_io.hpp"

#include "fuzz_support.hpp"

using namespace landscape;
using namespace landscape::algebra;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::text_of(data, size);
  return fuzz::refuse_only_input_errors([&] {
    const PolynomialSystem s = parse_system(text, SystemFormat::PHCpack, "fuzz.phc");
    fuzz::require(std::stol(text) == static_cast<long>(s.equations.size()), "as many equations as the header says");
    const PolynomialSystem again =
        parse_system(export_system(s, ExportFormat::Macaulay2), SystemFormat::Macaulay2, "again.m2");
    fuzz::require(again.equations.size() == s.equations.size(), "the m2 export keeps the equations");
    for (std::size_t k = 0; k < s.equations.size(); ++k)
      fuzz::require(again.equations[k].to_string() == s.equations[k].to_string(), "the m2 export reads back");
  });
}
