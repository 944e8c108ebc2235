#include "device_layout.hpp"

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

}  // namespace fineq
