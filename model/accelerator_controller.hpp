#pragma once
// The accelerator's controller and datapath: waits for START, checks the job registers,
// plans the folds and runs them (docs/timing.md): per m-chunk it DMAs the activations in,
// then per fold moves the weights into one half of the double-buffered weight buffer,
// decodes them into the array, runs the waves, and at the end of each scale group scales
// the INT32 column sums into Y (FINEQ-SPEC section 4); finally it DMAs Y out and reports
// counters. The job's clocks are spent through a JobTiming: loosely timed in the fast mode
// (the timing model's cycles annotated with a quantum keeper), on the clocked CycleDatapath in
// the cycle-level mode.
#include <memory>
#include <systemc>
#include <vector>

#include "accelerator_config.hpp"
#include "control_registers.hpp"
#include "cycle_datapath.hpp"
#include "dma_port.hpp"
#include "job_setup.hpp"
#include "job_timing.hpp"
#include "sram_buffer.hpp"
#include "systolic_array.hpp"
#include "timing_model.hpp"
#include "weight_decoder.hpp"

namespace fineq {

class AcceleratorController : public sc_core::sc_module {
 public:
  // `memory`: the device-memory window (bus addresses) that job regions must lie in.
  AcceleratorController(sc_core::sc_module_name name, ControlRegisters& registers, DmaPort& dma,
                        const MemorySpan& memory);

  // Hardware parameters for the next job (array shape, PE, buffers, memory timing). Called
  // while no job runs; throws std::invalid_argument for an invalid configuration.
  void configure(const AcceleratorConfig& config);
  // The cycle-level mode's clock domain (idle in the fast mode), e.g. to attach a tracer.
  CycleDatapath& cycle_datapath() { return cycle_datapath_; }

 private:
  void control_thread();
  void run_job(const JobSetup& setup);
  // Returns the transfer of the packed rows and scales, for the job's timing.
  DmaTransfer load_fold_weights(const JobSetup& setup, const Fold& fold, std::uint32_t half);
  void output_stage(const MChunk& chunk, const Fold& fold, const std::uint8_t* fp16_scales,
                    std::uint32_t n);
  ControlRegisters& registers_;
  DmaPort& dma_;
  MemorySpan memory_;
  AcceleratorConfig config_;
  CycleDatapath cycle_datapath_;
  std::unique_ptr<JobTiming> timing_;

  SramBuffer weight_buffer_;  // two halves of config.weight_buffer_bytes
  SramBuffer activation_buffer_;
  SramBuffer output_buffer_;  // FP32 Y of the m-chunk
  WeightDecoder decoder_;
  SystolicArray array_;
  std::vector<std::int32_t> accumulators_;  // INT32 column sums, Mc x C
  std::vector<float> activation_scales_;    // of the m-chunk
  std::uint64_t output_scalings_ = 0;
  std::uint64_t decoded_clusters_ = 0;
};

}  // namespace fineq
