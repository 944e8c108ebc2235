#include "device_layout.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "job_setup.hpp"

namespace fineq {

DeviceLayout layout_device_memory(const GemmShape& shape, const WeightLayout& layout) {
  constexpr std::uint64_t kAlignment = 64;
  DeviceLayout device;
  device.bytes = region_sizes(shape, layout);
  for (std::uint32_t r = 0; r < kMemoryRegionCount; ++r) {
    device.addr[r] = device.end;
    device.end = (device.end + device.bytes[r] + kAlignment - 1) / kAlignment * kAlignment;
  }
  return device;
}

DeviceLayout place_device_memory(const GemmShape& shape, const WeightLayout& layout,
                                 const WeightPlacement& placement) {
  DeviceLayout device = layout_device_memory(shape, layout);
  const auto weights = static_cast<std::uint32_t>(MemoryRegion::Weights);
  const auto scales = static_cast<std::uint32_t>(MemoryRegion::WeightScales);
  const auto first_data = static_cast<std::uint32_t>(MemoryRegion::Activations);
  const std::uint64_t data_start = device.addr[first_data];
  device.addr[weights] = placement.weights_addr;
  device.addr[scales] = placement.scales_addr;
  device.end = 0;
  for (std::uint32_t r = 0; r < kMemoryRegionCount; ++r) {
    if (r >= first_data) device.addr[r] = placement.data_addr + (device.addr[r] - data_start);
    device.end = std::max(device.end, device.addr[r] + device.bytes[r]);
  }
  for (std::uint32_t r = first_data; r < kMemoryRegionCount; ++r) {
    for (std::uint32_t w : {weights, scales}) {
      if (device.addr[r] < device.addr[w] + device.bytes[w] && device.addr[w] < device.addr[r] + device.bytes[r]) {
        throw std::invalid_argument(std::string("device memory: the ") + memory_region_name(r) +
                                    " region would overlap the placed " + memory_region_name(w) + " region");
      }
    }
  }
  return device;
}

}  // namespace fineq
