#pragma once
// The output stage's arithmetic (FINEQ-SPEC section 4): at the end of a scale group, each
// INT32 column sum becomes float(acc) * (float(scale_w) * scale_x); the first group assigns
// it to Y, later groups add it to Y in group order. Plain C++: the array module calls it on
// its accumulator registers and the output buffer's bytes.
#include <cstddef>
#include <cstdint>

namespace fineq {

struct OutputScaling {
  std::uint32_t rows = 0;  // waves of the m-chunk
  std::uint32_t channels = 0;
  const std::int32_t* sums = nullptr;  // rows x channels, sum_stride apart
  std::size_t sum_stride = 0;
  const std::uint8_t* fp16_weight_scales = nullptr;  // one per channel
  const float* activation_scales = nullptr;          // one per row
  bool first_group = true;  // assign (first group) or add to the Y already there
  std::uint8_t* y = nullptr;  // FP32 Y, rows of channels values, y_stride bytes apart
  std::size_t y_stride = 0;
};

// AcceleratorConfig::validate() caps C at this.
constexpr std::uint32_t kMaxOutputChannels = 4096;

// Throws std::invalid_argument for more than kMaxOutputChannels channels.
void scale_into_y(const OutputScaling& stage);

}  // namespace fineq
