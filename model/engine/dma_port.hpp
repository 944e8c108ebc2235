#pragma once
// What the controller needs from the DMA engine (tlm/dma_engine): copies between device
// memory and on-chip buffers. An interface so that the model library does not depend on the
// interconnect library that implements it.
#include <cstdint>

namespace fineq {

class DmaPort {
 public:
  virtual ~DmaPort() = default;
  // Reads `count` blocks of `block_bytes` from device addresses addr + i * stride into `dst`,
  // back to back. Throws JobError(DmaError) if the interconnect answers with an error.
  virtual void read_blocks(std::uint64_t addr, std::uint64_t stride, std::uint64_t block_bytes,
                           std::uint32_t count, std::uint8_t* dst) = 0;
  // Writes `bytes` bytes from `src` to device address addr.
  virtual void write(std::uint64_t addr, const std::uint8_t* src, std::uint64_t bytes) = 0;
  // Bytes moved since the last reset.
  virtual std::uint64_t read_bytes() const = 0;
  virtual std::uint64_t write_bytes() const = 0;
  virtual void reset_counters() = 0;
};

}  // namespace fineq
