#include "owq_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fp16.hpp"
#include "rtn_quantizer.hpp"

namespace fineq {

std::uint32_t fp16_column_count(double fraction, std::uint32_t cols) {
  return static_cast<std::uint32_t>(std::min<double>(cols, std::llround(fraction * cols)));
}

std::vector<double> rtn_column_sensitivity(std::uint32_t rows, std::uint32_t cols, const float* w,
                                           const QuantizerConfig& config) {
  const std::vector<float> dequantized = quantize_rtn("", rows, cols, w, config).matrix.dequantize();
  std::vector<double> sensitivity(cols, 0.0);
  for (std::size_t i = 0; i < dequantized.size(); ++i) {
    const double diff = static_cast<double>(w[i]) - dequantized[i];
    sensitivity[i % cols] += diff * diff;
  }
  return sensitivity;
}

QuantizationResult quantize_owq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                const float* w, const QuantizerConfig& config) {
  // The most sensitive columns, ties to the lower index; stored ascending.
  const std::vector<double> sensitivity = rtn_column_sensitivity(rows, cols, w, config);
  std::vector<std::uint32_t> order(cols);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return sensitivity[a] > sensitivity[b]; });
  std::vector<std::uint32_t> kept(order.begin(), order.begin() + fp16_column_count(config.fp16_column_fraction, cols));
  std::sort(kept.begin(), kept.end());

  // Zeroed columns get code 0 and no longer influence the scales.
  std::vector<float> rest(w, w + static_cast<std::size_t>(rows) * cols);
  for (std::uint32_t row = 0; row < rows; ++row) {
    for (std::uint32_t col : kept) rest[static_cast<std::size_t>(row) * cols + col] = 0.0f;
  }
  QuantizationResult result = quantize_rtn(name, rows, cols, rest.data(), config);
  QuantizedMatrix& m = result.matrix;
  m.encoding = Encoding::IntBWithFp16Cols;
  m.fp16_columns = kept;
  m.fp16_values.reserve(static_cast<std::size_t>(rows) * kept.size());
  for (std::uint32_t row = 0; row < rows; ++row) {
    for (std::uint32_t col : kept) {
      const float value = w[static_cast<std::size_t>(row) * cols + col];
      const std::uint16_t half = float_to_half(value);
      const float diff = value - half_to_float(half);
      m.fp16_values.push_back(half);
      result.row_squared_error[row] += static_cast<double>(diff) * diff;
    }
  }
  return result;
}

}  // namespace fineq
