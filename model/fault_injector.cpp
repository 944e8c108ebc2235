#include "fault_injector.hpp"

#include <stdexcept>

namespace fineq {

void FaultInjector::arm(const std::vector<DramFault>& faults) {
  faults_.clear();
  for (const DramFault& fault : faults) {
    if (fault.start >= fault.end) throw std::invalid_argument("DRAM fault: empty address range");
    if (fault.response == tlm::TLM_INCOMPLETE_RESPONSE) {
      throw std::invalid_argument("DRAM fault: TLM_INCOMPLETE_RESPONSE is not a response");
    }
    faults_.push_back({fault, 0});
  }
}

bool FaultInjector::apply(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t first = trans.get_address();
  const std::uint64_t end = first + trans.get_data_length();
  const DramFault* firing = nullptr;
  for (ArmedFault& armed : faults_) {
    const DramFault& fault = armed.fault;
    const bool access = fault.access == DramFault::Access::Any ||
                        (fault.access == DramFault::Access::Read) == trans.is_read();
    if (!access || end <= fault.start || first >= fault.end) continue;
    // Every matching fault counts the transaction; the first that is due fires.
    if (armed.seen++ >= fault.after && firing == nullptr) firing = &fault;
  }
  if (firing == nullptr) return false;
  if (firing->response == tlm::TLM_OK_RESPONSE) {
    delay += firing->latency;
    return false;
  }
  trans.set_response_status(firing->response);
  return true;
}

}  // namespace fineq
