#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "fp16.hpp"

using namespace fineq;

TEST(Fp16, EveryFiniteHalfRoundTrips) {
  for (int h = 0; h < 0x10000; ++h) {
    const auto half = static_cast<std::uint16_t>(h);
    const float value = half_to_float(half);
    if (std::isnan(value)) continue;
    EXPECT_EQ(float_to_half(value), half) << std::hex << h;
  }
}

TEST(Fp16, KnownValues) {
  EXPECT_EQ(float_to_half(1.0f), 0x3C00);
  EXPECT_EQ(float_to_half(-2.0f), 0xC000);
  EXPECT_EQ(float_to_half(65504.0f), 0x7BFF);
  EXPECT_EQ(float_to_half(65520.0f), 0x7C00);  // rounds up to infinity
  EXPECT_EQ(float_to_half(5.9604645e-8f), 0x0001);  // smallest subnormal
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7C00);
}

TEST(Fp16, RoundsToNearestEven) {
  // Between 1 and the next half (1 + 2^-10): exact midpoint rounds to even (1.0).
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11) + std::ldexp(1.0f, -20)), 0x3C01);
  // Subnormal midpoint: 1.5 ulps rounds to 2 ulps, 0.5 ulp rounds to 0.
  EXPECT_EQ(float_to_half(1.5f * std::ldexp(1.0f, -24)), 0x0002);
  EXPECT_EQ(float_to_half(0.5f * std::ldexp(1.0f, -24)), 0x0000);
}
