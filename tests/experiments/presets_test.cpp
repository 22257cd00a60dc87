// presets.cpp: a preset fills exactly the fields the user did not give; the paper presets carry Li
// et al. 2018's recipe and refuse to run without CIFAR-10; unknown presets and keys name their field.
#include "landscape/experiments/presets.hpp"

#include <gtest/gtest.h>

#include <set>

#include "landscape/spec/error.hpp"
#include "test_support.hpp"

using namespace landscape::experiments;

namespace {

GivenField only(std::set<std::string> fields) {
  return [fields](const std::string& f) { return fields.count(f) > 0; };
}

}  // namespace

TEST(Presets, PaperOptimizerGridIsTheRecipeOnVgg9ExceptWhatWasGiven) {
  SharpFlatOptions o;
  o.base.dataset = "cifar10:/data/cifar";
  o.base.lr = 0.05;
  o.base.out_dir = "kept";
  o.large_batch = 4096;
  apply_preset(o, "paper", only({"dataset", "lr", "large"}));
  EXPECT_EQ(o.base.model, "vgg9");
  EXPECT_EQ(o.base.lr, 0.05);  // given
  EXPECT_EQ(o.base.dataset, "cifar10:/data/cifar");
  EXPECT_EQ(o.base.schedule, "milestones:150,225,275:0.1");
  EXPECT_EQ(o.base.epochs, 300);
  EXPECT_TRUE(o.base.nesterov);
  EXPECT_EQ(o.base.augment, "crop,flip");
  EXPECT_TRUE(o.base.normalize_channels);
  EXPECT_EQ(o.base.device, "cuda");
  EXPECT_EQ(o.base.out_dir, "kept");
  EXPECT_EQ(o.small_batch, 128);
  EXPECT_EQ(o.large_batch, 4096);  // given
  EXPECT_EQ(o.surface_points, 51);
  EXPECT_TRUE(o.base.is_valid(nullptr));
}

TEST(Presets, SmallPresetsStayOnTheCpu) {
  SharpFlatOptions grid;
  apply_preset(grid, "small", only({}));
  EXPECT_EQ(grid.surface_points, 11);
  EXPECT_EQ(grid.base.device, "cpu");
  ArchitecturesOptions a;
  a.base.threads = 3;
  apply_preset(a, "small", only({"epochs"}));
  EXPECT_EQ(a.models, (std::vector<std::string>{"resnet20", "resnet20-noshort", "wrn20-2"}));
  EXPECT_EQ(a.base.dataset, "fashion-mnist:n=2000,test=500");
  EXPECT_EQ(a.base.epochs, 5);  // given: the default kept
  EXPECT_EQ(a.base.lr, 0.02);
  EXPECT_TRUE(a.base.nesterov);
  EXPECT_EQ(a.surface_points, 9);
  EXPECT_EQ(a.base.threads, 3);
  EXPECT_EQ(a.surface_samples, 500);
  ArchitecturesOptions paper;
  paper.base.dataset = "cifar10:/d";
  apply_preset(paper, "paper", only({"dataset"}));
  EXPECT_EQ(paper.models.size(), 10u);
  EXPECT_EQ(paper.models.back(), "densenet121");
  EXPECT_EQ(paper.base.weight_decay, 5e-4);
}

TEST(Presets, BadPresetsAndMissingDataNameTheirField) {
  SharpFlatOptions o;
  EXPECT_EQ(landscape::testing::field_of_error([&] { apply_preset(o, "huge", only({})); }), "preset");
  EXPECT_EQ(landscape::testing::field_of_error([&] { apply_preset(o, "paper", only({})); }), "dataset");
  landscape::nn::TrainConfig c;
  EXPECT_EQ(landscape::testing::field_of_error([&] { apply_train_defaults(c, {{"colour", 1}}, only({})); }), "colour");
}
