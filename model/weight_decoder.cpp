#include "weight_decoder.hpp"

#include <stdexcept>

namespace fineq {

void WeightDecoder::program(const WeightLayout& layout, const Codebook& codebook) {
  layout_ = layout;
  table_ = layout.encoding == Encoding::FineQV1 ? std::make_unique<ClusterDecodeTable>(codebook)
                                                : nullptr;
}

std::uint64_t WeightDecoder::decode_fold(const Fold& fold, const std::uint8_t* packed,
                                         std::int8_t* weights) const {
  if (layout_.encoding != Encoding::FineQV1) {
    const std::uint64_t first_bit = std::uint64_t{fold.k0} * layout_.bits - 8ull * fold.first_byte;
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      unpack_intb(packed + std::size_t{c} * fold.bytes_per_channel, first_bit, layout_.bits,
                  fold.r_used, weights + std::size_t{c} * fold.r_used);
    }
    return 0;
  }
  if (!table_) throw std::logic_error("weight decoder: look-up table not programmed");
  // Cluster j of the fold holds weights 3 * (first_byte + j) + pos; keep those inside the fold.
  const std::uint32_t k_begin = fold.k0;
  const std::uint32_t k_end = fold.k0 + fold.r_used;
  for (std::uint32_t c = 0; c < fold.c_used; ++c) {
    const std::uint8_t* row = packed + std::size_t{c} * fold.bytes_per_channel;
    std::int8_t* out = weights + std::size_t{c} * fold.r_used;
    for (std::uint32_t j = 0; j < fold.clusters_per_channel; ++j) {
      const DecodedCluster& cluster = (*table_)[row[j]];
      const std::uint32_t k_first = (fold.first_byte + j) * kClusterSize;
      for (int pos = 0; pos < kClusterSize; ++pos) {
        const std::uint32_t k = k_first + pos;
        if (k >= k_begin && k < k_end) out[k - k_begin] = cluster.weights[pos];
      }
    }
  }
  return fold.clusters();
}

}  // namespace fineq
