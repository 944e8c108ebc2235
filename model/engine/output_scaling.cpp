#include "output_scaling.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

#include "fp16.hpp"

namespace fineq {

void scale_into_y(const OutputScaling& stage) {
  if (stage.channels > kMaxOutputChannels) {
    throw std::invalid_argument("output stage: " + std::to_string(stage.channels) +
                                " channels, at most " + std::to_string(kMaxOutputChannels));
  }
  float weight_scales[kMaxOutputChannels];
  for (std::uint32_t c = 0; c < stage.channels; ++c) {
    std::uint16_t half = 0;
    std::memcpy(&half, stage.fp16_weight_scales + 2 * c, 2);
    weight_scales[c] = half_to_float(half);
  }
  for (std::uint32_t m = 0; m < stage.rows; ++m) {
    const float activation_scale = stage.activation_scales[m];
    const std::int32_t* sums = stage.sums + m * stage.sum_stride;
    std::uint8_t* y_row = stage.y + m * stage.y_stride;
    for (std::uint32_t c = 0; c < stage.channels; ++c) {
      // Exactly the golden order (FINEQ-SPEC section 4): the first group assigns, the later
      // groups add in group order.
      float value = static_cast<float>(sums[c]) * (weight_scales[c] * activation_scale);
      if (!stage.first_group) {
        float previous = 0.0f;
        std::memcpy(&previous, y_row + 4 * c, 4);
        value = previous + value;
      }
      std::memcpy(y_row + 4 * c, &value, 4);
    }
  }
}

}  // namespace fineq
