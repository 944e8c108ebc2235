#pragma once
// The R x C weight-stationary array: its weight registers (one decoded fold) and the engine
// that runs the fold's waves. The engine is replaceable: the fast mode's FastTileEngine
// computes in bulk, a cycle-level engine can step the PEs clock by clock.
#include <memory>
#include <vector>

#include "fold_compute_engine.hpp"
#include "weight_decoder.hpp"

namespace fineq {

class SystolicArray {
 public:
  SystolicArray();

  void configure(const AcceleratorConfig& config);
  void set_engine(std::unique_ptr<FoldComputeEngine> engine) { engine_ = std::move(engine); }

  // Fills the weight registers through the decoder; returns the clusters it decoded.
  std::uint64_t load_weights(WeightDecoder& decoder, const Fold& fold,
                             const std::uint8_t* packed);
  // Runs the chunk's waves through the loaded fold; operands.weights is set here.
  FoldOutcome run_fold(FoldOperands operands) const;

 private:
  std::unique_ptr<FoldComputeEngine> engine_;
  std::vector<std::int8_t> weight_registers_;  // c_used x r_used of the loaded fold
};

}  // namespace fineq
