#pragma once
// The commands the controller gives the DMA engine. A transfer is a short chain of block
// descriptors, moved in order and timed as one transfer (docs/timing.md, "Memory"); the call
// returns when the data has moved, with the transfer's cycles annotated in the result.
#include <cstdint>
#include <initializer_list>
#include <systemc>

#include "job_timing.hpp"

namespace fineq {

// The on-chip side of a transfer.
enum class DmaTarget : std::uint8_t {
  WeightBuffer,
  ActivationBuffer,
  OutputBuffer,
  ActivationScales,  // the output stage's activation-scale registers in the array
};

// `count` blocks of `block_bytes` at device addresses device_addr + i * device_stride, back
// to back in the target from target_offset on.
struct DmaBlocks {
  std::uint64_t device_addr = 0;
  std::uint64_t device_stride = 0;
  std::uint64_t block_bytes = 0;
  std::uint32_t count = 1;
  DmaTarget target = DmaTarget::WeightBuffer;
  std::uint64_t target_offset = 0;
};

class DmaControl : public virtual sc_core::sc_interface {
 public:
  // Device memory into on-chip targets. Throws JobError(DmaError) on a bus error.
  virtual DmaTransfer load(std::initializer_list<DmaBlocks> chain) = 0;
  // `bytes` from an on-chip source at source_offset to device memory at device_addr.
  virtual DmaTransfer store(DmaTarget source, std::uint64_t source_offset, std::uint64_t bytes,
                            std::uint64_t device_addr) = 0;
  // Device-memory bytes moved since the last reset.
  virtual std::uint64_t read_bytes() const = 0;
  virtual std::uint64_t write_bytes() const = 0;
  virtual void reset_counters() = 0;
};

}  // namespace fineq
