#pragma once
// The accelerator's sequencer: waits for START, checks the job registers, plans the folds
// (docs/timing.md) and runs them by sending commands to the blocks and waiting for each to
// complete: per m-chunk the DMA brings the activations and their scales in, then per fold
// the DMA moves the weights into one half of the double-buffered weight buffer (the next
// fold's into the other half while the current one computes), the decoder delivers the tile
// to the array, and the array runs the waves (and, at the end of a scale group, its output
// stage); finally the DMA takes Y out. It owns no data. The blocks' delays are composed by a
// JobTiming: added up and annotated in the fast mode, waited for on the clocks in the cycle-
// level mode. It reports cycles and the blocks' counters in the status registers.
#include <memory>
#include <systemc>

#include "access_meter.hpp"
#include "accelerator_config.hpp"
#include "array_control.hpp"
#include "control_registers.hpp"
#include "decoder_control.hpp"
#include "dma_control.hpp"
#include "job_setup.hpp"
#include "job_timing.hpp"

namespace fineq {

class Controller : public sc_core::sc_module {
 public:
  sc_core::sc_port<DmaControl> dma;
  sc_core::sc_port<DecoderControl> decoder;
  sc_core::sc_port<ArrayControl> array;
  sc_core::sc_port<AccessMeter> weight_meter;
  sc_core::sc_port<AccessMeter> activation_meter;
  sc_core::sc_port<AccessMeter> output_meter;

  // `memory`: the device-memory window (bus addresses) that job regions must lie in.
  Controller(sc_core::sc_module_name name, ControlRegisters& registers, const MemorySpan& memory);

  // The next job's hardware parameters and how its delays are composed (while idle).
  void configure(const AcceleratorConfig& config, std::unique_ptr<JobTiming> timing);

 private:
  void control_thread();
  void run_job(const JobSetup& setup);
  // Loads a fold's packed rows and FP16 scales into a half of the weight buffer.
  DmaTransfer load_fold_weights(const JobSetup& setup, const Fold& fold, std::uint32_t half);

  ControlRegisters& registers_;
  MemorySpan memory_;
  AcceleratorConfig config_;
  std::unique_ptr<JobTiming> timing_;
};

}  // namespace fineq
