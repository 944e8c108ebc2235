#include "fault_injector.hpp"

#include <stdexcept>

namespace fineq {

void FaultInjector::arm(const std::vector<DramFault>& faults) {
  faults_.clear();
  fired_ = 0;
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
  bool failed = false;
  bool fired = false;
  for (ArmedFault& armed : faults_) {
    const DramFault& fault = armed.fault;
    const bool access = fault.access == DramFault::Access::Any ||
                        (fault.access == DramFault::Access::Read) == trans.is_read();
    if (!access || end <= fault.start || first >= fault.end) continue;
    if (armed.seen++ < fault.after || fired) continue;
    fired = true;
    if (fault.response == tlm::TLM_OK_RESPONSE) {
      delay += fault.latency;
    } else {
      trans.set_response_status(fault.response);
      failed = true;
    }
  }
  fired_ += fired ? 1 : 0;
  return failed;
}

}  // namespace fineq
