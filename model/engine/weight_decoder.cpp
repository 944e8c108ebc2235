#include "weight_decoder.hpp"

#include <cstring>
#include <stdexcept>

namespace fineq {

void WeightDecoder::program(const WeightLayout& layout, const Codebook& codebook) {
  layout_ = layout;
  table_ = layout.encoding == Encoding::FineQV1 ? std::make_unique<ClusterDecodeTable>(codebook)
                                                : nullptr;
}

std::uint64_t WeightDecoder::decode_fold(const Fold& fold, const std::uint8_t* packed,
                                         std::int8_t* weights) {
  if (layout_.encoding != Encoding::FineQV1) {
    const std::uint64_t first_bit = std::uint64_t{fold.k0} * layout_.bits - 8ull * fold.first_byte;
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      unpack_intb(packed + std::size_t{c} * fold.bytes_per_channel, first_bit, layout_.bits,
                  fold.r_used, weights + std::size_t{c} * fold.r_used);
    }
    return 0;
  }
  if (!table_) throw std::logic_error("weight decoder: look-up table not programmed");
  // Decode the row's clusters into a staging register file, then keep the fold's K range
  // (the first and last cluster may straddle the fold boundary).
  const std::uint32_t skip = fold.k0 - fold.first_byte * kClusterSize;
  staging_.resize(std::size_t{fold.clusters_per_channel} * kClusterSize);
  for (std::uint32_t c = 0; c < fold.c_used; ++c) {
    const std::uint8_t* row = packed + std::size_t{c} * fold.bytes_per_channel;
    std::int8_t* staged = staging_.data();
    for (std::uint32_t j = 0; j < fold.clusters_per_channel; ++j, staged += kClusterSize) {
      std::memcpy(staged, (*table_)[row[j]].weights.data(), kClusterSize);
    }
    std::memcpy(weights + std::size_t{c} * fold.r_used, staging_.data() + skip, fold.r_used);
  }
  return fold.clusters();
}

}  // namespace fineq
