#pragma once
// An on-chip SRAM buffer as a TLM-2.0 target with two ports (a dual-ported macro): the DMA
// fills or drains it through `dma_socket`, the datapath (decoder or array) uses
// `datapath_socket`. Both answer b_transport, DMI and debug transport over the same bytes.
// Every byte read or written is counted (AccessMeter), whether it came through b_transport or,
// reported by the initiator, through a DMI pointer. Bad accesses get TLM error responses
// (address, byte enable, burst, command) and never throw.
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "access_meter.hpp"
#include "zeroed_bytes.hpp"

namespace fineq {

class SramBuffer : public sc_core::sc_module, public AccessMeter {
 public:
  tlm_utils::simple_target_socket<SramBuffer> dma_socket;
  tlm_utils::simple_target_socket<SramBuffer> datapath_socket;

  SramBuffer(sc_core::sc_module_name name, std::uint64_t bytes);

  // Resizes (between jobs, when the platform is reconfigured), invalidates DMI pointers
  // handed out before and clears the counters.
  void resize(std::uint64_t bytes);
  std::uint64_t size() const { return bytes_.size(); }

  void count_direct_access(bool write, std::uint64_t bytes) override;
  std::uint64_t read_bytes() const override { return read_bytes_; }
  std::uint64_t write_bytes() const override { return write_bytes_; }
  void reset_counters() override { read_bytes_ = write_bytes_ = 0; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

  ZeroedBytes bytes_;
  bool dmi_granted_ = false;
  std::uint64_t read_bytes_ = 0;
  std::uint64_t write_bytes_ = 0;
};

}  // namespace fineq
