// Augmented batches (landscape/nn/augmentation.hpp): the tensor operations, internal to the nets
// library and its tests.
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "landscape/nn/augmentation.hpp"

namespace landscape::nn {

// Images (N x C x H x W) mirrored left-right: flip_horizontal(flip_horizontal(x)) == x.
torch::Tensor flip_horizontal(const torch::Tensor& x);

// Sample i of x (N x C x H x W) zero-padded by `pad` on each side and cut at rows dy[i]..dy[i]+H-1,
// columns dx[i]..dx[i]+W-1 of the padded image (offsets in 0..2 pad; pad, pad is the identity).
torch::Tensor shifted_crops(const torch::Tensor& x, int pad, const std::vector<std::int64_t>& dy,
                            const std::vector<std::int64_t>& dx);

// The batch x augmented as `a` says, with random choices from `seed` alone (a new tensor; x is
// left as it is). x must be images (4 dimensions).
torch::Tensor augment_batch(const torch::Tensor& x, const Augmentation& a, std::uint64_t seed);

}  // namespace landscape::nn
