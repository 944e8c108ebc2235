#pragma once
// The cycle-level mode's clock domain: a clock that runs while a job is active, and ONE
// clocked process that on every rising edge advances the DMA channel (CycleDmaChannel) and
// the array (CycleArray, with its decoder) by one clock. The controller's thread hands work
// to it and waits for the completion events, so that stalls (the next fold waiting for its
// weights) and the cycle counters follow from the clocks, not from the formulas.
#include <cstdint>
#include <memory>
#include <systemc>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "cycle_array.hpp"
#include "cycle_dma.hpp"
#include "job_timing.hpp"

namespace fineq {

class CycleTracer;

class CycleDatapath : public sc_core::sc_module {
 public:
  sc_core::sc_signal<bool> clock;

  explicit CycleDatapath(sc_core::sc_module_name name);

  // Array, PE, decoder, memory timing and clock period for the next job (while idle).
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
  const CycleDmaChannel& dma() const { return *dma_; }
  const DmaTransfer& current_transfer() const { return transfer_; }
  std::uint32_t last_beat_bytes() const { return last_beat_; }
  std::uint64_t folds_started() const { return folds_started_; }
  bool job_active() const { return job_active_; }

 private:
  void clock_thread();
  void on_rising_edge();

  AcceleratorConfig config_;
  std::unique_ptr<CycleArray> array_;
  std::unique_ptr<CycleDmaChannel> dma_;
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
