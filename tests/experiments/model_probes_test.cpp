#include "landscape/experiments/model_probes.hpp"

#include <gtest/gtest.h>

#include "experiments_test_support.hpp"
#include "landscape/analysis/embedding.hpp"
#include "landscape/experiments/training_runs.hpp"
#include "landscape/nn/trajectory.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape;
using namespace landscape::experiments;

namespace {
struct TwoRuns {
  std::string root, a, b;
  nn::TrainResult ra, rb;
};
const TwoRuns& two_runs() {
  static const TwoRuns runs = [] {
    TwoRuns r;
    r.root = experiments_testing::fresh_dir("probes");
    r.a = r.root + "/a";
    r.b = r.root + "/b";
    r.ra = train_or_finish(experiments_testing::tiny_config(2), r.a, "a", nullptr);
    auto c = experiments_testing::tiny_config(2);
    c.seed = 5;
    r.rb = train_or_finish(c, r.b, "b", nullptr);
    return r;
  }();
  return runs;
}
}  // namespace

// t = 0 and t = 1 are the two models: their losses are those training recorded for them.
TEST(ModelProbes, InterpolationEndsAreTheModels) {
  const auto& runs = two_runs();
  InterpolationOptions o;
  o.run_dir = runs.a;
  o.to_dir = runs.b;
  o.ts = {0, 0.5, 1};
  o.threads = 1;
  o.out_dir = runs.root + "/interp";
  const auto r = interpolate_models(o);
  ASSERT_EQ(r.train_loss.size(), 3u);
  EXPECT_NEAR(r.train_loss[0], runs.ra.final_train_loss, 1e-5);
  EXPECT_NEAR(r.train_loss[2], runs.rb.final_train_loss, 1e-5);
  EXPECT_NEAR(r.test_loss[2], runs.rb.final_test_loss, 1e-5);
  const auto wa = nn::read_trajectory(runs.a + "/trajectory.h5").parameters.back();
  const auto wb = nn::read_trajectory(runs.b + "/trajectory.h5").parameters.back();
  EXPECT_NEAR(r.distance, analysis::distance(wa, wb), 1e-9);
}

TEST(ModelProbes, MdsOfTwoRuns) {
  const auto& runs = two_runs();
  MdsOptions o;
  o.run_dirs = {runs.a, runs.b};
  o.out_dir = runs.root + "/mds";
  const auto r = mds_of_runs(o);
  EXPECT_EQ(r.models, 6u);  // three records each
  const auto j = r.to_json();
  const auto wa = nn::read_trajectory(runs.a + "/trajectory.h5").parameters.back();
  const auto wb = nn::read_trajectory(runs.b + "/trajectory.h5").parameters.back();
  EXPECT_NEAR(j["final_distances"][0][1].get<double>(), analysis::distance(wa, wb), 1e-9);
  o.layer = "nonsense";
  try {
    mds_of_runs(o);
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "layer");
  }
}

TEST(ModelProbes, DataSetSpellings) {
  EXPECT_EQ(parse_data_sets("train"), std::make_pair(true, false));
  EXPECT_EQ(parse_data_sets("test"), std::make_pair(false, true));
  EXPECT_EQ(parse_data_sets("both"), std::make_pair(true, true));
  try {
    parse_data_sets("all");
    FAIL();
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "data");
  }
}
