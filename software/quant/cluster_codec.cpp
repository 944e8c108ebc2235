#include "cluster_codec.hpp"

#include <stdexcept>
#include <string>

namespace fineq {

DecodedCluster decode_cluster(std::uint8_t byte, const Codebook& codebook) {
  const int idx = byte >> 6;
  const int payload = byte & 0x3F;
  DecodedCluster cluster{};
  cluster.mode = static_cast<ClusterMode>(idx);
  if (idx == 0) {
    cluster.weights[0] = codebook.normal[(payload >> 4) & 0x3];
    cluster.weights[1] = codebook.normal[(payload >> 2) & 0x3];
    cluster.weights[2] = codebook.normal[payload & 0x3];
    return cluster;
  }
  const int pruned = idx - 1;
  const int first = (payload >> 3) & 0x7;
  const int second = payload & 0x7;
  int slot = 0;
  for (int pos = 0; pos < kClusterSize; ++pos) {
    if (pos == pruned) {
      cluster.weights[pos] = 0;
    } else {
      cluster.weights[pos] = codebook.outlier[slot++ == 0 ? first : second];
    }
  }
  return cluster;
}

std::uint8_t encode_cluster(ClusterMode mode, const std::array<std::int8_t, kClusterSize>& values,
                            const Codebook& codebook) {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("encode_cluster: " + what);
  };
  if (mode == ClusterMode::Normal) {
    int payload = 0;
    for (int pos = 0; pos < kClusterSize; ++pos) {
      const int code = codebook.normal_code(values[pos]);
      if (code < 0) fail("value " + std::to_string(values[pos]) + " is not a normal code");
      payload = (payload << 2) | code;
    }
    return static_cast<std::uint8_t>(payload);
  }
  const int pruned = pruned_position(mode);
  if (values[pruned] != 0) fail("pruned position " + std::to_string(pruned) + " is not zero");
  int payload = 0;
  for (int pos = 0; pos < kClusterSize; ++pos) {
    if (pos == pruned) continue;
    const int code = codebook.outlier_code(values[pos]);
    if (code < 0) fail("value " + std::to_string(values[pos]) + " is not an outlier code");
    payload = (payload << 3) | code;
  }
  return static_cast<std::uint8_t>((static_cast<int>(mode) << 6) | payload);
}

ClusterDecodeTable::ClusterDecodeTable(const Codebook& codebook) {
  for (int byte = 0; byte < 256; ++byte) {
    table_[byte] = decode_cluster(static_cast<std::uint8_t>(byte), codebook);
  }
}

}  // namespace fineq
