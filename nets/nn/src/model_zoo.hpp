// The CIFAR architectures of Li et al. 2018 beyond the ResNets (modules.cpp): VGG-9 and
// DenseNet-121, as in the reference implementation of the paper (github.com/tomgoldstein/
// loss-landscape, cifar10/models), every one taking every activation. make_model builds them.
#pragma once

#include <memory>
#include <string>

#include "landscape/nn/modules.hpp"

namespace landscape::nn {

// VGG-9: the first seven 3x3 convolutions of VGG-16 (64, 64, M, 128, 128, M, 256, 256, 256, M,
// each followed by BatchNorm and the activation; M: 2x2 max pooling, rounding up), then a fully
// connected layer of 256 units with BatchNorm and the activation, and the classifier.
std::shared_ptr<Net> make_vgg9(const ModelOptions& options);

// DenseNet-121 for 32x32 images: growth rate 32, dense blocks of 6, 12, 24 and 16 bottleneck
// layers (BN-act-1x1 conv to 128 channels, BN-act-3x3 conv to 32, concatenated before the input),
// transitions BN-act-1x1 conv halving the channels and 2x2 average pooling, a final BN-act,
// global average pooling and the classifier.
std::shared_ptr<Net> make_densenet121(const ModelOptions& options);

// An activation's name for one-line descriptions: a long polynomial (a relu-approx of high degree
// has thousands of digits) by its degree and evaluation interval.
std::string activation_label(const landscape::Activation& a);

}  // namespace landscape::nn
