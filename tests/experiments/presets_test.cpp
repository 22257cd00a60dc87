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

// Liao & Poggio 2017's numbers: Figs. 3/8 (12 stages of 10 epochs, 4 repeats, 4 branches, sigma
// 0.01, batch 100, lr 0.01, layer 2), Figs. 4/14 (full batch, branch points 0, 10, 50, 200, sigma
// 0.25), Figs. 5/18/24/31 (60 SGD epochs, M5, M30, M_final after 400 GD epochs, 4 copies, 0.1 x S,
// 200 GD epochs).
TEST(Presets, PaperLiaoPoggioProtocols) {
  BranchesOptions b;
  b.base.dataset = "cifar10:/data/cifar";
  b.repeats = 2;
  apply_preset(b, "paper", only({"dataset", "repeats"}));
  EXPECT_EQ(b.base.model, "dcnn");
  EXPECT_EQ(b.base.batch_size, 100);
  EXPECT_EQ(b.base.lr, 0.01);
  EXPECT_EQ(b.base.momentum, 0.0);
  EXPECT_EQ(b.base.epochs, 10);
  EXPECT_EQ(b.stages, 12);
  EXPECT_EQ(b.branches, 4);
  EXPECT_EQ(b.repeats, 2);  // given
  EXPECT_EQ(b.sigma, 0.01);
  EXPECT_EQ(b.layer, "conv0.weight");
  BranchesOptions g;
  g.base.dataset = "cifar10:/data/cifar";
  g.full_batch = true;
  apply_preset(g, "paper", only({"dataset"}));
  EXPECT_EQ(g.base.batch_size, 0);
  EXPECT_EQ(g.branch_epochs, (std::vector<int>{0, 10, 50, 200}));
  EXPECT_EQ(g.stages, 1);
  EXPECT_EQ(g.branches, 1);
  EXPECT_EQ(g.sigma, 0.25);
  PerturbRetrainOptions p;
  p.base.dataset = "cifar10:/data/cifar";
  apply_preset(p, "paper", only({"dataset"}));
  EXPECT_EQ(p.base.epochs, 60);
  EXPECT_EQ(p.at, (std::vector<int>{5, 30}));
  EXPECT_EQ(p.final_epochs, 400);
  EXPECT_EQ(p.retrain, 200);
  EXPECT_TRUE(p.full_batch_retrain);
  EXPECT_EQ(p.sigma, 0.1);
  // small changes nothing, not even what was not given.
  BranchesOptions small;
  small.stages = 7, small.base.lr = 0.3;
  apply_preset(small, "small", only({}));
  EXPECT_EQ(small.stages, 7);
  EXPECT_EQ(small.base.lr, 0.3);
  // paper in full-batch mode with the stages given keeps the stages (no branch points).
  BranchesOptions staged;
  staged.base.dataset = "cifar10:/data/cifar";
  staged.full_batch = true;
  staged.stages = 5;
  apply_preset(staged, "paper", only({"dataset", "stages"}));
  EXPECT_EQ(staged.stages, 5);
  EXPECT_TRUE(staged.branch_epochs.empty());
  EXPECT_EQ(staged.sgd_batch, 100);
  LiptonOptions l;
  l.base.dataset = "idx:/data/mnist";
  apply_preset(l, "paper", only({"dataset"}));
  EXPECT_EQ(l.base.dropout, 0.5);
  EXPECT_EQ(l.base.epochs, 200);
  EXPECT_EQ(l.base.channels, (std::vector<int>{32, 64}));
  EXPECT_EQ(l.runs, 5);
  EXPECT_EQ(l.pretrain, 10);
  EXPECT_EQ(l.every, 10);
  LiptonOptions no_mnist;
  EXPECT_THROW(apply_preset(no_mnist, "paper", only({})), landscape::FieldError);
  PerturbRetrainOptions no_cifar;
  EXPECT_THROW(apply_preset(no_cifar, "paper", only({})), landscape::FieldError);
}
