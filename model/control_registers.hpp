#pragma once
// The state behind the CSR block (docs/registers.md) as the controller sees it: the job
// registers the host programs, the status and counters the controller reports, and the
// start event. The bus side (offsets, access rules) lives in tlm/csr_block.
#include <systemc>

#include "job_registers.hpp"

namespace fineq {

struct ControlRegisters {
  JobRegisters job;
  StatusRegisters status;
  sc_core::sc_event start;  // notified by a write of 1 to CONTROL.START
};

}  // namespace fineq
