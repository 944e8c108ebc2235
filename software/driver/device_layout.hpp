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

// Weights that stay in device memory across jobs (a model's layers, loaded once): the packed
// clusters at weights_addr and the FP16 scales at scales_addr, written by the host only when
// write_weights is set (the first job that uses them); the job's activations, activation
// scales and Y are laid out from data_addr on, as layout_device_memory lays them out.
struct WeightPlacement {
  std::uint64_t weights_addr = 0;
  std::uint64_t scales_addr = 0;
  std::uint64_t data_addr = 0;
  bool write_weights = true;
};

// The layout of a job with placed weights; `end` is the end of the highest region. Throws
// std::invalid_argument if the activation, scale or Y regions would overlap the weights.
DeviceLayout place_device_memory(const GemmShape& shape, const WeightLayout& layout,
                                 const WeightPlacement& placement);

}  // namespace fineq
