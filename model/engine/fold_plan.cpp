#include "fold_plan.hpp"

#include <algorithm>

#include "cluster_codec.hpp"
#include "job_error.hpp"

namespace fineq {

namespace {
std::uint32_t ceil_div(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint32_t>((a + b - 1) / b);
}
}  // namespace

WeightLayout WeightLayout::of(const QuantizedMatrix& matrix) {
  return WeightLayout{matrix.encoding, matrix.encoding == Encoding::FineQV1 ? 0u : matrix.bits,
                      matrix.group_size};
}

std::uint32_t WeightLayout::row_bytes(std::uint32_t k) const { return byte_count(0, k); }

std::uint32_t WeightLayout::groups_per_row(std::uint32_t k) const {
  return group_size == 0 ? 1 : ceil_div(k, group_size);
}

std::uint32_t WeightLayout::first_byte(std::uint32_t k0) const {
  if (encoding == Encoding::FineQV1) return k0 / kClusterSize;
  return static_cast<std::uint32_t>(std::uint64_t{k0} * bits / 8);
}

std::uint32_t WeightLayout::byte_count(std::uint32_t k0, std::uint32_t k1) const {
  if (encoding == Encoding::FineQV1) return cluster_count(k0, k1);
  return ceil_div(std::uint64_t{k1} * bits, 8) - first_byte(k0);
}

std::uint32_t WeightLayout::cluster_count(std::uint32_t k0, std::uint32_t k1) const {
  if (encoding != Encoding::FineQV1) return 0;
  return ceil_div(k1, kClusterSize) - k0 / kClusterSize;
}

FoldPlan plan_folds(const GemmShape& shape, const WeightLayout& layout,
                    const AcceleratorConfig& config) {
  FoldPlan plan;
  plan.shape = shape;
  plan.layout = layout;
  const std::uint64_t rows_by_activations = config.activation_buffer_bytes / shape.k;
  const std::uint64_t rows_by_outputs = config.output_buffer_bytes / (4ull * shape.n);
  const std::uint64_t chunk_rows =
      std::min<std::uint64_t>({shape.m, rows_by_activations, rows_by_outputs});
  if (chunk_rows == 0) {
    throw JobError(ErrorCause::ActivationBufferTooSmall,
                   rows_by_activations == 0 ? shape.k : 4 * shape.n);
  }
  plan.chunk_rows = static_cast<std::uint32_t>(chunk_rows);
  for (std::uint32_t m0 = 0; m0 < shape.m; m0 += plan.chunk_rows) {
    plan.m_chunks.push_back({m0, std::min(plan.chunk_rows, shape.m - m0)});
  }

  const std::uint32_t segment_length = layout.group_size == 0 ? shape.k : layout.group_size;
  for (std::uint32_t n0 = 0; n0 < shape.n; n0 += config.cols) {
    const std::uint32_t c_used = std::min(config.cols, shape.n - n0);
    for (std::uint32_t s0 = 0, segment = 0; s0 < shape.k; s0 += segment_length, ++segment) {
      const std::uint32_t s1 = std::min(shape.k, s0 + segment_length);
      for (std::uint32_t k0 = s0; k0 < s1; k0 += config.rows) {
        Fold fold;
        fold.n0 = n0;
        fold.c_used = c_used;
        fold.k0 = k0;
        fold.r_used = std::min(config.rows, s1 - k0);
        fold.segment = segment;
        fold.first_of_segment = k0 == s0;
        fold.last_of_segment = k0 + fold.r_used == s1;
        fold.first_byte = layout.first_byte(k0);
        fold.bytes_per_channel = layout.byte_count(k0, k0 + fold.r_used);
        fold.clusters_per_channel = layout.cluster_count(k0, k0 + fold.r_used);
        plan.max_fold_weight_bytes = std::max(plan.max_fold_weight_bytes, fold.weight_bytes());
        plan.folds.push_back(fold);
      }
    }
  }
  if (plan.max_fold_weight_bytes > config.weight_buffer_bytes) {
    throw JobError(ErrorCause::WeightFoldTooLarge,
                   static_cast<std::uint32_t>(std::min<std::uint64_t>(plan.max_fold_weight_bytes,
                                                                      0xFFFFFFFFu)));
  }
  return plan;
}

}  // namespace fineq
