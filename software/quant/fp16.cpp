#include "fp16.hpp"

#include <cstring>

namespace fineq {

namespace {
std::uint32_t bits_of(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
float float_of(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
}  // namespace

std::uint16_t float_to_half(float value) {
  const std::uint32_t u = bits_of(value);
  const std::uint16_t sign = static_cast<std::uint16_t>((u >> 16) & 0x8000u);
  const std::uint32_t abs = u & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) {  // inf or NaN
    return static_cast<std::uint16_t>(sign | 0x7C00u | (abs > 0x7F800000u ? 0x200u : 0u));
  }
  if (abs >= 0x477FF000u) return static_cast<std::uint16_t>(sign | 0x7C00u);  // rounds past 65504
  if (abs < 0x38800000u) {  // below the smallest normal half: subnormal or zero
    // Scale so that one half-subnormal ulp (2^-24) becomes 1, then round to nearest even.
    const float scaled = float_of(abs) * 16777216.0f;  // exact: power of two
    const std::uint32_t whole = static_cast<std::uint32_t>(scaled);
    const float rest = scaled - static_cast<float>(whole);
    std::uint32_t mant = whole;
    if (rest > 0.5f || (rest == 0.5f && (whole & 1u))) ++mant;
    return static_cast<std::uint16_t>(sign | mant);  // mant == 0x400 is the smallest normal
  }
  // Normal: rebias exponent, round the 13 dropped mantissa bits to nearest even.
  std::uint32_t half = ((abs >> 13) - ((127u - 15u) << 10));
  const std::uint32_t dropped = abs & 0x1FFFu;
  if (dropped > 0x1000u || (dropped == 0x1000u && (half & 1u))) ++half;
  return static_cast<std::uint16_t>(sign | half);
}

float half_to_float(std::uint16_t half) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
  const std::uint32_t exp = (half >> 10) & 0x1Fu;
  const std::uint32_t mant = half & 0x3FFu;
  if (exp == 0) {
    const float magnitude = static_cast<float>(mant) * (1.0f / 16777216.0f);  // exact
    return sign ? -magnitude : magnitude;
  }
  if (exp == 0x1F) return float_of(sign | 0x7F800000u | (mant << 13));
  return float_of(sign | ((exp + 127u - 15u) << 23) | (mant << 13));
}

}  // namespace fineq
