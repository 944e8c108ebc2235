#pragma once
// What the decoder delivers to the array for one fold, and the array's input for it. The
// pointers stay valid until the decoder's next fold.
#include <cstdint>
#include <systemc>

#include "fold_plan.hpp"

namespace fineq {

struct WeightTile {
  const Fold* fold = nullptr;
  const std::int8_t* weights = nullptr;  // fold->c_used x fold->r_used, channel-major
  // The fold's packed rows as the weight buffer holds them (fold->c_used rows of
  // fold->bytes_per_channel bytes), for an engine that decodes clock by clock itself.
  const std::uint8_t* packed = nullptr;
  const std::uint8_t* fp16_scales = nullptr;  // fold->c_used FP16 weight scales
  std::uint64_t decode_cycles = 0;  // the decoder's annotated delay for the fold
};

class WeightTileSink : public virtual sc_core::sc_interface {
 public:
  virtual void load_tile(const WeightTile& tile) = 0;
};

}  // namespace fineq
