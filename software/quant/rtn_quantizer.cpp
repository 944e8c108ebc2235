#include "rtn_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "fp16.hpp"
#include "row_quantization.hpp"
#include "scale_search.hpp"
#include "value_rounding.hpp"

namespace fineq {

namespace {

// Quantizes rows one at a time; holds one thread's scratch buffers.
class RtnRowQuantizer {
 public:
  RtnRowQuantizer(const QuantizerConfig& config, const QuantizedMatrix& shape)
      : config_(config),
        cols_(shape.cols),
        group_size_(shape.group_size == 0 ? shape.cols : shape.group_size),
        lowest_(-std::ldexp(1.0f, static_cast<int>(shape.bits) - 1)),
        highest_(-lowest_ - 1.0f),
        bits_(shape.bits),
        group_max_abs_(shape.groups_per_row()),
        error_(shape.cols),
        codes_(shape.cols) {}

  double quantize_row(const float* w, std::uint16_t* scales, std::uint8_t* bytes) {
    w_ = w;
    for (std::size_t g = 0; g < group_max_abs_.size(); ++g) {
      float largest = 0.0f;
      for (std::uint32_t k = first(g); k < end(g); ++k) largest = std::max(largest, std::fabs(w[k]));
      group_max_abs_[g] = largest;
    }
    search_group_scales(
        group_max_abs_, config_.clip_ratios, config_.largest_level(),
        [this](std::size_t g, float scale, float divisor) { return group_error(g, scale, divisor); },
        best_);
    double squared_error = 0.0;
    for (std::size_t g = 0; g < best_.size(); ++g) {
      scales[g] = float_to_half(best_[g].scale);
      const float divisor = divisor_for(best_[g].scale);
      for (std::uint32_t k = first(g); k < end(g); ++k) {
        codes_[k] = static_cast<std::int8_t>(code(w[k], divisor));
      }
      squared_error += best_[g].squared_error;
    }
    pack_intb_row(codes_.data(), cols_, bits_, bytes);
    return squared_error;
  }

 private:
  std::uint32_t first(std::size_t g) const { return static_cast<std::uint32_t>(g) * group_size_; }
  std::uint32_t end(std::size_t g) const { return std::min(cols_, first(g) + group_size_); }
  float code(float w, float divisor) const {
    return round_half_away_clamped(w / divisor, lowest_, highest_);
  }

  // The hot loop: every weight of the group at one candidate scale.
  float group_error(std::size_t g, float scale, float divisor) {
    const float* w = w_;
    float* error = error_.data();
    const std::uint32_t begin = first(g);
    const std::uint32_t stop = end(g);
    for (std::uint32_t k = begin; k < stop; ++k) {
      const float diff = w[k] - code(w[k], divisor) * scale;
      error[k] = diff * diff;
    }
    return blocked_sum(error + begin, stop - begin);
  }

  const QuantizerConfig& config_;
  std::uint32_t cols_;
  std::uint32_t group_size_;
  float lowest_;
  float highest_;
  unsigned bits_;
  const float* w_ = nullptr;
  std::vector<float> group_max_abs_;
  std::vector<float> error_;
  std::vector<std::int8_t> codes_;
  std::vector<ScaleChoice> best_;
};

}  // namespace

void pack_intb_row(const std::int8_t* codes, std::uint32_t count, unsigned bits, std::uint8_t* out) {
  const std::size_t bytes = (static_cast<std::size_t>(count) * bits + 7) / 8;
  std::memset(out, 0, bytes);
  const unsigned mask = (1u << bits) - 1;
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::size_t bit = static_cast<std::size_t>(k) * bits;
    const unsigned field = (static_cast<unsigned>(codes[k]) & mask) << (bit % 8);
    out[bit / 8] |= static_cast<std::uint8_t>(field);
    if (bit % 8 + bits > 8) out[bit / 8 + 1] |= static_cast<std::uint8_t>(field >> 8);
  }
}

QuantizationResult quantize_rtn(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                const float* w, const QuantizerConfig& config) {
  QuantizationResult result = start_result(name, rows, cols, Encoding::IntB);
  QuantizedMatrix& m = result.matrix;
  m.bits = static_cast<std::uint8_t>(config.bits);
  m.rule = ClusterRule::None;
  m.group_size = config.group_size_in_weights();
  quantize_all_rows(w, config.threads, [&] { return RtnRowQuantizer(config, m); }, result);
  return result;
}

}  // namespace fineq
