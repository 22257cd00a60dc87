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
#include "landscape/experiments/branches.hpp"
#include "landscape/experiments/lipton.hpp"
#include "landscape/experiments/perturb_retrain.hpp"
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

// Liao & Poggio 2017 (Figs. 3-5, App. B): the 6-layer DCNN (dcnn) on CIFAR-10 without
// augmentation, plain SGD (no momentum) at learning rate 0.01 with batches of 100, on CUDA.
nlohmann::json liao_poggio_recipe();
// experiment branches: small = the CLI's defaults (nothing changed); paper = the recipe with
// Figs. 3/8's 12 stages of 10 epochs, 4 repeats and 4 branches per stage, sigma 0.01, the MDS of
// layer 2 (conv0.weight); in full-batch mode Figs. 4/14's one branch at epochs 0, 10, 50 and 200
// with sigma 0.25 (the paper does not give the run's length: 300 epochs here).
void apply_preset(BranchesOptions& o, const std::string& preset, const GivenField& given);
// experiment perturb-retrain: paper = the recipe for 60 SGD epochs, M5 and M30 and M_final after
// 400 full-batch epochs, 4 copies perturbed by 0.1 x S, 200 full-batch epochs of retraining (Figs.
// 5, 18, 24, 31).
void apply_preset(PerturbRetrainOptions& o, const std::string& preset, const GivenField& given);
// experiment lipton: paper = Lipton 2016 on MNIST (idx:DIR must be given): a three-layer conv net
// with dropout and weight decay (the dcnn with channels 32, 64 and dropout 0.5, weight decay 5e-4:
// the paper gives neither its layout beyond 819,557 parameters nor these two values), 200 epochs,
// 5 runs per setting, clones after 10 epochs, trajectories sampled every 10 epochs, on CUDA.
void apply_preset(LiptonOptions& o, const std::string& preset, const GivenField& given);

}  // namespace landscape::experiments
