#include "fast_job_timing.hpp"

namespace fineq {

FastJobTiming::FastJobTiming(double clock_mhz) : clock_period_(1e3 / clock_mhz, sc_core::SC_NS) {}

void FastJobTiming::begin_job() {
  quantum_.reset();
  schedule_ = JobSchedule{};
  annotated_cycles_ = 0;
  prefetch_cycles_ = 0;
}

void FastJobTiming::annotate() {
  const std::uint64_t total = schedule_.cycles().total;
  quantum_.inc(clock_period_ * static_cast<double>(total - annotated_cycles_));
  annotated_cycles_ = total;
  if (quantum_.need_sync()) quantum_.sync();
}

void FastJobTiming::exposed_transfer(const DmaTransfer& transfer) {
  schedule_.exposed_transfer(transfer.cycles);
  annotate();
}

void FastJobTiming::start_prefetch(const DmaTransfer& transfer) {
  prefetch_cycles_ = transfer.cycles;
}

void FastJobTiming::fold_finished(std::uint64_t compute_cycles) {
  schedule_.fold(compute_cycles, prefetch_cycles_);
  prefetch_cycles_ = 0;
  annotate();
}

CycleCounts FastJobTiming::end_job() {
  quantum_.sync();
  return schedule_.cycles();
}

}  // namespace fineq
