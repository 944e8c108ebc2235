#pragma once
// Cycle-level timing: every transfer and fold runs on the clocked datapath, and the
// controller waits for it; a fold's stall (its successor's weights still loading) and the
// job's cycle counters come from the clocks.
#include "cycle_datapath.hpp"
#include "job_timing.hpp"

namespace fineq {

class CycleJobTiming : public JobTiming {
 public:
  explicit CycleJobTiming(CycleDatapath& datapath) : datapath_(datapath) {}

  void begin_job() override { datapath_.begin_job(); }
  void exposed_transfer(const DmaTransfer& transfer) override {
    datapath_.start_transfer(transfer);
    datapath_.wait_transfer();
  }
  void start_prefetch(const DmaTransfer& transfer) override { datapath_.start_transfer(transfer); }
  // The fold itself ran on the clocks already (CycleFoldEngine); its length is not needed.
  void fold_finished(std::uint64_t) override { datapath_.wait_transfer(); }
  CycleCounts end_job() override { return datapath_.end_job(); }

 private:
  CycleDatapath& datapath_;
};

}  // namespace fineq
