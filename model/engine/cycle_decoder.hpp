#pragma once
// Cycle-level FineQ-v1 weight decoder: streams one fold's cluster bytes, D clusters per clock,
// into the staging register file that the PE weight registers latch at the end of the weight
// load (docs/timing.md, "Weight load"). Plain C++, advanced by CycleArray::step().
#include <array>
#include <cstddef>
#include <cstdint>

#include "cluster_codec.hpp"

namespace fineq {

// The cluster bytes of one fold: for each of `channels` output channels, the packed row bytes
// that overlap the fold's K range; the fold's first weight is position `first_weight` of a
// channel's first cluster and the fold spans `weights` positions along K.
struct ClusterStream {
  const std::uint8_t* bytes = nullptr;  // bytes[channel * channel_stride + cluster]
  std::size_t channel_stride = 0;
  std::uint32_t channels = 0;
  std::uint32_t clusters_per_channel = 0;
  std::uint32_t first_weight = 0;  // 0..2
  std::uint32_t weights = 0;       // r_used
};

class CycleDecoder {
 public:
  CycleDecoder(const Codebook& codebook, std::uint32_t clusters_per_cycle);

  // Loads the look-up table of a job's codebook (while idle).
  void program(const Codebook& codebook);

  // Queues a fold; decoded weights go to staging[k * staging_stride + channel] for the fold's
  // K positions k < stream.weights. Throws std::invalid_argument if the stream is malformed.
  void start(const ClusterStream& stream, std::int32_t* staging, std::size_t staging_stride);
  // One clock: decodes up to D clusters. Does nothing when idle.
  void step();
  bool busy() const { return next_ < total_; }

  std::uint64_t decoded_clusters() const { return decoded_; }  // since start()
  std::uint32_t clusters_per_cycle() const { return clusters_per_cycle_; }

  // Trace view of the last clock: how many clusters it decoded, and the first of them.
  std::uint32_t clusters_last_cycle() const { return clusters_last_cycle_; }
  std::uint8_t last_input_byte() const { return last_byte_; }
  const std::array<std::int8_t, kClusterSize>& last_weights() const { return last_weights_; }

 private:
  ClusterDecodeTable table_;
  std::uint32_t clusters_per_cycle_;
  ClusterStream stream_;
  std::int32_t* staging_ = nullptr;
  std::size_t staging_stride_ = 0;
  std::uint64_t next_ = 0;   // index of the next cluster, channel-major
  std::uint64_t total_ = 0;  // clusters of the fold
  std::uint64_t decoded_ = 0;
  std::uint32_t clusters_last_cycle_ = 0;
  std::uint8_t last_byte_ = 0;
  std::array<std::int8_t, kClusterSize> last_weights_{};
};

}  // namespace fineq
