#pragma once
// How the controller spends accelerator clocks on a job's DMA transfers and folds
// (docs/timing.md, "Memory"). The fast mode composes the delays the blocks annotated (a
// transfer's cycles from the DMA engine, a fold's from the array) and advances its
// loosely-timed local time by them (FastJobTiming); the cycle-level mode hands the transfers
// to the clocked datapath and waits until the clocks have run them (CycleJobTiming).
#include <cstdint>

#include "activity_counts.hpp"

namespace fineq {

// A DMA transfer: what a waveform shows of it, and the delay the DMA engine annotated.
struct DmaTransfer {
  std::uint64_t address = 0;  // first device address
  std::uint64_t bytes = 0;
  bool write = false;  // into device memory (results); false: read into an on-chip buffer
  std::uint64_t cycles = 0;  // T(bytes) of docs/timing.md
};

class JobTiming {
 public:
  virtual ~JobTiming() = default;
  virtual void begin_job() = 0;
  // A transfer that nothing overlaps (activations, first weights, results); returns when done.
  virtual void exposed_transfer(const DmaTransfer& transfer) = 0;
  // The next fold's weights, loading into the other buffer half while the current fold runs.
  virtual void start_prefetch(const DmaTransfer& transfer) = 0;
  // The current fold has finished after compute_cycles; returns once the prefetch landed too.
  virtual void fold_finished(std::uint64_t compute_cycles) = 0;
  // The job's cycles; also called when a job is aborted.
  virtual CycleCounts end_job() = 0;
};

}  // namespace fineq
