#pragma once
// GPTQ's lazy-batch error feedback (Frantar et al. 2022, algorithm 1) over a tile of rows,
// shared by the GPTQ quantizer (one column at a time) and FineQ with error feedback (one
// 3-column cluster at a time). Rows are independent, so tiles can run on separate threads.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "fp16.hpp"
#include "inverse_hessian_factor.hpp"
#include "quantized_matrix.hpp"

namespace fineq {

struct FeedbackLayout {
  std::uint32_t unit = 1;         // columns quantized together
  std::uint32_t block = 128;      // lazy batch: columns whose feedback is applied together
  std::uint32_t group_cols = 0;   // scale groups: start_group at each multiple (0 = none)
};

// Scales searched on fed-back weights must still fit FP16 (an ill-conditioned H can blow
// the weights up).
inline void require_finite_scale(float scale, std::uint64_t row, std::uint32_t first_col) {
  if (!std::isfinite(scale)) {
    throw std::invalid_argument("row " + std::to_string(row) + ", column " + std::to_string(first_col) +
                                ": error feedback drove the weights beyond the FP16 scale range; "
                                "raise --damping");
  }
}
// `segment` holds one scale per row of a tile starting at first_row.
inline void require_finite_scales(const QuantizedMatrix& segment, std::uint32_t first_row,
                                  std::uint32_t first_col) {
  for (std::size_t r = 0; r < segment.scales.size(); ++r) {
    require_finite_scale(half_to_float(segment.scales[r]), first_row + r, first_col);
  }
}

// dst -= z * src over n values (vectorizes).
inline void subtract_scaled(float* dst, const float* src, float z, std::uint32_t n) {
  for (std::uint32_t i = 0; i < n; ++i) dst[i] -= z * src[i];
}

// `tile` is tile_rows x cols, row-major, in the factor's column order; it is updated in
// place. The unit quantizer provides
//   void start_group(std::uint32_t first_col, std::uint32_t end_col)
//     called when a scale group begins, with the tile's columns of the group up to date;
//   void quantize_unit(std::uint32_t tile_row, std::uint32_t col, std::uint32_t count,
//                      float* w, float* z)
//     quantizes w[0..count) (columns col.., may update them for feedback inside the unit)
//     and writes z_j = (w_j - q_j) / U_jj as GPTQ defines it, after the unit's own feedback.
// The feedback of a unit reaches the rest of its block at once; that of a block reaches the
// columns after it when the block is done (the lazy batch).
template <class UnitQuantizer>
void run_error_feedback(float* tile, std::uint32_t tile_rows, std::uint32_t cols,
                        const InverseHessianFactor& factor, const FeedbackLayout& layout,
                        UnitQuantizer& quantizer) {
  const std::uint32_t unit = layout.unit;
  const std::uint32_t block = std::max(unit, layout.block / unit * unit);
  std::vector<float> z(static_cast<std::size_t>(tile_rows) * block);
  for (std::uint32_t first = 0; first < cols;) {
    std::uint32_t end = std::min(cols, first + block);
    if (layout.group_cols != 0) {
      if (first % layout.group_cols == 0) {
        quantizer.start_group(first, std::min(cols, first + layout.group_cols));
      }
      end = std::min(end, (first / layout.group_cols + 1) * layout.group_cols);
    }
    for (std::uint32_t col = first; col < end; col += unit) {
      const std::uint32_t count = std::min(unit, cols - col);
      for (std::uint32_t r = 0; r < tile_rows; ++r) {
        float* w = tile + static_cast<std::size_t>(r) * cols;
        float* zr = z.data() + static_cast<std::size_t>(r) * block + (col - first);
        quantizer.quantize_unit(r, col, count, w + col, zr);
        for (std::uint32_t j = 0; j < count && col + count < end; ++j) {
          if (zr[j] != 0.0f) {
            subtract_scaled(w + col + count, factor.row(col + j) + col + count, zr[j], end - col - count);
          }
        }
      }
    }
    if (end < cols) {
      for (std::uint32_t j = first; j < end; ++j) {
        const float* u = factor.row(j) + end;
        for (std::uint32_t r = 0; r < tile_rows; ++r) {
          const float zj = z[static_cast<std::size_t>(r) * block + (j - first)];
          if (zj != 0.0f) subtract_scaled(tile + static_cast<std::size_t>(r) * cols + end, u, zj, cols - end);
        }
      }
    }
    first = end;
  }
}

}  // namespace fineq
