#pragma once
// The cycle-level mode's fold engine: runs a fold on the clocked datapath's CycleArray
// (temporal PE: its weights through the cycle-level decoder from the packed bytes) and
// returns the clocks it took and the events the stepping counted.
#include "cycle_datapath.hpp"
#include "fold_compute_engine.hpp"

namespace fineq {

class CycleFoldEngine : public FoldComputeEngine {
 public:
  explicit CycleFoldEngine(CycleDatapath& datapath) : datapath_(datapath) {}
  // Must be called from an SC_THREAD: it waits while the clocks run the fold.
  FoldOutcome compute_fold(const FoldOperands& operands) override;

 private:
  CycleDatapath& datapath_;
};

}  // namespace fineq
