#pragma once
// The R x C weight-stationary array with its output stage. It takes decoded weight tiles from
// the decoder (WeightTileSink), reads a fold's activations from the activation buffer over
// `activation_port`, runs the waves in its FoldComputeEngine (the fast mode's FastTileEngine
// computes in bulk, the cycle-level engine steps the PEs clock by clock) into its INT32 column
// accumulators, and at the end of a scale group scales them into FP32 Y in the output buffer
// over `output_port` (FINEQ-SPEC section 4). The activation scales of the m-chunk sit in its
// own small register file, `scale_registers`, which the DMA fills.
#include <cstdint>
#include <memory>
#include <systemc>
#include <vector>

#include "accelerator_config.hpp"
#include "array_control.hpp"
#include "buffer_port.hpp"
#include "fold_compute_engine.hpp"
#include "sram_buffer.hpp"
#include "weight_tile.hpp"

namespace fineq {

class SystolicArray : public sc_core::sc_module, public ArrayControl, public WeightTileSink {
 public:
  BufferPort activation_port;
  BufferPort output_port;
  BufferPort scale_port;  // to scale_registers
  SramBuffer scale_registers;

  explicit SystolicArray(sc_core::sc_module_name name);

  // Array shape and PE for the next job, and the engine that runs its folds (while idle).
  void configure(const AcceleratorConfig& config, std::unique_ptr<FoldComputeEngine> engine);
  void set_use_dmi(bool use);

  void load_tile(const WeightTile& tile) override;
  void begin_job(const JobSetup& setup) override;
  FoldOutcome run_fold(const Fold& fold, const MChunk& chunk) override;
  std::uint64_t output_scalings() const override { return output_scalings_; }

 private:
  void output_stage(const Fold& fold, const MChunk& chunk);

  AcceleratorConfig config_;
  std::unique_ptr<FoldComputeEngine> engine_;
  WeightTile tile_;  // the loaded fold's weights
  std::vector<std::int32_t> accumulators_;  // INT32 column sums, Mc x C
  GemmShape shape_;
  const Codebook* codebook_ = nullptr;  // of the running job
  int codebook_max_magnitude_ = 0;
  std::uint64_t output_scalings_ = 0;
};

}  // namespace fineq
