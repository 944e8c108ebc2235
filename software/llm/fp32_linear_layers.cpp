#include "fp32_linear_layers.hpp"

#include "llama_operators.hpp"

namespace fineq {

void Fp32LinearLayers::apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                             float* y) {
  const std::vector<float>* tensors[kLinearKindCount] = {
      &checkpoint_.wq, &checkpoint_.wk, &checkpoint_.wv, &checkpoint_.wo,
      &checkpoint_.w1, &checkpoint_.w2, &checkpoint_.w3};
  const LinearShape shape = linear_shape(checkpoint_.config, kind);
  const std::size_t matrix = static_cast<std::size_t>(shape.rows) * shape.cols;
  const float* w = tensors[static_cast<unsigned>(kind)]->data() + layer * matrix;
  matmul_fp32(x, m, shape.cols, w, shape.rows, y);
}

}  // namespace fineq
