#pragma once
// The accelerator's DMA engine: a TLM-2.0 initiator that copies between device memory (via
// the router) and on-chip buffers. It splits transfers into bursts of at most burst_bytes,
// and, when enabled and granted, copies through a DMI pointer instead (the fast mode's
// shortcut). It counts the bytes it moves either way.
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "dma_port.hpp"

namespace fineq {

class DmaEngine : public sc_core::sc_module, public DmaPort {
 public:
  tlm_utils::simple_initiator_socket<DmaEngine> socket;

  DmaEngine(sc_core::sc_module_name name, std::uint32_t burst_bytes = 4096);

  void set_use_dmi(bool use) {
    use_dmi_ = use;
    dmi_valid_ = false;
  }

  void read_blocks(std::uint64_t addr, std::uint64_t stride, std::uint64_t block_bytes,
                   std::uint32_t count, std::uint8_t* dst) override;
  void write(std::uint64_t addr, const std::uint8_t* src, std::uint64_t bytes) override;
  std::uint64_t read_bytes() const override { return read_bytes_; }
  std::uint64_t write_bytes() const override { return write_bytes_; }
  void reset_counters() override { read_bytes_ = write_bytes_ = 0; }

 private:
  void transfer(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
                std::uint64_t bytes);
  bool dmi_covers(tlm::tlm_command command, std::uint64_t addr, std::uint64_t bytes) const;
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  std::uint32_t burst_bytes_;
  bool use_dmi_ = true;
  bool dmi_valid_ = false;
  tlm::tlm_dmi dmi_;
  tlm::tlm_generic_payload payload_;
  std::uint64_t read_bytes_ = 0;
  std::uint64_t write_bytes_ = 0;
};

}  // namespace fineq
