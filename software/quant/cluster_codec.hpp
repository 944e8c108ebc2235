#pragma once
// One FineQ-v1 cluster = one byte (FINEQ-SPEC section 2): idx = byte >> 6, payload = byte & 0x3F.
//   idx 0: normal, three 2-bit codes in payload bits 5..4, 3..2, 1..0.
//   idx p: weight p-1 pruned (zero), the other two as 3-bit codes in bits 5..3 and 2..0.
// This is the single implementation of the bit format; the quantizer, the file reader,
// the golden reference and the hardware decoder model all call it.
#include <array>
#include <cstdint>

#include "codebook.hpp"

namespace fineq {

constexpr int kClusterSize = 3;

// How a cluster is encoded: normal, or one position pruned.
enum class ClusterMode : std::uint8_t { Normal = 0, Prune0 = 1, Prune1 = 2, Prune2 = 3 };

struct DecodedCluster {
  std::array<std::int8_t, kClusterSize> weights;
  ClusterMode mode;
};

DecodedCluster decode_cluster(std::uint8_t byte, const Codebook& codebook);

// Encodes values that must already be codebook values (pruned position must hold 0);
// throws std::invalid_argument otherwise.
std::uint8_t encode_cluster(ClusterMode mode, const std::array<std::int8_t, kClusterSize>& values,
                            const Codebook& codebook);

// All 256 byte values decoded once, for fast bulk decoding.
class ClusterDecodeTable {
 public:
  explicit ClusterDecodeTable(const Codebook& codebook);
  const DecodedCluster& operator[](std::uint8_t byte) const { return table_[byte]; }

 private:
  std::array<DecodedCluster, 256> table_;
};

inline int pruned_position(ClusterMode mode) { return static_cast<int>(mode) - 1; }

}  // namespace fineq
