#pragma once
// Fast-mode timing: the delays the blocks annotated (DMA transfers, folds), composed as
// docs/timing.md "Memory" says (JobSchedule), advance the controller's local time through a
// quantum keeper (temporal decoupling), which synchronizes when the quantum is used up.
#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "job_timing.hpp"
#include "timing_model.hpp"

namespace fineq {

class FastJobTiming : public JobTiming {
 public:
  explicit FastJobTiming(double clock_mhz);

  void begin_job() override;
  void exposed_transfer(const DmaTransfer& transfer) override;
  void start_prefetch(const DmaTransfer& transfer) override;
  void fold_finished(std::uint64_t compute_cycles) override;
  CycleCounts end_job() override;

 private:
  // Advances local time to the schedule's total and syncs when the quantum is used up.
  void annotate();

  sc_core::sc_time clock_period_;
  tlm_utils::tlm_quantumkeeper quantum_;
  JobSchedule schedule_;  // of the running job
  std::uint64_t annotated_cycles_ = 0;
  std::uint64_t prefetch_cycles_ = 0;
};

}  // namespace fineq
