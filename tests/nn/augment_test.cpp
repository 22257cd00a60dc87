// augment.cpp: a flip is its own inverse and mirrors columns; a crop at offset (pad, pad) is the
// identity and other offsets shift the image with zeros coming in; batches are a function of the
// seed alone; about half the images of a large batch are flipped; spellings are parsed or refused.
#include "test_support.hpp"
#include "augment.hpp"

#include <gtest/gtest.h>

#include <set>

#include "landscape/spec/error.hpp"
#include "landscape/spec/random.hpp"

using namespace landscape;
using namespace landscape::nn;

namespace {

// Image i, channel c, pixel (r, k) holds 1000 i + 100 c + 10 r + k + 1 (never 0).
torch::Tensor planted(std::int64_t n, std::int64_t channels = 3, std::int64_t size = 6) {
  auto x = torch::empty({n, channels, size, size}, torch::kFloat64);
  auto a = x.accessor<double, 4>();
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t c = 0; c < channels; ++c)
      for (std::int64_t r = 0; r < size; ++r)
        for (std::int64_t k = 0; k < size; ++k) a[i][c][r][k] = 1000.0 * i + 100.0 * c + 10.0 * r + k + 1;
  return x;
}

}  // namespace

TEST(Augment, AFlipIsItsOwnInverseAndMirrorsColumns) {
  const auto x = planted(2);
  const auto f = flip_horizontal(x);
  EXPECT_TRUE(torch::equal(flip_horizontal(f), x));
  EXPECT_EQ(f[1][2][3][0].item<double>(), 1000 + 200 + 30 + 5 + 1);  // column 0 <- column 5
  EXPECT_FALSE(torch::equal(f, x));
}

TEST(Augment, CropsAtThePaddingAreTheIdentityAndOthersShift) {
  const auto x = planted(2);
  EXPECT_TRUE(torch::equal(shifted_crops(x, 2, {2, 2}, {2, 2}), x));
  // Offset (dy, dx) = (0, 3) with pad 2: output (r, k) = input (r - 2, k + 1), zero outside.
  const auto s = shifted_crops(x, 2, {0, 0}, {3, 3});
  auto a = s.accessor<double, 4>();
  for (std::int64_t r = 0; r < 6; ++r)
    for (std::int64_t k = 0; k < 6; ++k) {
      const bool inside = r - 2 >= 0 && k + 1 < 6;
      EXPECT_EQ(a[1][1][r][k], inside ? 1000 + 100 + 10 * (r - 2) + (k + 1) + 1 : 0.0) << r << "," << k;
    }
}

// With per-channel normalization the padding is the value of a black pixel in each channel.
TEST(Augment, CropsPadWithTheFillOfEachChannel) {
  const auto x = planted(1, 2, 4);
  const auto s = shifted_crops(x, 1, {0}, {0}, {-0.5, -2.0});
  EXPECT_EQ(s[0][0][0][0].item<double>(), -0.5);  // row 0 comes from the padding
  EXPECT_EQ(s[0][1][0][3].item<double>(), -2.0);
  EXPECT_EQ(s[0][1][1][1].item<double>(), 100 + 0 + 0 + 1);  // (1, 1) <- input (0, 0)
  EXPECT_TRUE(torch::equal(shifted_crops(x, 1, {1}, {1}, {-0.5, -2.0}), x));
}

// The seeds of different batches and epochs give unrelated draws: batch b + 1's first draws are
// not batch b's shifted by one (SplitMix64 streams one golden-ratio step apart would be).
TEST(Augment, BatchSeedsGiveUnrelatedDraws) {
  std::set<std::uint64_t> seen;
  for (int epoch = 1; epoch <= 3; ++epoch)
    for (std::int64_t b = 0; b < 50; ++b) {
      SplitMix64 rng(augmentation_seed(7, epoch, b));
      for (int k = 0; k < 20; ++k) seen.insert(rng.next());
    }
  EXPECT_EQ(seen.size(), 3u * 50 * 20);
  EXPECT_EQ(augmentation_seed(7, 2, 5), augmentation_seed(7, 2, 5));
  EXPECT_NE(augmentation_seed(7, 2, 5), augmentation_seed(8, 2, 5));
}

TEST(Augment, BatchesAreAFunctionOfTheSeedAndAboutHalfAreFlipped) {
  const auto x = planted(400, 1, 4);
  Augmentation flip;
  flip.flip = true;
  const auto a = augment_batch(x, flip, 7), b = augment_batch(x, flip, 7), c = augment_batch(x, flip, 8);
  EXPECT_TRUE(torch::equal(a, b));
  EXPECT_FALSE(torch::equal(a, c));
  std::int64_t flipped = 0;
  for (std::int64_t i = 0; i < 400; ++i) {
    const bool same = torch::equal(a[i], x[i]), mirrored = torch::equal(a[i], flip_horizontal(x).select(0, i));
    EXPECT_TRUE(same != mirrored) << i;
    flipped += mirrored;
  }
  EXPECT_GT(flipped, 140);  // binomial(400, 1/2): mean 200, sd 10
  EXPECT_LT(flipped, 260);
  EXPECT_EQ(x[0][0][0][0].item<double>(), 1);  // the input is left as it is
  // crop,flip: every output image is a shifted copy of its input, mirrored or not.
  const auto both = augment_batch(x, Augmentation::parse("crop,flip"), 3);
  EXPECT_EQ(both.sizes(), x.sizes());
  EXPECT_FALSE(torch::equal(both, x));
  EXPECT_THROW(augment_batch(torch::zeros({4, 6}), flip, 1), InputError);
}

TEST(Augment, SpellingsAndTheirErrors) {
  EXPECT_EQ(Augmentation::parse("flip,crop").spelling(), "crop,flip");
  EXPECT_EQ(Augmentation::parse("crop").spelling(), "crop");
  EXPECT_FALSE(Augmentation::parse("").any());
  EXPECT_FALSE(Augmentation::parse("none").any());
  for (const auto& [bad, rule] : std::vector<std::pair<std::string, std::string>>{
           {"rotate", "'rotate': unknown augmentation 'rotate' (expected crop, flip or crop,flip)"},
           {"crop,crop", "'crop,crop': 'crop' is listed twice (expected crop, flip or crop,flip)"},
           {"crop,", "'crop,': unknown augmentation '' (expected crop, flip or crop,flip)"}}) {
    try {
      Augmentation::parse(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const FieldError& e) {
      EXPECT_EQ(e.field(), "augment");
      EXPECT_EQ(e.rule(), rule);
    }
  }
}
