// libFuzzer target: the CSV data reader (spec/dataset.hpp, the `data` field's FILE.csv). The first
// two bytes choose the network's input and output widths (1..4, 1..3); the rest is the file.
#include "landscape/spec/dataset.hpp"

#include "fuzz_support.hpp"

using namespace landscape;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int d0 = 1 + data[0] % 4, dL = 1 + data[1] % 3;
  const std::string text = fuzz::text_of(data + 2, size - 2);
  fuzz::refuse_only_input_errors([&] {
    const std::size_t columns = csv_column_count_of_text(text, "fuzz.csv");
    fuzz::require(columns >= 1, "a data row has at least one column");
  });
  return fuzz::refuse_only_input_errors([&] {
    const Dataset d = parse_csv_dataset(text, "fuzz.csv", d0, dL);
    fuzz::require(d.size() >= 1, "an accepted CSV has a data row");
    fuzz::require(d.labels.empty() || d.labels.size() == d.inputs.size(), "one label row per input row");
    for (const auto& row : d.inputs) fuzz::require(row.size() == static_cast<std::size_t>(d0), "d0 inputs a row");
    for (const auto& row : d.labels) fuzz::require(row.size() == static_cast<std::size_t>(dL), "dL labels a row");
  });
}
