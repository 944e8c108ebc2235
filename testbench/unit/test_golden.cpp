// Golden reference: activation quantization and the integer GEMM against hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "golden.hpp"

using namespace fineq;

TEST(Golden, ActivationQuantizationFollowsTheContract) {
  const Int8Activations q = quantize_activations({1.0f, -0.5f, 0.25f, 0.0f, 0.0f, 0.0f}, 2, 3);
  EXPECT_FLOAT_EQ(q.scales[0], 1.0f / 127.0f);
  EXPECT_EQ(q.values[0], 127);
  EXPECT_EQ(q.values[1], -64);  // -63.5 rounds half away from zero
  EXPECT_EQ(q.values[2], 32);   // 31.75
  EXPECT_EQ(q.scales[1], 0.0f);
  EXPECT_EQ(q.values[3], 0);
  EXPECT_THROW(quantize_activations({1.0f}, 1, 2), std::invalid_argument);
  EXPECT_THROW(quantize_activations({NAN, 1.0f}, 1, 2), std::invalid_argument);
}

// Ties that tell round-half-away-from-zero from round-half-to-even. A row whose largest
// magnitude is 127 has scale 127 / 127 = 1 exactly, so x / scale is x itself; 254 gives
// scale 2. Expected codes by hand: half away from zero rounds 0.5 -> 1, 2.5 -> 3, -2.5 -> -3,
// -0.5 -> -1, 1.5 -> 2 (half-to-even would give 0, 2, -2, 0, 2).
TEST(Golden, ActivationTiesRoundHalfAwayFromZero) {
  const Int8Activations q = quantize_activations(
      {127.0f, 0.5f, 2.5f, -2.5f, -0.5f, 1.5f,     // scale 1
       -254.0f, 5.0f, -1.0f, 3.0f, 0.0f, -7.0f},   // scale 2: 2.5, -0.5, 1.5, 0, -3.5
      2, 6);
  EXPECT_EQ(q.scales[0], 1.0f);
  EXPECT_EQ(q.scales[1], 2.0f);
  EXPECT_EQ(q.values, (std::vector<std::int8_t>{127, 1, 3, -3, -1, 2,  //
                                                -127, 3, -1, 2, 0, -4}));
}

TEST(Golden, IntegerGemmByHand) {
  Int8Activations x;
  x.rows = 1;
  x.cols = 4;
  x.values = {1, 2, 3, 4};
  x.scales = {0.5f};
  // Two output channels, group size 2 for the second case.
  const std::vector<std::int8_t> w = {1, -1, 2, 0,   // acc = 1 - 2 + 6 + 0 = 5
                                      -4, 3, 1, 1};  // acc = -4 + 6 + 3 + 4 = 9
  const auto y = golden_gemm_decoded(x, w, 2, 0, {2.0f, 0.25f});
  EXPECT_EQ(y[0], 5.0f * (2.0f * 0.5f));
  EXPECT_EQ(y[1], 9.0f * (0.25f * 0.5f));
  // Groups of 2: row 0 partial sums -1 and 6.
  const auto yg = golden_gemm_decoded(x, w, 2, 2, {2.0f, 4.0f, 1.0f, 1.0f});
  EXPECT_EQ(yg[0], -1.0f * (2.0f * 0.5f) + 6.0f * (4.0f * 0.5f));
  EXPECT_EQ(yg[1], 2.0f * (1.0f * 0.5f) + 7.0f * (1.0f * 0.5f));
}

TEST(Golden, DetectsInt32Overflow) {
  EXPECT_FALSE(accumulation_may_overflow(4096, 127));
  EXPECT_TRUE(accumulation_may_overflow(200000, 127));
  // Both sides of the thresholds, by hand: K x 128 x |w| > 2^31 - 1 = 2147483647.
  // |w| = 128: 131071 x 16384 = 2147467264 fits, 131072 x 16384 = 2^31 does not.
  EXPECT_FALSE(accumulation_may_overflow(131071, 128));
  EXPECT_TRUE(accumulation_may_overflow(131072, 128));
  // |w| = 127: 132104 x 16256 = 2147482624 fits, 132105 x 16256 = 2147498880 does not.
  EXPECT_FALSE(accumulation_may_overflow(132104, 127));
  EXPECT_TRUE(accumulation_may_overflow(132105, 127));
  const std::uint32_t k = 140000;
  Int8Activations x;
  x.rows = 1;
  x.cols = k;
  x.values.assign(k, 127);
  x.scales = {1.0f};
  const std::vector<std::int8_t> w(k, 127);
  EXPECT_THROW(golden_gemm_decoded(x, w, 1, 0, {1.0f}), std::overflow_error);
}

// The guarded sum itself at 2^31: all -128 x -128 over K = 131072 reaches 2^31 exactly and is
// refused; over K = 131071 it is 2147467264 and exact.
TEST(Golden, Int32GuardAtTheBoundary) {
  for (const std::uint32_t k : {131071u, 131072u}) {
    Int8Activations x;
    x.rows = 1;
    x.cols = k;
    x.values.assign(k, -128);
    x.scales = {1.0f};
    const std::vector<std::int8_t> w(k, -128);
    if (k == 131072u) {
      EXPECT_THROW(golden_gemm_decoded(x, w, 1, 0, {1.0f}), std::overflow_error);
    } else {
      EXPECT_EQ(golden_gemm_decoded(x, w, 1, 0, {1.0f}), std::vector<float>{2147467264.0f});
    }
  }
}

// The FP32 reference by hand (a mutant that skipped its first row survived without this).
TEST(Golden, ReferenceGemmFp32ByHand) {
  const std::vector<float> x = {1, 2, 3,   // M = 2, K = 3
                                4, 5, 6};
  const std::vector<float> w = {1, 0, -1,  // N = 2
                                0.5f, 0.5f, 0.5f};
  EXPECT_EQ(reference_gemm_fp32(x, 2, 3, w, 2), (std::vector<float>{-2, 3, -2, 7.5f}));
}
