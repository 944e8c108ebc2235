#pragma once
// The cycle-level mode's clock domain: a clock that runs while a job is active, and ONE
// clocked process that on every rising edge advances the DMA channel (CycleDmaChannel) and
// the array by one clock: CycleArray (plain C++, --mode cycle) or, in --mode structural,
// the StructuralArray of PE modules, whose sequencer this process runs. The controller's
// thread hands work to it and waits for the completion events, so that stalls (the next fold waiting for its
// weights) and the cycle counters follow from the clocks, not from the formulas.
#include <cstdint>
#include <memory>
#include <systemc>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "cycle_array.hpp"
#include "cycle_dma.hpp"
#include "job_timing.hpp"
#include "structural_array.hpp"

namespace fineq {

class CycleTracer;

class CycleDatapath : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> clock;

  explicit CycleDatapath(sc_core::sc_module_name name);

  // Array, PE, decoder, memory timing and clock period for the next job (while idle). In
  // structural mode the first call builds the StructuralArray (it must come before the
  // simulation starts); throws std::invalid_argument naming the flag if it cannot be built
  // or was built for another shape.
  void configure(const AcceleratorConfig& config);
  // Mirrors the state into a VCD on every clock edge; nullptr stops tracing.
  void set_tracer(CycleTracer* tracer) { tracer_ = tracer; }

  // Controller side; the waiting calls must come from an SC_THREAD.
  void begin_job();  // starts the clock and the cycle counters
  void start_transfer(const DmaTransfer& transfer);  // returns at once
  void wait_transfer();                              // until the channel is idle
  void run_fold(const CycleFold& fold);              // starts the fold and waits for its end
  // Stops the clock; the job's cycles (total since begin_job, compute = clocks in which a
  // fold ran, stall = the rest).
  CycleCounts end_job();

  CycleArray& array() { return *array_; }
  const CycleArray& array() const { return *array_; }
  // The array the clock advances in this job's mode.
  ClockedArray& clocked_array() {
    return structural_active() ? static_cast<ClockedArray&>(*structural_) : *array_;
  }
  const ClockedArray& clocked_array() const {
    return structural_active() ? static_cast<const ClockedArray&>(*structural_) : *array_;
  }
  // The structural array if this job runs in --mode structural, else nullptr.
  const StructuralArray* structural_array() const {
    return structural_active() ? structural_.get() : nullptr;
  }
  const CycleDmaChannel& dma() const { return *dma_; }
  const DmaTransfer& current_transfer() const { return transfer_; }
  std::uint32_t last_beat_bytes() const { return last_beat_; }
  std::uint64_t folds_started() const { return folds_started_; }
  bool job_active() const { return job_active_; }

 private:
  void clock_thread();
  void on_rising_edge();
  void configure_structural(const AcceleratorConfig& config);
  bool structural_active() const {
    return config_.mode == SimMode::Structural && structural_ != nullptr;
  }

  AcceleratorConfig config_;
  std::unique_ptr<CycleArray> array_;
  std::unique_ptr<CycleDmaChannel> dma_;
  std::unique_ptr<StructuralArray> structural_;  // built by the first structural job
  sc_core::sc_time half_period_;
  CycleTracer* tracer_ = nullptr;

  bool job_active_ = false;
  sc_core::sc_event clock_enable_;
  sc_core::sc_event fold_done_;
  sc_core::sc_event transfer_done_;
  DmaTransfer transfer_;
  std::uint32_t last_beat_ = 0;
  std::uint64_t folds_started_ = 0;
  CycleCounts cycles_;
};

}  // namespace fineq
