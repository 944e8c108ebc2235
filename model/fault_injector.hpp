#pragma once
// The faults a target applies to its b_transport traffic (used by Dram): each transaction
// that overlaps a fault's range and access kind is counted; from the fault's `after`-th on,
// it fails with the fault's response or is delayed by its latency. While faults are armed
// the target must grant no DMI, or the DMA engine would copy around them.
#include <cstdint>
#include <vector>

#include "dram_fault.hpp"

namespace fineq {

class FaultInjector {
 public:
  // Replaces the armed faults and restarts their transaction counts.
  void arm(const std::vector<DramFault>& faults);
  void disarm() { faults_.clear(); }
  bool armed() const { return !faults_.empty(); }

  // Counts `trans` against every matching fault. The first fault that fires sets its error
  // response on `trans` (returns true: the target must not carry it out) or adds its latency
  // to `delay` (returns false).
  bool apply(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

 private:
  struct ArmedFault {
    DramFault fault;
    std::uint64_t seen = 0;  // matching transactions so far
  };
  std::vector<ArmedFault> faults_;
};

}  // namespace fineq
