// Data augmentation of a training run, without LibTorch (the `augment` field of TrainConfig).
// Spelled as a comma-separated list of
//   crop   pad each image with 4 black pixels on every side, then cut a random window of the
//          original size (offsets uniform in 0..8 on each axis)
//   flip   mirror each image left-right with probability 1/2
// (Li et al. 2018's CIFAR-10 recipe is crop,flip; empty: none). The padding is black: with
// per-channel normalization, the value a black pixel has after it (as in Li et al.'s reference,
// which crops before it normalizes). Each batch draws from a generator seeded by (the seed of the
// batch order, epoch, batch), so a resumed run sees the same augmented batches.
#pragma once

#include <string>
#include <vector>

namespace landscape::nn {

struct Augmentation {
  bool crop = false, flip = false;
  int pad = 4;  // crop: padding on each side
  std::vector<double> fill;  // crop: per channel, the value of a black pixel in the (normalized)
                             // data; empty: 0 (no normalization)

  bool any() const { return crop || flip; }
  // "crop,flip", "crop", "flip" or "" (the canonical spelling a run records).
  std::string spelling() const;
  // Parses the spelling above (any order, no repeats); FieldError("augment", ...) otherwise.
  static Augmentation parse(const std::string& text);
};

}  // namespace landscape::nn
