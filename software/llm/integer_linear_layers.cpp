#include "integer_linear_layers.hpp"

#include <algorithm>
#include <stdexcept>

#include "fp16.hpp"
#include "golden.hpp"

namespace fineq {

IntegerLinearLayers::IntegerLinearLayers(const QuantizedModel& model) {
  for (const QuantizedMatrix& matrix : model.matrices) {
    if (matrix.encoding == Encoding::BinaryWithFp16) {  // scattered FP16 weights: no side path
      throw std::invalid_argument("tensor '" + matrix.name +
                                  "' keeps FP16 weights, which the integer datapath cannot run");
    }
    DecodedMatrix decoded;
    decoded.rows = matrix.rows;
    decoded.cols = matrix.cols;
    decoded.group_size = matrix.group_size;
    decoded.weights = matrix.decode_all();
    for (std::uint32_t r = 0; r < matrix.rows; ++r) {
      for (std::uint32_t g = 0; g < matrix.groups_per_row(); ++g) decoded.scales.push_back(matrix.scale(r, g));
    }
    decoded.fp16_columns = matrix.fp16_columns;
    for (std::uint16_t half : matrix.fp16_values) decoded.fp16_values.push_back(half_to_float(half));
    matrices_.push_back(std::move(decoded));
  }
}

void IntegerLinearLayers::apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                                float* y) {
  const DecodedMatrix& w = matrices_.at(linear_index(layer, kind));
  const std::vector<float> input(x, x + static_cast<std::size_t>(m) * w.cols);
  const std::vector<float> out =
      golden_gemm_decoded(quantize_activations(input, m, w.cols), w.weights, w.rows, w.group_size, w.scales);
  std::copy(out.begin(), out.end(), y);
  const std::size_t columns = w.fp16_columns.size();
  for (std::uint32_t i = 0; i < m && columns != 0; ++i) {
    for (std::uint32_t n = 0; n < w.rows; ++n) {
      float side = 0.0f;
      for (std::size_t c = 0; c < columns; ++c) {
        side += input[static_cast<std::size_t>(i) * w.cols + w.fp16_columns[c]] * w.fp16_values[n * columns + c];
      }
      y[static_cast<std::size_t>(i) * w.rows + n] += side;
    }
  }
}

}  // namespace fineq
