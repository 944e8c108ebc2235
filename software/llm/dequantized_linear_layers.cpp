#include "dequantized_linear_layers.hpp"

#include "llama_operators.hpp"

namespace fineq {

DequantizedLinearLayers::DequantizedLinearLayers(const Llama2cConfig& config, const QuantizedModel& model)
    : config_(config) {
  for (const QuantizedMatrix& matrix : model.matrices) weights_.push_back(matrix.dequantize());
}

void DequantizedLinearLayers::apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                                    float* y) {
  const LinearShape shape = linear_shape(config_, kind);
  matmul_fp32(x, m, shape.cols, weights_.at(linear_index(layer, kind)).data(), shape.rows, y);
}

}  // namespace fineq
