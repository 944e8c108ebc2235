#include "cycle_decoder.hpp"

#include <stdexcept>
#include <string>

namespace fineq {

CycleDecoder::CycleDecoder(const Codebook& codebook, std::uint32_t clusters_per_cycle)
    : table_(codebook), clusters_per_cycle_(clusters_per_cycle) {
  if (clusters_per_cycle == 0) {
    throw std::invalid_argument("decoder_clusters_per_cycle: expected >= 1, got '0'");
  }
}

void CycleDecoder::program(const Codebook& codebook) { table_ = ClusterDecodeTable(codebook); }

void CycleDecoder::start(const ClusterStream& stream, std::int32_t* staging,
                         std::size_t staging_stride) {
  if (stream.first_weight >= static_cast<std::uint32_t>(kClusterSize)) {
    throw std::invalid_argument("cluster stream: first_weight must be 0..2, got " +
                                std::to_string(stream.first_weight));
  }
  const std::uint64_t needed = (stream.first_weight + stream.weights + kClusterSize - 1) / kClusterSize;
  if (stream.clusters_per_channel != needed) {
    throw std::invalid_argument("cluster stream: " + std::to_string(stream.weights) +
                                " weights from position " + std::to_string(stream.first_weight) +
                                " overlap " + std::to_string(needed) + " clusters, got " +
                                std::to_string(stream.clusters_per_channel));
  }
  if (stream.channels > 0 && stream.bytes == nullptr) {
    throw std::invalid_argument("cluster stream: no bytes");
  }
  stream_ = stream;
  staging_ = staging;
  staging_stride_ = staging_stride;
  next_ = 0;
  total_ = std::uint64_t{stream.channels} * stream.clusters_per_channel;
  decoded_ = 0;
  clusters_last_cycle_ = 0;
}

void CycleDecoder::step() {
  clusters_last_cycle_ = 0;
  for (std::uint32_t lane = 0; lane < clusters_per_cycle_ && busy(); ++lane, ++next_) {
    const std::uint32_t channel = static_cast<std::uint32_t>(next_ / stream_.clusters_per_channel);
    const std::uint32_t cluster = static_cast<std::uint32_t>(next_ % stream_.clusters_per_channel);
    const std::uint8_t byte = stream_.bytes[channel * stream_.channel_stride + cluster];
    const DecodedCluster& decoded = table_[byte];
    // Cluster positions outside the fold's K range belong to the neighbouring fold.
    for (int position = 0; position < kClusterSize; ++position) {
      const std::int64_t k = std::int64_t{cluster} * kClusterSize + position - stream_.first_weight;
      if (k < 0 || k >= stream_.weights) continue;
      staging_[static_cast<std::size_t>(k) * staging_stride_ + channel] = decoded.weights[position];
    }
    if (lane == 0) {
      last_byte_ = byte;
      last_weights_ = decoded.weights;
    }
    ++decoded_;
    ++clusters_last_cycle_;
  }
}

}  // namespace fineq
