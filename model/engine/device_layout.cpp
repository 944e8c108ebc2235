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

JobRegisters job_registers_for(const QuantizedMatrix& w, std::uint32_t m, const DeviceLayout& device) {
  JobRegisters registers;
  registers.m = m;
  registers.k = w.cols;
  registers.n = w.rows;
  registers.weight_format = weight_format_value(static_cast<std::uint32_t>(w.encoding),
                                                w.encoding == Encoding::FineQV1 ? 0 : w.bits);
  registers.group_size = w.group_size;
  codebook_to_registers(w.codebook, registers);
  registers.weights_addr = static_cast<std::uint32_t>(device.addr[0]);
  registers.weight_scales_addr = static_cast<std::uint32_t>(device.addr[1]);
  registers.activations_addr = static_cast<std::uint32_t>(device.addr[2]);
  registers.activation_scales_addr = static_cast<std::uint32_t>(device.addr[3]);
  registers.y_addr = static_cast<std::uint32_t>(device.addr[4]);
  return registers;
}

}  // namespace fineq
