// libFuzzer target: the CIFAR-10 binary reader (nets/data), gzip'd or not. An accepted batch holds
// whole records: one label in 0..9 and 3 x 32 x 32 pixels in [0, 1] each.
#include "landscape/data/datasets.hpp"

#include <algorithm>

#include "fuzz_support.hpp"

using namespace landscape;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::refuse_only_input_errors([&] {
    data::Samples s;
    data::append_cifar10(s, data::maybe_gunzip(fuzz::bytes_of(data, size), "batch"), "batch");
    fuzz::require(s.count >= 1 && s.labels.size() == static_cast<std::size_t>(s.count), "one label per record");
    fuzz::require(s.inputs.size() == static_cast<std::size_t>(s.count) * 3072, "3072 pixels per record");
    fuzz::require(std::all_of(s.labels.begin(), s.labels.end(), [](std::int64_t l) { return l >= 0 && l <= 9; }),
                  "labels in 0..9");
    fuzz::require(std::all_of(s.inputs.begin(), s.inputs.end(), [](float v) { return v >= 0 && v <= 1; }),
                  "pixels in [0, 1]");
  });
}
