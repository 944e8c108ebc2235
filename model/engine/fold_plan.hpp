#pragma once
// Tiling of one GEMM Y[M x N] = X[M x K] * W[N x K]^T onto the R x C weight-stationary array
// (docs/timing.md, "Mapping and tiling"): m-chunks, segments by scale group, k-chunks,
// n-chunks, and the packed weight bytes each fold must bring on chip.
#include <cstdint>
#include <vector>

#include "accelerator_config.hpp"
#include "quantized_matrix.hpp"

namespace fineq {

struct GemmShape {
  std::uint32_t m = 0;
  std::uint32_t k = 0;
  std::uint32_t n = 0;
};

// How one packed weight row is laid out in memory.
struct WeightLayout {
  Encoding encoding = Encoding::FineQV1;
  std::uint32_t bits = 0;        // IntB code width; 0 for fineq-v1
  std::uint32_t group_size = 0;  // weights per scale along K; 0 = one scale per row

  static WeightLayout of(const QuantizedMatrix& matrix);
  std::uint32_t row_bytes(std::uint32_t k) const;
  std::uint32_t groups_per_row(std::uint32_t k) const;
  // First byte of a row that holds weight k0, and the bytes up to the one holding k1 - 1.
  std::uint32_t first_byte(std::uint32_t k0) const;
  std::uint32_t byte_count(std::uint32_t k0, std::uint32_t k1) const;
  // fineq-v1: 3-weight clusters overlapping [k0, k1); 0 for IntB.
  std::uint32_t cluster_count(std::uint32_t k0, std::uint32_t k1) const;
};

// One k-chunk x n-chunk tile of W; identical for every m-chunk.
struct Fold {
  std::uint32_t n0 = 0;
  std::uint32_t c_used = 0;  // channels, <= C
  std::uint32_t k0 = 0;
  std::uint32_t r_used = 0;  // weights along K, <= R
  std::uint32_t segment = 0;  // scale group
  bool first_of_segment = false;
  bool last_of_segment = false;
  std::uint32_t first_byte = 0;            // of each packed row
  std::uint32_t bytes_per_channel = 0;     // packed bytes of each row
  std::uint32_t clusters_per_channel = 0;  // fineq-v1 clusters of each row

  std::uint64_t packed_bytes() const { return std::uint64_t{c_used} * bytes_per_channel; }
  // w_f of docs/timing.md: packed bytes plus one FP16 scale per channel.
  std::uint64_t weight_bytes() const { return packed_bytes() + 2ull * c_used; }
  std::uint64_t clusters() const { return std::uint64_t{c_used} * clusters_per_channel; }
};

struct MChunk {
  std::uint32_t m0 = 0;
  std::uint32_t rows = 0;  // Mc of this chunk; the last chunk may be shorter
};

struct FoldPlan {
  GemmShape shape;
  WeightLayout layout;
  std::uint32_t chunk_rows = 0;  // Mc
  std::vector<MChunk> m_chunks;
  std::vector<Fold> folds;  // loop order: n-chunk, then k-chunks of the segments in order
  std::uint64_t max_fold_weight_bytes = 0;
};

// Throws JobError (ActivationBufferTooSmall, WeightFoldTooLarge) when the job does not fit
// the buffers. Shape and format must already be valid.
FoldPlan plan_folds(const GemmShape& shape, const WeightLayout& layout,
                    const AcceleratorConfig& config);

}  // namespace fineq
