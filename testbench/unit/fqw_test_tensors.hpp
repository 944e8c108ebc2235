#pragma once
// Small random quantized tensors for the .fqw and statistics tests, built independently of
// the quantizer: FineQ-v1 bytes via the cluster codec, IntB codes packed here LSB first.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "cluster_codec.hpp"
#include "fp16.hpp"
#include "quantized_matrix.hpp"

namespace fineq::test {

inline std::vector<std::uint16_t> random_scales(std::size_t count, std::mt19937& rng) {
  std::uniform_real_distribution<float> magnitude(0.001f, 0.2f);
  std::vector<std::uint16_t> scales(count);
  for (auto& s : scales) s = float_to_half(magnitude(rng));
  return scales;
}

// Random clusters of every mode with the default codebook; padding weights are zero.
inline QuantizedMatrix make_fineq_tensor(const std::string& name, std::uint32_t rows,
                                         std::uint32_t cols, std::uint32_t group_size,
                                         std::uint32_t seed) {
  std::mt19937 rng(seed);
  QuantizedMatrix m;
  m.name = name;
  m.rows = rows;
  m.cols = cols;
  m.encoding = Encoding::FineQV1;
  m.bits = 0;
  m.rule = ClusterRule::Paper;
  m.threshold = 4.0f;
  m.group_size = group_size;
  m.scales = random_scales(static_cast<std::size_t>(rows) * m.groups_per_row(), rng);
  std::uniform_int_distribution<int> mode_of(0, 3), normal(-2, 1), outlier(-4, 3);
  for (std::uint32_t r = 0; r < rows; ++r) {
    for (std::uint32_t c = 0; c < m.row_bytes(); ++c) {
      const auto mode = static_cast<ClusterMode>(mode_of(rng));
      std::array<std::int8_t, kClusterSize> values{};
      for (int pos = 0; pos < kClusterSize; ++pos) {
        const bool padding = c * kClusterSize + pos >= cols;
        const bool pruned = mode != ClusterMode::Normal && pos == pruned_position(mode);
        if (!padding && !pruned) {
          values[pos] = static_cast<std::int8_t>(mode == ClusterMode::Normal ? normal(rng) : outlier(rng));
        }
      }
      m.payload.push_back(encode_cluster(mode, values, m.codebook));
    }
  }
  return m;
}

// Packs signed b-bit codes LSB first, each row starting on a byte boundary.
inline std::vector<std::uint8_t> pack_intb(const std::vector<int>& codes, std::uint32_t rows,
                                           std::uint32_t cols, unsigned bits) {
  const std::size_t row_bytes = (static_cast<std::size_t>(cols) * bits + 7) / 8;
  std::vector<std::uint8_t> bytes(rows * row_bytes, 0);
  for (std::uint32_t r = 0; r < rows; ++r) {
    for (std::uint32_t k = 0; k < cols; ++k) {
      const unsigned code = static_cast<unsigned>(codes[r * cols + k]) & ((1u << bits) - 1);
      for (unsigned b = 0; b < bits; ++b) {
        const std::size_t bit = static_cast<std::size_t>(k) * bits + b;
        if (code & (1u << b)) bytes[r * row_bytes + bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
      }
    }
  }
  return bytes;
}

// IntB (or IntB + FP16 columns when fp16_columns is non-empty); `codes` receives the
// integer weights (0 at FP16 columns).
inline QuantizedMatrix make_intb_tensor(const std::string& name, std::uint32_t rows,
                                        std::uint32_t cols, unsigned bits, std::uint32_t group_size,
                                        const std::vector<std::uint32_t>& fp16_columns,
                                        std::uint32_t seed, std::vector<int>* codes = nullptr) {
  std::mt19937 rng(seed);
  QuantizedMatrix m;
  m.name = name;
  m.rows = rows;
  m.cols = cols;
  m.encoding = fp16_columns.empty() ? Encoding::IntB : Encoding::IntBWithFp16Cols;
  m.bits = static_cast<std::uint8_t>(bits);
  m.rule = ClusterRule::None;
  m.group_size = group_size;
  m.scales = random_scales(static_cast<std::size_t>(rows) * m.groups_per_row(), rng);
  std::uniform_int_distribution<int> code_of(-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
  std::vector<int> values(static_cast<std::size_t>(rows) * cols);
  for (auto& v : values) v = code_of(rng);
  for (std::uint32_t r = 0; r < rows; ++r) {
    for (std::uint32_t column : fp16_columns) values[r * cols + column] = 0;
  }
  m.payload = pack_intb(values, rows, cols, bits);
  m.fp16_columns = fp16_columns;
  std::uniform_real_distribution<float> fp16_value(-8.0f, 8.0f);
  for (std::size_t i = 0; i < rows * fp16_columns.size(); ++i) {
    m.fp16_values.push_back(float_to_half(fp16_value(rng)));
  }
  if (codes != nullptr) *codes = values;
  return m;
}


}  // namespace fineq::test
