#include "landscape/experiments/validation.hpp"

#include <gtest/gtest.h>

using namespace landscape::experiments;

namespace {
struct Planted {
  int stages = 0;
  bool is_valid(std::string* error) const { return check_range("stages", stages, 1, 100, error); }
};
}  // namespace

TEST(Validation, MessagesNameTheFieldTheValueAndTheRule) {
  std::string error;
  EXPECT_TRUE(check_range("k", 5, 1, 10, &error));
  EXPECT_FALSE(check_range("k", 11, 1, 10, &error));
  EXPECT_EQ(error, "k 11: must be in 1..10");
  EXPECT_FALSE(check_non_negative("sigma", -0.5, &error));
  EXPECT_EQ(error, "sigma -0.5: must be a finite number >= 0");
  EXPECT_FALSE(check_positive("radius", 0.0, &error));
  EXPECT_EQ(error, "radius 0: must be a finite number > 0");
  EXPECT_FALSE(check_required("out_dir", "", &error));
  EXPECT_EQ(error, "out_dir is required");
  EXPECT_TRUE(check_required("out_dir", "x", nullptr));
}

TEST(Validation, ThrowIfInvalidGivesTheFieldToTheCaller) {
  try {
    throw_if_invalid(Planted{});
    FAIL() << "no FieldError";
  } catch (const landscape::FieldError& e) {
    EXPECT_EQ(e.field(), "stages");
    EXPECT_EQ(e.rule(), "0: must be in 1..100");
    EXPECT_STREQ(e.what(), "stages 0: must be in 1..100");
  }
  EXPECT_NO_THROW(throw_if_invalid(Planted{3}));
}
