#pragma once
// The reference back end: every linear layer with the checkpoint's own FP32 weights.
#include "linear_layers.hpp"

namespace fineq {

class Fp32LinearLayers : public LinearLayers {
 public:
  // Keeps a reference: the checkpoint must outlive this object.
  explicit Fp32LinearLayers(const Llama2cCheckpoint& checkpoint) : checkpoint_(checkpoint) {}
  void apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m, float* y) override;

 private:
  const Llama2cCheckpoint& checkpoint_;
};

}  // namespace fineq
