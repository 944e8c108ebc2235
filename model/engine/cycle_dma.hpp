#pragma once
// One DMA channel between DRAM and the on-chip buffers at beat level, advanced one clock per
// step() (docs/timing.md, "Memory"): a transfer of b > 0 bytes issued before clock s delivers
// ceil(b / B) beats of up to B bytes in clocks s+L, s+L+1, ... and is complete after
// T(b) = L + ceil(b / B) clocks. T(0) = 0, and with ideal memory every transfer takes 0 clocks.
#include <cstdint>

#include "accelerator_config.hpp"

namespace fineq {

class CycleDmaChannel {
 public:
  // Uses memory, dram_latency_cycles and dram_bytes_per_cycle of the config.
  explicit CycleDmaChannel(const AcceleratorConfig& config);

  // Starts a transfer; throws std::logic_error while the previous one is still running.
  void issue(std::uint64_t bytes);
  // One clock; returns the bytes of the beat delivered in it (0 while waiting for DRAM).
  std::uint32_t step();
  bool busy() const { return remaining_ > 0; }

  // Trace view: bytes still to deliver, and clocks of latency still to wait.
  std::uint64_t remaining_bytes() const { return remaining_; }
  std::uint64_t latency_left() const { return latency_left_; }

 private:
  bool ideal_;
  std::uint64_t latency_;
  std::uint32_t bytes_per_beat_;
  std::uint64_t remaining_ = 0;
  std::uint64_t latency_left_ = 0;
};

}  // namespace fineq
