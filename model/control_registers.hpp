#pragma once
// The state behind the CSR block (docs/registers.md) as the controller sees it: the job
// registers the host programs, the status and counters the controller reports, and the
// start event. The bus side (offsets, access rules) lives in tlm/csr_block.
#include <cstdint>
#include <systemc>

#include "job_registers.hpp"

namespace fineq {

// The host's accepted register writes as the CSR block saw them, for the cycle-mode VCD
// (plain values: only a tracer watches them, so untraced runs pay three stores per write).
struct CsrWriteRecord {
  std::uint32_t count = 0;  // accepted writes so far; each write changes it
  std::uint32_t offset = 0;
  std::uint32_t data = 0;
};

struct ControlRegisters {
  JobRegisters job;
  StatusRegisters status;
  sc_core::sc_event start;  // notified by a write of 1 to CONTROL.START
  CsrWriteRecord last_write;
};

}  // namespace fineq
