// The branch-free rounding of the quantizers' hot loops equals the spec's clamp(std::round(y))
// exactly, and the general codebook rounding picks the nearest value with the documented ties.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "quantizer_oracle.hpp"
#include "value_rounding.hpp"

using namespace fineq;

namespace {
// Values that stress rounding: every multiple of 1/64 in [-20, 20], each half-integer and its
// float neighbours, and random floats of all magnitudes (including beyond the int range).
std::vector<float> probe_values() {
  std::vector<float> values;
  for (int i = -20 * 64; i <= 20 * 64; ++i) values.push_back(static_cast<float>(i) / 64.0f);
  for (int i = -41; i <= 41; ++i) {
    const float half = 0.5f * static_cast<float>(i);
    values.push_back(std::nextafter(half, -HUGE_VALF));
    values.push_back(std::nextafter(half, HUGE_VALF));
  }
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-9.0f, 9.0f);
  std::uniform_int_distribution<int> exponent(-30, 40);
  for (int i = 0; i < 20000; ++i) values.push_back(uniform(rng));
  for (int i = 0; i < 2000; ++i) values.push_back(std::ldexp(uniform(rng), exponent(rng)));
  values.push_back(-0.0f);
  values.push_back(3e38f);
  values.push_back(-3e38f);
  return values;
}
}  // namespace

TEST(QuantizerRounding, RoundHalfAwayClampedEqualsStdRound) {
  const std::vector<std::pair<int, int>> ranges = {{-2, 1}, {-4, 3}, {-8, 7}, {-128, 127}, {1, 4}};
  for (const auto& [lo, hi] : ranges) {
    for (float y : probe_values()) {
      const float expected = std::min<float>(std::max<float>(std::round(y), lo), hi);
      ASSERT_EQ(round_half_away_clamped(y, static_cast<float>(lo), static_cast<float>(hi)), expected)
          << "y=" << y << " range " << lo << ".." << hi;
    }
  }
}

TEST(QuantizerRounding, HalfIntegersGoAwayFromZero) {
  EXPECT_EQ(round_half_away_clamped(0.5f, -4, 3), 1.0f);
  EXPECT_EQ(round_half_away_clamped(-0.5f, -4, 3), -1.0f);
  EXPECT_EQ(round_half_away_clamped(2.5f, -4, 3), 3.0f);
  EXPECT_EQ(round_half_away_clamped(-2.5f, -4, 3), -3.0f);
  EXPECT_EQ(round_half_away_clamped(1.5f, -2, 1), 1.0f);    // 2, clamped
  EXPECT_EQ(round_half_away_clamped(-1.5f, -2, 1), -2.0f);
  EXPECT_EQ(round_half_away_clamped(std::nextafter(0.5f, 0.0f), -2, 1), 0.0f);
}

TEST(QuantizerRounding, GeneralPathMatchesContiguousPathForDefaultCodebook) {
  const Codebook book = Codebook::default_codebook();
  const LevelSet<4> normal(book.normal_ascending());
  const LevelSet<8> outlier(book.outlier_ascending());
  ASSERT_TRUE(normal.contiguous());
  ASSERT_TRUE(outlier.contiguous());
  for (float y : probe_values()) {
    ASSERT_EQ(normal.nearest<false>(y), normal.nearest<true>(y)) << y;
    ASSERT_EQ(outlier.nearest<false>(y), outlier.nearest<true>(y)) << y;
  }
}

TEST(QuantizerRounding, GeneralPathIsNearestValueWithDocumentedTies) {
  std::vector<std::vector<int>> normals = {{-2, -1, 1, 2}, {-3, -1, 0, 5}, {-1, 0, 1, 2}};
  std::vector<std::vector<int>> outliers = {{-4, -3, -2, -1, 1, 2, 3, 4}, {-9, -5, -2, 0, 1, 2, 6, 7}};
  for (const auto& values : normals) {
    const LevelSet<4> levels(values);
    for (float y : probe_values()) {
      ASSERT_EQ(levels.nearest<false>(y), static_cast<float>(oracle::nearest(y, values))) << y;
    }
  }
  for (const auto& values : outliers) {
    const LevelSet<8> levels(values);
    EXPECT_FALSE(levels.contiguous());
    for (float y : probe_values()) {
      ASSERT_EQ(levels.nearest<false>(y), static_cast<float>(oracle::nearest(y, values))) << y;
    }
  }
  // By hand: 0 is equally far from -1 and 1 -> the positive one; 1.5 between 1 and 2 -> 2;
  // -1.5 -> -2 (larger magnitude).
  const LevelSet<4> symmetric({-2, -1, 1, 2});
  EXPECT_EQ(symmetric.nearest<false>(0.0f), 1.0f);
  EXPECT_EQ(symmetric.nearest<false>(-0.0f), 1.0f);
  EXPECT_EQ(symmetric.nearest<false>(1.5f), 2.0f);
  EXPECT_EQ(symmetric.nearest<false>(-1.5f), -2.0f);
  EXPECT_EQ(symmetric.nearest<false>(-0.01f), -1.0f);
}
