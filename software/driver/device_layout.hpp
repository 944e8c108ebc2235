#pragma once
// Where the host driver places a job's tensors in device memory (docs/registers.md).
#include <array>
#include <cstdint>

#include "fold_plan.hpp"
#include "job_error.hpp"

namespace fineq {

struct DeviceLayout {
  std::array<std::uint64_t, kMemoryRegionCount> addr{};   // indexed by MemoryRegion
  std::array<std::uint64_t, kMemoryRegionCount> bytes{};
  std::uint64_t end = 0;  // first byte after the last region
};

// Regions back to back from address 0, each aligned to 64 bytes.
DeviceLayout layout_device_memory(const GemmShape& shape, const WeightLayout& layout);

}  // namespace fineq
