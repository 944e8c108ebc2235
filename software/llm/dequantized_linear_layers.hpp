#pragma once
// Quantized weights simulated in FP32: each matrix dequantized once (integer * scale, OWQ's
// FP16 columns as stored), activations unquantized. Isolates the weight error.
#include <vector>

#include "quantized_model.hpp"

namespace fineq {

class DequantizedLinearLayers : public LinearLayers {
 public:
  DequantizedLinearLayers(const Llama2cConfig& config, const QuantizedModel& model);
  void apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m, float* y) override;

 private:
  Llama2cConfig config_;
  std::vector<std::vector<float>> weights_;  // linear_index order, N x K each
};

}  // namespace fineq
