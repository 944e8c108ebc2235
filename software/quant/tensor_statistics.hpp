#pragma once
// Storage cost and value statistics of one quantized tensor, for `fineq inspect` and reports.
#include <cstdint>
#include <map>

#include "quantized_matrix.hpp"

namespace fineq {

struct TensorStatistics {
  std::uint64_t weights = 0;        // rows * cols (real weights, no padding)
  std::uint64_t payload_bytes = 0;  // packed codes incl. FineQ row padding
  std::uint64_t scale_bytes = 0;    // 2 per FP16 scale
  std::uint64_t fp16_column_bytes = 0;  // OWQ-style: 4 per column index + 2 per FP16 value
  // 8 * (payload + scales + FP16 columns) / weights; container headers not counted.
  double bits_per_weight = 0.0;
  std::uint64_t clusters = 0;          // FineQ-v1 only: rows * padded_cols / 3
  std::uint64_t outlier_clusters = 0;  // FineQ-v1 only: clusters with idx != 0
  double outlier_cluster_fraction = 0.0;
  // Integer weight value -> count over real weights, excluding FP16 columns.
  std::map<int, std::uint64_t> value_histogram;
  float min_scale = 0.0f;
  float max_scale = 0.0f;
};

// Expects a tensor that passed QuantizedMatrix::validate().
TensorStatistics compute_statistics(const QuantizedMatrix& matrix);

}  // namespace fineq
