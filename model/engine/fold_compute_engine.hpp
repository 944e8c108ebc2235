#pragma once
// The array's part of one fold, behind an interface: the fast mode computes it in bulk
// (FastTileEngine), a cycle-level engine can step the same fold clock by clock. Both must
// return the same column sums, compute cycles and events (docs/timing.md).
#include <cstddef>
#include <cstdint>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "fold_plan.hpp"

namespace fineq {

struct FoldOperands {
  const AcceleratorConfig* config = nullptr;
  const Fold* fold = nullptr;
  std::uint32_t chunk_rows = 0;  // waves: activation rows of the m-chunk
  // chunk_rows rows of fold->r_used INT8 activations (already at column k0), row stride given.
  const std::int8_t* activations = nullptr;
  std::size_t activation_stride = 0;
  // Decoded weights, fold->c_used channels x fold->r_used, channel-major and contiguous.
  const std::int8_t* weights = nullptr;
  // The same weights as the weight buffer holds them (fold->c_used packed rows of
  // fold->bytes_per_channel bytes) and the job's codebook: the cycle-level engine decodes
  // them clock by clock.
  const std::uint8_t* packed_weights = nullptr;
  const Codebook* codebook = nullptr;
  int codebook_max_magnitude = 0;  // the `fixed` window
  // chunk_rows x c_used INT32 partial sums: enter the top of each column, leave at the bottom.
  std::int32_t* column_sums = nullptr;
  std::size_t column_sum_stride = 0;
  // The decoder's annotated delay for this fold (decode_cycles of timing_model.hpp): the fast
  // engine's weight-load phase waits for it; a clocked engine runs its own decoder instead.
  std::uint64_t decode_cycles = 0;
};

struct FoldOutcome {
  std::uint64_t compute_cycles = 0;  // compute_f
  ActivityCounts activity;           // the array's events (fold_array_activity fields)
};

class FoldComputeEngine {
 public:
  virtual ~FoldComputeEngine() = default;
  virtual FoldOutcome compute_fold(const FoldOperands& operands) = 0;
};

}  // namespace fineq
