#include "tensor_statistics.hpp"

#include <algorithm>
#include <limits>

#include "cluster_codec.hpp"

namespace fineq {

TensorStatistics compute_statistics(const QuantizedMatrix& m) {
  TensorStatistics s;
  s.weights = static_cast<std::uint64_t>(m.rows) * m.cols;
  s.payload_bytes = m.payload.size();
  s.scale_bytes = 2 * m.scales.size();
  s.fp16_column_bytes = 4 * m.fp16_columns.size() + 2 * m.fp16_values.size();
  s.bits_per_weight = 8.0 * static_cast<double>(s.payload_bytes + s.scale_bytes + s.fp16_column_bytes) /
                      static_cast<double>(s.weights);
  if (m.encoding == Encoding::FineQV1) {
    s.clusters = m.payload.size();
    s.outlier_clusters = static_cast<std::uint64_t>(
        std::count_if(m.payload.begin(), m.payload.end(), [](std::uint8_t byte) { return (byte >> 6) != 0; }));
    s.outlier_cluster_fraction = static_cast<double>(s.outlier_clusters) / static_cast<double>(s.clusters);
  }
  std::vector<bool> is_fp16_column(m.cols, false);
  for (std::uint32_t column : m.fp16_columns) is_fp16_column[column] = true;
  std::vector<std::int8_t> row(m.cols);
  // Counts per int8 value in a flat array: a map lookup per weight would dominate.
  std::vector<std::uint64_t> counts(256, 0);
  for (std::uint32_t r = 0; r < m.rows; ++r) {
    m.decode_row(r, row.data());
    for (std::uint32_t k = 0; k < m.cols; ++k) {
      const bool salient = m.encoding == Encoding::BinaryWithFp16 && row[k] == 0;
      if (!is_fp16_column[k] && !salient) ++counts[static_cast<std::size_t>(row[k] + 128)];
    }
  }
  for (int value = -128; value < 128; ++value) {
    if (counts[static_cast<std::size_t>(value + 128)] != 0) {
      s.value_histogram[value] = counts[static_cast<std::size_t>(value + 128)];
    }
  }
  if (!m.scales.empty()) {
    s.min_scale = std::numeric_limits<float>::infinity();
    s.max_scale = -std::numeric_limits<float>::infinity();
    for (std::uint32_t r = 0; r < m.rows; ++r) {
      for (std::uint32_t g = 0; g < m.groups_per_row(); ++g) {
        s.min_scale = std::min(s.min_scale, m.scale(r, g));
        s.max_scale = std::max(s.max_scale, m.scale(r, g));
      }
    }
  }
  return s;
}

}  // namespace fineq
