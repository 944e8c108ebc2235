#pragma once
// IEEE 754 binary16 conversion. Scales are stored as FP16 (FINEQ-SPEC section 2), and
// the quantizer picks codes with the FP16-rounded scale, so both directions must be exact.
#include <cstdint>

namespace fineq {

// Round-to-nearest-even; values beyond the FP16 range become +-infinity.
std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t half);

// The value a float takes after a round trip through FP16.
inline float round_to_half(float value) { return half_to_float(float_to_half(value)); }

}  // namespace fineq
