#pragma once
// The commands the controller gives the weight decoder.
#include <cstdint>
#include <systemc>

#include "cluster_codec.hpp"
#include "fold_plan.hpp"

namespace fineq {

class DecoderControl : public virtual sc_core::sc_interface {
 public:
  // The next job's weight format and look-up table; clears the cluster counter.
  virtual void program(const WeightLayout& layout, const Codebook& codebook) = 0;
  // Reads the fold's packed rows and scales (fold.weight_bytes() bytes) from the weight
  // buffer at buffer_offset, decodes them and delivers the tile, annotated with the
  // decoder's delay, to the array.
  virtual void decode_fold(const Fold& fold, std::uint64_t buffer_offset) = 0;
  // FineQ-v1 clusters decoded since program().
  virtual std::uint64_t decoded_clusters() const = 0;
};

}  // namespace fineq
