#pragma once
// The row loop every quantizer shares: size the result from its header fields, then run a
// row quantizer (one per thread, it owns scratch buffers) over all rows in parallel.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "quantizer.hpp"
#include "row_parallel.hpp"

namespace fineq {

// A result for a rows x cols matrix of that name and encoding; the quantizer sets the other
// header fields before calling quantize_all_rows.
inline QuantizationResult start_result(const std::string& name, std::uint32_t rows,
                                       std::uint32_t cols, Encoding encoding) {
  QuantizationResult result;
  result.matrix.name = name;
  result.matrix.rows = rows;
  result.matrix.cols = cols;
  result.matrix.encoding = encoding;
  return result;
}

// `result.matrix` must have its header fields (shape, encoding, bits, group_size) set.
// make_row_quantizer() returns an object with
//   double quantize_row(const float* w_row, std::uint16_t* scales_row, std::uint8_t* payload_row)
// that returns the row's squared error as its search measured it.
template <class MakeRowQuantizer>
void quantize_all_rows(const float* w, unsigned threads, MakeRowQuantizer&& make_row_quantizer,
                       QuantizationResult& result) {
  QuantizedMatrix& m = result.matrix;
  const std::uint32_t groups = m.groups_per_row();
  const std::uint32_t row_bytes = m.row_bytes();
  m.scales.assign(static_cast<std::size_t>(m.rows) * groups, 0);
  m.payload.assign(static_cast<std::size_t>(m.rows) * row_bytes, 0);
  result.row_squared_error.assign(m.rows, 0.0);
  for_each_row_range(m.rows, threads, [&](std::uint32_t first, std::uint32_t last) {
    auto quantizer = make_row_quantizer();
    for (std::uint32_t row = first; row < last; ++row) {
      result.row_squared_error[row] =
          quantizer.quantize_row(w + static_cast<std::size_t>(row) * m.cols,
                                 m.scales.data() + static_cast<std::size_t>(row) * groups,
                                 m.payload.data() + static_cast<std::size_t>(row) * row_bytes);
    }
  });
}

// Quantizers whose codes are not chosen to minimize ||w - q|| (error feedback) report each
// row's squared error as the file holds it: measured on the dequantized matrix.
inline void measure_row_errors(const float* w, QuantizationResult& result) {
  const QuantizedMatrix& m = result.matrix;
  const std::vector<float> dequantized = m.dequantize();
  result.row_squared_error.assign(m.rows, 0.0);
  for (std::uint32_t row = 0; row < m.rows; ++row) {
    double error = 0.0;
    for (std::uint32_t k = 0; k < m.cols; ++k) {
      const std::size_t i = static_cast<std::size_t>(row) * m.cols + k;
      const double diff = static_cast<double>(w[i]) - dequantized[i];
      error += diff * diff;
    }
    result.row_squared_error[row] = error;
  }
}

}  // namespace fineq
