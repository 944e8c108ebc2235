#pragma once
// Quantization report: per matrix and overall error, storage cost (bits per weight),
// outlier-cluster fraction and code histogram, as JSON and as a terminal table.
// Errors are measured on the dequantized weights (QuantizedMatrix::dequantize), i.e. on
// what a consumer of the .fqw file gets, not taken from the quantizer's own search.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quantizer.hpp"
#include "tensor_statistics.hpp"

namespace fineq {

struct MatrixQuality {
  std::string name;
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  Encoding encoding = Encoding::FineQV1;
  double squared_error = 0.0;  // ||W - Q||^2
  double weight_norm2 = 0.0;   // ||W||^2
  double rel_error = 0.0;      // squared_error / weight_norm2; 0 for an all-zero W
  std::array<std::uint64_t, 4> cluster_modes{};  // FineQ: clusters per ClusterMode
  std::uint32_t fp16_columns = 0;
  TensorStatistics statistics;
};

// Compares `quantized` with the original row-major weights it came from.
MatrixQuality measure_matrix(const QuantizedMatrix& quantized, const float* original);

class QuantReport {
 public:
  QuantReport(QuantizerConfig config, std::string source);

  void add(MatrixQuality matrix) { matrices_.push_back(std::move(matrix)); }
  const std::vector<MatrixQuality>& matrices() const { return matrices_; }

  // Mean over matrices of ||W-Q||^2 / ||W||^2 (each matrix counts once, whatever its size).
  double mean_rel_error() const;
  // 8 * all stored bytes (payload incl. padding, scales, FP16 columns) / all real weights.
  double bits_per_weight() const;
  // Outlier clusters / clusters over all FineQ matrices (0 when there are none).
  double outlier_cluster_fraction() const;
  std::map<int, std::uint64_t> value_histogram() const;

  nlohmann::json to_json() const;
  std::string table() const;

 private:
  QuantizerConfig config_;
  std::string source_;
  std::vector<MatrixQuality> matrices_;
};

}  // namespace fineq
