#pragma once
// The weight decoder between the weight buffer and the array: turns a fold's packed rows
// into the signed integer weights the PEs load. FineQ-v1 clusters go through the
// programmable look-up table of cluster_codec (the single bit-format implementation); IntB
// codes are unpacked for the bit-parallel baselines. Its throughput in clusters per cycle
// enters the fold's load time (timing_model.hpp), not this functional model.
#include <cstdint>
#include <memory>
#include <vector>

#include "cluster_codec.hpp"
#include "fold_plan.hpp"

namespace fineq {

class WeightDecoder {
 public:
  // Loads the look-up table (fineq-v1) for the next job.
  void program(const WeightLayout& layout, const Codebook& codebook);

  // `packed`: fold.c_used rows of fold.bytes_per_channel bytes, back to back, starting at the
  // row byte fold.first_byte. Writes fold.c_used x fold.r_used weights, channel-major.
  // Returns the clusters decoded (0 for IntB).
  std::uint64_t decode_fold(const Fold& fold, const std::uint8_t* packed, std::int8_t* weights);

 private:
  WeightLayout layout_;
  std::unique_ptr<ClusterDecodeTable> table_;
  std::vector<std::int8_t> staging_;  // one row's decoded clusters
};

}  // namespace fineq
