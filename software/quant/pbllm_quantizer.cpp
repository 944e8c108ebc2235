#include "pbllm_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fp16.hpp"
#include "row_parallel.hpp"
#include "row_quantization.hpp"
#include "rtn_quantizer.hpp"

namespace fineq {

std::uint64_t salient_weight_count(double fraction, std::uint64_t weights) {
  return static_cast<std::uint64_t>(std::min<double>(static_cast<double>(weights),
                                                     std::llround(fraction * static_cast<double>(weights))));
}

QuantizationResult quantize_pbllm(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                  const float* w, const QuantizerConfig& config) {
  const std::size_t total = static_cast<std::size_t>(rows) * cols;
  // Salient: the largest |w| of the whole matrix (PB-LLM selects unstructured, per matrix);
  // ties to the lower index so the choice is reproducible.
  std::vector<std::size_t> order(total);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto salient_end = order.begin() + static_cast<std::ptrdiff_t>(salient_weight_count(config.salient_fraction, total));
  std::nth_element(order.begin(), salient_end, order.end(), [&](std::size_t a, std::size_t b) {
    const float fa = std::fabs(w[a]), fb = std::fabs(w[b]);
    return fa > fb || (fa == fb && a < b);
  });
  std::vector<bool> salient(total, false);
  for (auto it = order.begin(); it != salient_end; ++it) salient[*it] = true;

  QuantizationResult result = start_result(name, rows, cols, Encoding::BinaryWithFp16);
  QuantizedMatrix& m = result.matrix;
  m.bits = 2;
  m.rule = ClusterRule::None;
  m.group_size = 0;
  m.scales.assign(rows, 0);
  m.payload.assign(static_cast<std::size_t>(rows) * m.row_bytes(), 0);
  result.row_squared_error.assign(rows, 0.0);
  std::vector<std::int8_t> codes(cols);
  for (std::uint32_t row = 0; row < rows; ++row) {
    const float* wr = w + static_cast<std::size_t>(row) * cols;
    const std::size_t base = static_cast<std::size_t>(row) * cols;
    double magnitude = 0.0;
    std::uint32_t binarized = 0;
    for (std::uint32_t k = 0; k < cols; ++k) {
      if (salient[base + k]) continue;
      magnitude += std::fabs(wr[k]);
      ++binarized;
    }
    const std::uint16_t alpha = float_to_half(binarized == 0 ? 0.0f : static_cast<float>(magnitude / binarized));
    m.scales[row] = alpha;
    for (std::uint32_t k = 0; k < cols; ++k) {
      if (salient[base + k]) {
        codes[k] = 0;
        m.fp16_values.push_back(float_to_half(wr[k]));
      } else {
        codes[k] = wr[k] < 0.0f ? -1 : 1;
      }
    }
    pack_intb_row(codes.data(), cols, m.bits, m.payload.data() + static_cast<std::size_t>(row) * m.row_bytes());
  }
  measure_row_errors(w, result);
  return result;
}

}  // namespace fineq
