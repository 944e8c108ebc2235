#pragma once
// Collects H = X^T X of every block linear layer's input during the FP32 forward pass.
// wq, wk and wv read the same input, as do w1 and w3, so they share one Hessian.
#include <cstdint>
#include <vector>

#include "calibration_tokens.hpp"
#include "layer_hessian.hpp"
#include "linear_layers.hpp"
#include "llama2c_checkpoint.hpp"

namespace fineq {

class LayerHessianCollector : public LinearInputObserver {
 public:
  explicit LayerHessianCollector(const Llama2cConfig& config);

  void observe(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
               std::uint32_t k) override;

  // Runs the FP32 forward pass over every sequence (each from position 0) and observes it.
  void collect(const Llama2cCheckpoint& checkpoint, const TokenSequences& sequences);

  // The Hessian of block `layer`'s matrix `kind` (shared ones are the same object).
  const LayerHessian& hessian(std::uint32_t layer, LinearKind kind) const;

 private:
  // wq/wk/wv -> wq, w3 -> w1: the kind whose input is recorded.
  static LinearKind input_site(LinearKind kind);

  std::uint32_t layers_;
  std::vector<LayerHessian> hessians_;  // [layer * 7 + kind], only input sites are filled
};

}  // namespace fineq
