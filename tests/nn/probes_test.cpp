// Probes on a small trained run: the structured MLP evaluation against the direct one, the
// centre of a surface against the model's own loss, filter normalization against its definition.
#include "landscape/nn/probes.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>

#include "landscape/nn/training.hpp"
#include "landscape/spec/error.hpp"

using namespace landscape::nn;
namespace fs = std::filesystem;

namespace {
// One run per test process, in float64 so the two evaluations can be compared tightly.
const std::string& run_dir() {
  static const std::string dir = [] {
    const std::string d = ::testing::TempDir() + "landscape_probe_" + std::to_string(::getpid());
    fs::remove_all(d);
    TrainConfig c;
    c.model = "mlp";
    c.arch = "6,10,8,3";
    c.activation = "softplus";
    c.dataset = "synthetic:d=6,n=300,test=100,teacher=8,classes=3,seed=2";
    c.epochs = 3;
    c.lr = 0.05;
    c.dtype = "float64";
    c.threads = 1;
    c.out_dir = d;
    train(c, nullptr);
    return d;
  }();
  return dir;
}
}  // namespace

TEST(Probe, StructuredEvaluationEqualsTheDirectOne) {
  Probe probe(run_dir(), "final", "cpu", 1);
  const auto w0 = probe.parameters();
  const auto u = probe.random_direction(1, DirectionNorm::Filter, true);
  const auto v = probe.random_direction(2, DirectionNorm::Layer, false);
  const std::vector<std::array<double, 2>> ab = {{0, 0}, {0.5, -0.25}, {-1, 1}, {2, 0.1}};
  const auto fast = probe.evaluate(w0, u, &v, ab, true, true, true);
  const auto direct = probe.evaluate(w0, u, &v, ab, true, true, false);
  for (std::size_t p = 0; p < ab.size(); ++p) {
    EXPECT_NEAR(fast[p].train_loss, direct[p].train_loss, 1e-12 * std::max(1.0, direct[p].train_loss)) << p;
    EXPECT_NEAR(fast[p].test_loss, direct[p].test_loss, 1e-12 * std::max(1.0, direct[p].test_loss)) << p;
    EXPECT_DOUBLE_EQ(fast[p].train_acc, direct[p].train_acc) << p;
  }
  // The centre is the model itself.
  const auto own = probe.evaluate_at(w0, nullptr, true, true);
  EXPECT_NEAR(fast[0].train_loss, own.train_loss, 1e-14);
  EXPECT_DOUBLE_EQ(direct[0].train_loss, own.train_loss);
  // Points away from the centre differ from it.
  EXPECT_GT(std::abs(fast[2].train_loss - own.train_loss), 1e-3);
}

TEST(Probe, FilterNormalizedDirectionsHaveTheWeightsNorms) {
  Probe probe(run_dir(), "final", "cpu", 1);
  const auto w = probe.parameters();
  const auto d = probe.random_direction(7, DirectionNorm::Filter, true);
  const auto layer = probe.random_direction(7, DirectionNorm::Layer, false);
  for (const auto& l : probe.layers()) {
    if (l.shape.size() == 1) {
      for (std::int64_t k = 0; k < l.size(); ++k) {
        EXPECT_EQ(d[l.offset + k], 0.0) << l.name;               // ignore biasbn: zero
        EXPECT_EQ(layer[l.offset + k], w[l.offset + k]) << l.name;  // otherwise the weights
      }
      continue;
    }
    double wn = 0, ln = 0;
    for (std::int64_t r = 0; r < l.shape[0]; ++r) {
      double a = 0, b = 0;
      for (std::int64_t c = 0; c < l.shape[1]; ++c) {
        const auto k = l.offset + r * l.shape[1] + c;
        a += w[k] * w[k];
        b += d[k] * d[k];
        ln += layer[k] * layer[k];
      }
      wn += a;
      EXPECT_NEAR(std::sqrt(b), std::sqrt(a), 1e-9 * std::sqrt(a)) << l.name << " row " << r;
    }
    EXPECT_NEAR(std::sqrt(ln), std::sqrt(wn), 1e-9 * std::sqrt(wn)) << l.name;
  }
  // Seeded: the same direction twice.
  EXPECT_EQ(probe.random_direction(7, DirectionNorm::Filter, true), d);
}

TEST(Probe, CheckpointsComeFromTheTrajectory) {
  Probe first(run_dir(), "0", "cpu", 1), last(run_dir(), "3", "cpu", 1), final(run_dir(), "final", "cpu", 1);
  const auto t = run_trajectory(run_dir());
  EXPECT_EQ(first.parameters(), t.parameters.front());
  EXPECT_EQ(last.parameters(), final.parameters());
  EXPECT_THROW(Probe(run_dir(), "17", "cpu", 1), landscape::InputError);
  EXPECT_THROW(Probe(run_dir() + "/nowhere", "final", "cpu", 1), landscape::InputError);
}

TEST(Probe, BadNamesGiveTheirField) {
  EXPECT_EQ(parse_direction_norm("filter"), DirectionNorm::Filter);
  EXPECT_EQ(parse_direction_norm("none"), DirectionNorm::None);
  try {
    parse_direction_norm("row");
    FAIL() << "no error";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "directions");
    EXPECT_EQ(e.rule(), "'row': expected filter, layer or none");
  }
  try {
    Probe(run_dir() + "/nowhere", "final", "cpu", 1);
    FAIL() << "no error";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "run_dir");
  }
  EXPECT_THROW(Probe(run_dir(), "final", "tpu", 1), landscape::FieldError);
}
