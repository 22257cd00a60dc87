// libFuzzer target: the weights file (spec/weights_file.hpp). An accepted file must hold as many
// parameters as its network has, and survive writing and reading back unchanged.
#include "landscape/spec/weights_file.hpp"

#include "fuzz_support.hpp"

using namespace landscape;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::refuse_only_input_errors([&] {
    const WeightsFile w = parse_weights_json(fuzz::text_of(data, size), "fuzz.json");
    fuzz::require(w.parameters.size() == w.net().parameter_count(), "parameter count matches the network");
    const WeightsFile again = parse_weights_json(weights_json(w).dump(), "again.json");
    fuzz::require(again.parameters == w.parameters && again.net().widths == w.net().widths &&
                      again.activation == w.activation && again.bias == w.bias,
                  "a weights file reads back as written");
    w.rationals("fuzz.json");
  });
}
