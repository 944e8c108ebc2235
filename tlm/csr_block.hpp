#pragma once
// The CSR block: a TLM-2.0 target exposing ControlRegisters as 32-bit registers
// (docs/registers.md). Only aligned single-word accesses without byte enables are accepted;
// anything else, an unknown offset, or a write to a read-only register gets an error
// response and an SC_REPORT_INFO, and changes nothing. A write takes one step of the time
// resolution; accepted writes are recorded in ControlRegisters::last_write for the VCD.
#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "control_registers.hpp"

namespace fineq {

class CsrBlock : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<CsrBlock> socket;

  explicit CsrBlock(sc_core::sc_module_name name);
  ControlRegisters& registers() { return registers_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  // Status of an access before it is carried out; TLM_OK_RESPONSE if it may proceed.
  tlm::tlm_response_status check(const tlm::tlm_generic_payload& trans, bool debug,
                                 std::string& why) const;
  bool read(std::uint32_t offset, std::uint32_t& value) const;

  ControlRegisters registers_;
};

}  // namespace fineq
