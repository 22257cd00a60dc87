// schedule.cpp: learning rates at known epochs against their closed forms.
#include "landscape/nn/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "landscape/spec/error.hpp"

using landscape::nn::LearningRateSchedule;

TEST(Schedule, ConstantKeepsTheBaseRate) {
  const auto s = LearningRateSchedule::parse("constant");
  EXPECT_EQ(s.kind, LearningRateSchedule::Kind::Constant);
  for (int e : {0, 3, 99}) EXPECT_EQ(s.lr(0.05, e, 100), 0.05);
}

TEST(Schedule, CosineFallsFromTheBaseRateToZero) {
  const auto s = LearningRateSchedule::parse("cosine");
  EXPECT_DOUBLE_EQ(s.lr(0.4, 0, 10), 0.4);
  EXPECT_NEAR(s.lr(1.0, 5, 10), 0.5, 1e-15);                       // cos(pi/2) = 0
  EXPECT_NEAR(s.lr(1.0, 10, 10), 0.0, 1e-15);                      // cos(pi) = -1
  EXPECT_NEAR(s.lr(2.0, 2, 12), 1 + std::sqrt(3.0) / 2, 1e-15);    // cos(pi/6) = sqrt(3)/2
  EXPECT_NEAR(s.lr(1.0, 4, 6), 0.25, 1e-15);                       // cos(2 pi/3) = -1/2
  EXPECT_DOUBLE_EQ(s.lr(1.0, 0, 0), 1.0);                          // no epochs: no division by 0
}

TEST(Schedule, StepDecaysByGammaEveryEveryEpochs) {
  const auto s = LearningRateSchedule::parse("step:2:0.5");
  EXPECT_EQ(s.kind, LearningRateSchedule::Kind::Step);
  EXPECT_EQ(s.every, 2);
  EXPECT_EQ(s.gamma, 0.5);
  const double expected[] = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125};
  for (int e = 0; e < 7; ++e) EXPECT_EQ(s.lr(1.0, e, 10), expected[e]) << "epoch " << e;
  EXPECT_DOUBLE_EQ(LearningRateSchedule::parse("step:30:0.1").lr(0.1, 65, 90), 0.1 * 0.1 * 0.1);
}

TEST(Schedule, MilestonesDecayAtEachListedEpoch) {
  // Li et al. 2018: 0.1, divided by 10 at epochs 150, 225 and 275 (PyTorch's MultiStepLR: the
  // rate of 0-based epoch e has one factor per milestone <= e).
  const auto s = LearningRateSchedule::parse("milestones:150,225,275:0.1");
  EXPECT_EQ(s.kind, LearningRateSchedule::Kind::Milestones);
  EXPECT_EQ(s.milestones, (std::vector<int>{150, 225, 275}));
  EXPECT_EQ(s.lr(0.1, 0, 300), 0.1);
  EXPECT_EQ(s.lr(0.1, 149, 300), 0.1);
  EXPECT_DOUBLE_EQ(s.lr(0.1, 150, 300), 0.01);
  EXPECT_DOUBLE_EQ(s.lr(0.1, 224, 300), 0.01);
  EXPECT_DOUBLE_EQ(s.lr(0.1, 225, 300), 0.001);
  EXPECT_DOUBLE_EQ(s.lr(0.1, 275, 300), 0.0001);
  EXPECT_DOUBLE_EQ(s.lr(0.1, 299, 300), 0.0001);
  EXPECT_EQ(LearningRateSchedule::parse("milestones:2:0.5").lr(1.0, 2, 5), 0.5);
}

TEST(Schedule, MilestonesOutOfOrderAreRefusedWithThePair) {
  for (const char* bad : {"milestones:225,150:0.1", "milestones:3,3:0.1"}) {
    try {
      LearningRateSchedule::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const landscape::FieldError& e) {
      EXPECT_EQ(e.field(), "schedule");
      EXPECT_NE(e.rule().find("the milestones must increase"), std::string::npos) << e.rule();
    }
  }
}

TEST(Schedule, MalformedSchedulesNameTheField) {
  for (const char* bad : {"step:2", "step:x", "step:0:0.5", "step:2:0", "step:2:-1", "step:2:0.5x", "linear", "",
                          "milestones:", "milestones:150", "milestones::0.1", "milestones:0,5:0.1",
                          "milestones:5,x:0.1", "milestones:5:0", "milestones:5,:0.1", "milestones:5:0.1x"}) {
    try {
      LearningRateSchedule::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const landscape::FieldError& e) {
      EXPECT_EQ(e.field(), "schedule");
      EXPECT_EQ(e.rule(), "'" + std::string(bad) +
                              "': expected constant, cosine, step:EVERY:GAMMA (e.g. step:30:0.1) or "
                              "milestones:E1,E2,...:GAMMA (e.g. milestones:150,225,275:0.1)");
    }
  }
}
