#pragma once
// Fast-mode timing: the closed-form schedule of docs/timing.md (DramSchedule), annotated on
// the controller's local time with a quantum keeper (temporal decoupling) and synchronized
// when the quantum is used up.
#include <optional>
#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "accelerator_config.hpp"
#include "job_timing.hpp"
#include "timing_model.hpp"

namespace fineq {

class FastJobTiming : public JobTiming {
 public:
  explicit FastJobTiming(const AcceleratorConfig& config);

  void begin_job() override;
  void exposed_transfer(const DmaTransfer& transfer) override;
  void start_prefetch(const DmaTransfer& transfer) override;
  void fold_finished(std::uint64_t compute_cycles) override;
  CycleCounts end_job() override;

 private:
  // Advances local time to the schedule's total and syncs when the quantum is used up.
  void annotate();

  const AcceleratorConfig& config_;
  sc_core::sc_time clock_period_;
  tlm_utils::tlm_quantumkeeper quantum_;
  std::optional<DramSchedule> schedule_;  // of the running job
  std::uint64_t annotated_cycles_ = 0;
  std::uint64_t prefetch_bytes_ = 0;
};

}  // namespace fineq
