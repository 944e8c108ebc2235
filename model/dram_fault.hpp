#pragma once
// One fault the DRAM model can be told to inject (model/fault_injector.hpp): an error
// response or extra latency for the transactions that touch an address range, optionally
// only after a number of them have passed. docs/fault-injection.md describes the use.
#include <cstdint>
#include <limits>
#include <systemc>
#include <tlm>

namespace fineq {

struct DramFault {
  enum class Access : std::uint8_t { Any, Read, Write };

  std::uint64_t start = 0;  // first DRAM offset covered
  std::uint64_t end = std::numeric_limits<std::uint64_t>::max();  // one past the last
  Access access = Access::Any;
  // Matching transactions that pass unharmed before the fault fires on every later one.
  std::uint64_t after = 0;
  // The response of a fired fault; TLM_OK_RESPONSE injects latency only.
  tlm::tlm_response_status response = tlm::TLM_GENERIC_ERROR_RESPONSE;
  sc_core::sc_time latency = sc_core::SC_ZERO_TIME;  // added to a fired transaction's delay
};

}  // namespace fineq
