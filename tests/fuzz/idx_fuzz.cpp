// libFuzzer target: the idx reader (nets/data, MNIST's format, gzip'd or not). The input is
// [4 bytes, big-endian: length L of the image file][image file: L bytes][label file: the rest];
// tests/fuzz/make_seeds.py writes seeds in this form. An accepted pair holds one label per image
// and count x rows x columns pixels in [0, 1].
#include "landscape/data/datasets.hpp"

#include <algorithm>

#include "fuzz_support.hpp"

using namespace landscape;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::size_t claimed = (std::size_t{data[0]} << 24) | (std::size_t{data[1]} << 16) |
                              (std::size_t{data[2]} << 8) | std::size_t{data[3]};
  const std::size_t images_size = std::min(claimed, size - 4);
  return fuzz::refuse_only_input_errors([&] {
    const auto images = data::maybe_gunzip(fuzz::bytes_of(data + 4, images_size), "images");
    const auto labels = data::maybe_gunzip(fuzz::bytes_of(data + 4 + images_size, size - 4 - images_size), "labels");
    const data::Samples s = data::parse_idx(images, labels, "images", "labels");
    fuzz::require(s.labels.size() == static_cast<std::size_t>(s.count), "one label per image");
    fuzz::require(s.inputs.size() == static_cast<std::size_t>(s.count * s.sample_size()), "count x rows x columns pixels");
    fuzz::require(std::all_of(s.inputs.begin(), s.inputs.end(), [](float v) { return v >= 0 && v <= 1; }),
                  "pixels in [0, 1]");
    fuzz::require(s.classes >= 2 && s.classes <= 256, "2..256 classes from byte labels");
  });
}
