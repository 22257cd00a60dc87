// Presets of Li et al. 2018's protocols: the fields a preset fills when the user did not set them.
// `given(field)` says whether the user set a field (by the names the options' is_valid uses; the
// CLI answers from its flags).
//
//   small  CPU scale (the experiments' defaults: a Fashion-MNIST subset, the MLP 784-64-10 or small
//          ResNets, a few epochs)
//   paper  the paper's recipe (li_et_al_recipe) at full scale, on CUDA: 300 epochs of CIFAR-10
//          (cifar10:DIR must be given: the data are not a Debian package)
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "landscape/experiments/architectures.hpp"
#include "landscape/experiments/sharp_flat.hpp"

namespace landscape::experiments {

using GivenField = std::function<bool(const std::string& field)>;

// Li et al. 2018, Section 6 and Appendix A.6: SGD with Nesterov momentum 0.9, batch 128, weight
// decay 5e-4, 300 epochs, learning rate 0.1 divided by 10 at epochs 150, 225 and 275; random
// crops (4-pixel padding) and horizontal flips; per-channel normalization; on CUDA. TrainConfig
// fields as config.json names them.
nlohmann::json li_et_al_recipe();

// Sets each field of `defaults` (config.json names) that the user did not give; FieldError for a
// key that is not a TrainConfig field.
void apply_train_defaults(nn::TrainConfig& c, const nlohmann::json& defaults, const GivenField& given);

// Table 1 (experiment optimizer-grid): small = 2-D contours on 11 x 11 points; paper = VGG-9 with
// the recipe, batches 128 and 8192, Adam at 0.001, 51 x 51 contours. FieldError for another preset,
// or for paper without a CIFAR-10 dataset.
void apply_preset(SharpFlatOptions& o, const std::string& preset, const GivenField& given);

// Table 2 (experiment architectures): small = ResNet-20 with and without shortcuts and
// Wide-ResNet-20-2 on 2,000 Fashion-MNIST images, 10 epochs of SGD with Nesterov momentum at 0.02,
// cosine schedule, weight decay 5e-4, 9 x 9 contours on 500 samples;
// paper = ResNet-20/56/110 with and without shortcuts, Wide-ResNet-56-2/4/8 and DenseNet-121 with
// the recipe, 51 x 51 contours.
void apply_preset(ArchitecturesOptions& o, const std::string& preset, const GivenField& given);

}  // namespace landscape::experiments
