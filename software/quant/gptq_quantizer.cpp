#include "gptq_quantizer.hpp"

#include <cmath>

#include "error_feedback.hpp"
#include "fp16.hpp"
#include "row_parallel.hpp"
#include "row_quantization.hpp"
#include "rtn_quantizer.hpp"
#include "scale_search.hpp"
#include "value_rounding.hpp"

namespace fineq {

namespace {

// The RTN config whose clipping-ratio search gives GPTQ's scales.
QuantizerConfig rtn_config(const QuantizerConfig& config, std::uint32_t group) {
  QuantizerConfig rtn = config;
  rtn.method = QuantMethod::Rtn;
  rtn.group = group;
  rtn.threads = 1;
  rtn.act_order = false;
  return rtn;
}

// One tile of rows: chooses codes column by column; holds the tile's scales.
class GptqUnitQuantizer {
 public:
  GptqUnitQuantizer(const QuantizerConfig& config, const InverseHessianFactor& factor,
                    const std::vector<std::uint32_t>& order, const float* tile,
                    std::uint32_t first_row, std::uint32_t tile_rows, QuantizedMatrix& out,
                    std::vector<std::int8_t>& codes)
      : config_(config), factor_(factor), order_(order), tile_(tile), first_row_(first_row),
        tile_rows_(tile_rows), out_(out), codes_(codes),
        lowest_(-std::ldexp(1.0f, static_cast<int>(config.bits) - 1)), highest_(-lowest_ - 1.0f) {}

  // Lazy groups only (no act-order): the group's scales from its current weights.
  void start_group(std::uint32_t first_col, std::uint32_t end_col) {
    const std::uint32_t width = end_col - first_col;
    std::vector<float> segment(static_cast<std::size_t>(tile_rows_) * width);
    for (std::uint32_t r = 0; r < tile_rows_; ++r) {
      const float* row = tile_ + static_cast<std::size_t>(r) * out_.cols + first_col;
      std::copy(row, row + width, segment.begin() + static_cast<std::ptrdiff_t>(r) * width);
    }
    const QuantizedMatrix scales =
        quantize_rtn("", tile_rows_, width, segment.data(), rtn_config(config_, 0)).matrix;
    const std::uint32_t group = out_.group_of(first_col);
    require_finite_scales(scales, first_row_, first_col);
    for (std::uint32_t r = 0; r < tile_rows_; ++r) {
      out_.scales[static_cast<std::size_t>(first_row_ + r) * out_.groups_per_row() + group] = scales.scales[r];
    }
  }

  void quantize_unit(std::uint32_t tile_row, std::uint32_t col, std::uint32_t /*count*/, float* w, float* z) {
    const std::uint32_t row = first_row_ + tile_row;
    const std::uint32_t original = order_.empty() ? col : order_[col];
    const float scale = out_.scale(row, out_.group_of(original));
    const float code = round_half_away_clamped(w[0] / divisor_for(scale), lowest_, highest_);
    codes_[static_cast<std::size_t>(row) * out_.cols + original] = static_cast<std::int8_t>(code);
    z[0] = (w[0] - code * scale) / factor_.at(col, col);
  }

 private:
  const QuantizerConfig& config_;
  const InverseHessianFactor& factor_;
  const std::vector<std::uint32_t>& order_;
  const float* tile_;
  std::uint32_t first_row_;
  std::uint32_t tile_rows_;
  QuantizedMatrix& out_;
  std::vector<std::int8_t>& codes_;
  float lowest_;
  float highest_;
};

}  // namespace

QuantizationResult quantize_gptq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                 const float* w, const QuantizerConfig& config,
                                 const LayerHessian& hessian) {
  const std::vector<std::uint32_t> order = config.act_order ? act_order(hessian) : std::vector<std::uint32_t>{};
  const InverseHessianFactor factor(hessian, config.damping, order, "matrix '" + name + "'");
  const bool lazy_groups = config.group != 0 && !config.act_order;
  // Per row, and static groups with act-order: RTN's scales of the original weights. Lazy
  // groups overwrite theirs as quantization reaches them (the first one stays the same).
  QuantizationResult result = quantize_rtn(name, rows, cols, w, rtn_config(config, config.group));
  QuantizedMatrix& m = result.matrix;
  std::vector<std::int8_t> codes(static_cast<std::size_t>(rows) * cols);
  FeedbackLayout layout;
  layout.unit = 1;
  layout.block = config.block_size;
  layout.group_cols = lazy_groups ? config.group : 0;
  for_each_row_range(rows, config.threads, [&](std::uint32_t first, std::uint32_t last) {
    const std::uint32_t tile_rows = last - first;
    std::vector<float> tile(static_cast<std::size_t>(tile_rows) * cols);
    for (std::uint32_t r = 0; r < tile_rows; ++r) {
      for (std::uint32_t k = 0; k < cols; ++k) {
        tile[static_cast<std::size_t>(r) * cols + k] =
            w[static_cast<std::size_t>(first + r) * cols + (order.empty() ? k : order[k])];
      }
    }
    GptqUnitQuantizer quantizer(config, factor, order, tile.data(), first, tile_rows, m, codes);
    run_error_feedback(tile.data(), tile_rows, cols, factor, layout, quantizer);
    for (std::uint32_t row = first; row < last; ++row) {
      pack_intb_row(codes.data() + static_cast<std::size_t>(row) * cols, cols, m.bits,
                    m.payload.data() + static_cast<std::size_t>(row) * m.row_bytes());
    }
  });
  measure_row_errors(w, result);
  return result;
}

}  // namespace fineq
