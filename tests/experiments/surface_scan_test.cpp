#include "landscape/experiments/surface_scan.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <ostream>

#include "experiments_test_support.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

TEST(SurfaceScan, StemAndValidation) {
  EXPECT_EQ(surface_stem("out/mlp.h5"), "out/mlp");
  EXPECT_EQ(surface_stem("out/mlp"), "out/mlp");
  SurfaceOptions o;
  o.run_dir = "r";
  o.out = "s.h5";
  std::string error;
  EXPECT_FALSE(o.is_valid(&error));  // no coordinates
  EXPECT_EQ(error.rfind("xs ", 0), 0u);
  o.xs = {0};
  EXPECT_TRUE(o.is_valid(&error));
  o.directions = "diagonal";
  EXPECT_FALSE(o.is_valid(&error));
  EXPECT_EQ(error, "directions 'diagonal': expected filter, layer or none");
  o.directions = "filter";
  o.block = 0;
  EXPECT_FALSE(o.is_valid(&error));
}

// The grid's centre is the trained model itself: its loss there equals the model's own loss (a
// second evaluation path); an existing file is not overwritten unless resumed.
TEST(SurfaceScan, CentreIsTheModel) {
  const std::string root = experiments_testing::fresh_dir("surface");
  train_or_finish(experiments_testing::tiny_config(2), root + "/run", "run", nullptr);
  SurfaceOptions o;
  o.run_dir = root + "/run";
  o.xs = {-1, -0.5, 0, 0.5, 1};
  o.ys = {-1, 0, 1};
  o.threads = 1;
  o.block = 4;
  o.out = root + "/s.h5";
  const auto r = scan_surface(o, nullptr);
  EXPECT_EQ(r.points, 15);
  EXPECT_EQ(r.points_evaluated, 15);
  EXPECT_NEAR(r.centre_train_loss, r.model_train_loss, 1e-6 * r.model_train_loss);
  const auto loss = nn::read_h5_arrays(o.out, {"train_loss"})[0].second;
  EXPECT_EQ(loss.dims, (std::vector<std::int64_t>{5, 3}));
  for (double v : loss.values) EXPECT_TRUE(std::isfinite(v));
  EXPECT_TRUE(std::filesystem::exists(root + "/s.directions.h5"));
  EXPECT_THROW(scan_surface(o, nullptr), FieldError);
  o.resume = true;  // nothing left to evaluate
  EXPECT_EQ(scan_surface(o, nullptr).points_evaluated, 0);
}

// Li et al. 2018 Fig. 16: K lines along random directions of seeds S..S+K-1, each the scan that
// seed gives alone (read back from its file), overlaid; all pass through the model at 0.
TEST(SurfaceScan, RepeatedDirectionsAreTheSingleScans) {
  const std::string root = experiments_testing::fresh_dir("surface-repeat");
  train_or_finish(experiments_testing::tiny_config(2), root + "/run", "run", nullptr);
  SurfaceOptions o;
  o.run_dir = root + "/run";
  o.xs = {-1, -0.5, 0, 0.5, 1};
  o.threads = 1;
  o.seed = 4;
  o.out = root + "/line.h5";
  const auto j = repeat_surface(o, 3, nullptr).to_json();
  ASSERT_EQ(j["curves"].size(), 3u);
  for (int k = 0; k < 3; ++k) {
    const auto file = nn::read_h5_arrays(root + "/line-seed" + std::to_string(4 + k) + ".h5", {"train_loss"})[0].second;
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(j["curves"][k][i].get<double>(), file.values[i]);
    EXPECT_NEAR(j["curves"][k][2].get<double>(), j["curves"][0][2].get<double>(), 1e-12);  // the model itself
  }
  SurfaceOptions single = o;
  single.seed = 5;
  single.out = root + "/single.h5";
  const auto alone = scan_surface(single, nullptr).train_loss;
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(j["curves"][1][i].get<double>(), alone[i]);
  EXPECT_GT(j["max_spread"].get<double>(), 0.0);
  EXPECT_TRUE(std::filesystem::exists(root + "/line-overlay.gp"));
  EXPECT_THROW(repeat_surface(o, 0, nullptr), FieldError);
  o.pca = true;
  o.out = root + "/pca.h5";
  EXPECT_THROW(repeat_surface(o, 2, nullptr), FieldError);
}

// Every evaluation path computes the function training computed: at the grid's centre (the model's
// own weights) the structured MLP evaluation gives the model's own loss, for every activation
// option (a clamped ReLU was once evaluated without its clamp: 1.882 against 2.019).
struct ActivationCase {
  const char* activation;
  double clamp;
};

void PrintTo(const ActivationCase& c, std::ostream* os) { *os << c.activation << " clamp " << c.clamp; }

class SurfaceCentre : public ::testing::TestWithParam<ActivationCase> {};

TEST_P(SurfaceCentre, IsTheModelsLossForEveryActivation) {
  const std::string root = experiments_testing::fresh_dir("centre_" + std::to_string(GetParam().clamp) + "_" +
                                                          std::to_string(std::hash<std::string>{}(GetParam().activation)));
  auto c = experiments_testing::tiny_config(2);
  c.activation = GetParam().activation;
  c.clamp = GetParam().clamp;
  train_or_finish(c, root + "/run", "run", nullptr);
  SurfaceOptions o;
  o.run_dir = root + "/run";
  o.xs = {-0.5, 0, 0.5};
  o.threads = 1;
  o.out = root + "/s.h5";
  for (bool structured : {true, false}) {
    o.structured = structured;
    std::filesystem::remove(o.out);
    const auto r = scan_surface(o, nullptr);
    EXPECT_NEAR(r.centre_train_loss, r.model_train_loss, 1e-4 * r.model_train_loss)
        << GetParam().activation << " clamp " << GetParam().clamp << (structured ? " structured" : " direct");
  }
}

INSTANTIATE_TEST_SUITE_P(Activations, SurfaceCentre,
                         ::testing::Values(ActivationCase{"relu", 0}, ActivationCase{"relu", 0.5}, ActivationCase{"smoolu", 0},
                                           ActivationCase{"softplus", 0.5}, ActivationCase{"square", 0},
                                           ActivationCase{"poly:0,1,1/2", 1}, ActivationCase{"rectpow:2", 0}),
                         [](const ::testing::TestParamInfo<ActivationCase>& info) {
                           std::string name = std::to_string(info.index) + "_" + info.param.activation;
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name + (info.param.clamp > 0 ? "_clamped" : "");
                         });

TEST(SurfaceScan, IgnoreAndMethodSpellings) {
  EXPECT_TRUE(parse_ignore("biasbn"));
  EXPECT_FALSE(parse_ignore("none"));
  EXPECT_TRUE(parse_method("structured"));
  EXPECT_FALSE(parse_method("direct"));
  try {
    parse_ignore("bn");
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "ignore");
  }
  EXPECT_THROW(parse_method("fast"), FieldError);
}
