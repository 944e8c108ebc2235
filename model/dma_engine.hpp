#pragma once
// The accelerator's DMA engine: copies between device memory, reached through
// `memory_socket` (to the platform's router), and the on-chip buffers and the array's
// activation-scale registers, each reached through its own BufferPort. Device memory is
// accessed in bursts of at most burst_bytes, or, when enabled and granted, through a DMI
// pointer (the fast mode's shortcut); it counts the device bytes either way. Each transfer
// carries its own delay, T(b) = L + ceil(b / B) cycles (docs/timing.md, "Memory").
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "accelerator_config.hpp"
#include "buffer_port.hpp"
#include "dma_control.hpp"

namespace fineq {

class DmaEngine : public sc_core::sc_module, public DmaControl {
 public:
  tlm_utils::simple_initiator_socket<DmaEngine> memory_socket;
  BufferPort weight_port;
  BufferPort activation_port;
  BufferPort output_port;
  BufferPort scale_port;

  DmaEngine(sc_core::sc_module_name name, std::uint32_t burst_bytes = 4096);

  // Memory timing for the transfers' delays (while idle).
  void configure(const AcceleratorConfig& config) { config_ = config; }
  // Device memory and on-chip targets through DMI pointers when granted (true) or every byte
  // through b_transport (false).
  void set_use_dmi(bool use);

  DmaTransfer load(std::initializer_list<DmaBlocks> chain) override;
  DmaTransfer store(DmaTarget source, std::uint64_t source_offset, std::uint64_t bytes,
                    std::uint64_t device_addr) override;
  std::uint64_t read_bytes() const override { return read_bytes_; }
  std::uint64_t write_bytes() const override { return write_bytes_; }
  void reset_counters() override { read_bytes_ = write_bytes_ = 0; }

 private:
  BufferPort& port(DmaTarget target);
  // Moves `bytes` between device address addr and `data`; throws JobError(DmaError).
  void device_access(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
                     std::uint64_t bytes);
  bool dmi_covers(tlm::tlm_command command, std::uint64_t addr, std::uint64_t bytes) const;
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  AcceleratorConfig config_;
  std::uint32_t burst_bytes_;
  bool use_dmi_ = true;
  bool dmi_valid_ = false;
  tlm::tlm_dmi dmi_;
  tlm::tlm_generic_payload payload_;
  std::uint64_t read_bytes_ = 0;
  std::uint64_t write_bytes_ = 0;
};

}  // namespace fineq
