// Augmented batches (landscape/nn/augmentation.hpp): the tensor operations, internal to the nets
// library and its tests.
#pragma once

#include <torch/torch.h>

#include <cstdint>

#include "landscape/nn/augmentation.hpp"

namespace landscape::nn {

// Images (N x C x H x W) mirrored left-right: flip_horizontal(flip_horizontal(x)) == x.
torch::Tensor flip_horizontal(const torch::Tensor& x);

// Sample i of x (N x C x H x W) padded by `pad` on each side with fill[c] in channel c (0 when
// fill is empty) and cut at rows dy[i]..dy[i]+H-1, columns dx[i]..dx[i]+W-1 of the padded image
// (offsets in 0..2 pad; pad, pad is the identity).
torch::Tensor shifted_crops(const torch::Tensor& x, int pad, const std::vector<std::int64_t>& dy,
                            const std::vector<std::int64_t>& dx, const std::vector<double>& fill = {});

// The seed of batch b's augmentation in `epoch` of a run whose batch order has seed `seed`: a
// function of the three alone (a resumed run sees the same batches), hashed so that the draws of
// different batches are unrelated (not one stream shifted by a draw).
std::uint64_t augmentation_seed(std::uint64_t seed, int epoch, std::int64_t batch);

// The batch x augmented as `a` says, with random choices from `seed` alone (a new tensor; x is
// left as it is). x must be images (4 dimensions).
torch::Tensor augment_batch(const torch::Tensor& x, const Augmentation& a, std::uint64_t seed);

}  // namespace landscape::nn
