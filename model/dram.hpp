#pragma once
// Device DRAM: a TLM-2.0 target holding a byte array. It answers b_transport, debug transport
// and DMI requests and counts the bytes that pass through b_transport (DMI accesses bypass the
// target by design; the DMA engine counts those). Its latency and bandwidth are applied by
// the controller's timing model (docs/timing.md), so transactions carry no delay here,
// except the latency of an injected fault.
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "fault_injector.hpp"
#include "zeroed_bytes.hpp"

namespace fineq {

class Dram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Dram> socket;

  Dram(sc_core::sc_module_name name, std::uint64_t size_bytes);

  std::uint64_t size() const { return memory_.size(); }
  std::uint64_t read_bytes() const { return read_bytes_; }
  std::uint64_t write_bytes() const { return write_bytes_; }

  // Fault injection (docs/fault-injection.md): from now on the faults apply to b_transport;
  // DMI is refused and pointers already granted are invalidated so no access bypasses them.
  void arm_faults(const std::vector<DramFault>& faults);
  void disarm_faults() { faults_.disarm(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);

  ZeroedBytes memory_;
  FaultInjector faults_;
  std::uint64_t read_bytes_ = 0;
  std::uint64_t write_bytes_ = 0;
};

}  // namespace fineq
