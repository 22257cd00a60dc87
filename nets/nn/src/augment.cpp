#include "augment.hpp"

#include <algorithm>

#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

namespace landscape::nn {

std::string Augmentation::spelling() const {
  if (crop && flip) return "crop,flip";
  return crop ? "crop" : flip ? "flip" : "";
}

Augmentation Augmentation::parse(const std::string& text) {
  Augmentation a;
  if (text.empty() || text == "none") return a;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string item = text.substr(from, comma - from);
    from = comma + 1;
    bool* flag = item == "crop" ? &a.crop : item == "flip" ? &a.flip : nullptr;
    if (!flag || *flag)
      throw FieldError("augment", "'" + text + "': " +
                                      (flag && *flag ? "'" + item + "' is listed twice"
                                                     : "unknown augmentation '" + item + "'") +
                                      " (expected crop, flip or crop,flip)");
    *flag = true;
  }
  return a;
}

torch::Tensor flip_horizontal(const torch::Tensor& x) { return x.flip({3}); }

torch::Tensor shifted_crops(const torch::Tensor& x, int pad, const std::vector<std::int64_t>& dy,
                            const std::vector<std::int64_t>& dx, const std::vector<double>& fill) {
  const std::int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  torch::Tensor padded = torch::empty({n, c, h + 2 * pad, w + 2 * pad}, x.options());
  if (fill.empty())
    padded.zero_();
  else
    padded.copy_(torch::tensor(fill, torch::kFloat64).to(x.options()).view({1, c, 1, 1}).expand_as(padded));
  padded.narrow(2, pad, h).narrow(3, pad, w).copy_(x);
  torch::Tensor out = torch::empty_like(x);
  for (std::int64_t i = 0; i < n; ++i)
    out[i].copy_(padded[i].narrow(1, dy[static_cast<std::size_t>(i)], h).narrow(2, dx[static_cast<std::size_t>(i)], w));
  return out;
}

std::uint64_t augmentation_seed(std::uint64_t seed, int epoch, std::int64_t batch) {
  SplitMix64 base(seed ^ 0xA5A5F00DULL);
  SplitMix64 mixed(base.next() + static_cast<std::uint64_t>(epoch) * 0xD1B54A32D192ED03ULL +
                   static_cast<std::uint64_t>(batch) * 0x8CB92BA72F3D8DD7ULL);
  return mixed.next();
}

torch::Tensor augment_batch(const torch::Tensor& x, const Augmentation& a, std::uint64_t seed) {
  if (x.dim() != 4) throw InputError("augmentation needs images (samples x channels x height x width)");
  torch::NoGradGuard guard;
  SplitMix64 rng(seed);
  const std::int64_t n = x.size(0);
  torch::Tensor out = x;
  if (a.crop) {
    std::vector<std::int64_t> dy(static_cast<std::size_t>(n)), dx(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) dy[i] = rng.uniform_int(0, 2 * a.pad), dx[i] = rng.uniform_int(0, 2 * a.pad);
    out = shifted_crops(x, a.pad, dy, dx, a.fill);
  }
  if (a.flip) {
    std::vector<std::int64_t> chosen;
    for (std::int64_t i = 0; i < n; ++i)
      if (rng.next() >> 63) chosen.push_back(i);
    if (!chosen.empty()) {
      if (!a.crop) out = x.clone();
      const auto index = torch::tensor(chosen, torch::kInt64).to(x.device());
      out.index_copy_(0, index, flip_horizontal(out.index_select(0, index)));
    }
  }
  return out;
}

}  // namespace landscape::nn
