#include "cycle_dma.hpp"

#include <algorithm>
#include <stdexcept>

namespace fineq {

CycleDmaChannel::CycleDmaChannel(const AcceleratorConfig& config)
    : ideal_(config.memory == MemoryKind::Ideal),
      latency_(config.dram_latency_cycles),
      bytes_per_beat_(config.dram_bytes_per_cycle) {
  if (!ideal_ && bytes_per_beat_ == 0) {
    throw std::invalid_argument("dram_bytes_per_cycle: expected >= 1, got '0'");
  }
}

void CycleDmaChannel::issue(std::uint64_t bytes) {
  if (busy()) throw std::logic_error("CycleDmaChannel::issue: the channel is still busy");
  // Ideal memory delivers everything at once: nothing is left for the clocks to do.
  remaining_ = ideal_ ? 0 : bytes;
  latency_left_ = latency_;
}

std::uint32_t CycleDmaChannel::step() {
  if (!busy()) return 0;
  if (latency_left_ > 0) {
    --latency_left_;
    return 0;
  }
  const auto beat = static_cast<std::uint32_t>(std::min<std::uint64_t>(remaining_, bytes_per_beat_));
  remaining_ -= beat;
  return beat;
}

}  // namespace fineq
