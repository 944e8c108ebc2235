#pragma once
// The one interface through which the Llama forward pass runs every linear layer of every
// block (wq wk wv wo w1 w2 w3). Back ends: FP32 weights, dequantized weights, the integer
// path of FINEQ-SPEC section 4, the SystemC accelerator. The embedding, the RMSNorm weights
// and the classifier are not linear layers of a block and stay FP32 (docs/llm.md).
#include <cstdint>

#include "llama2c_checkpoint.hpp"

namespace fineq {

enum class LinearKind : std::uint8_t { Wq, Wk, Wv, Wo, W1, W2, W3 };
constexpr unsigned kLinearKindCount = 7;
constexpr LinearKind kLinearKinds[kLinearKindCount] = {LinearKind::Wq, LinearKind::Wk, LinearKind::Wv,
                                                       LinearKind::Wo, LinearKind::W1, LinearKind::W2,
                                                       LinearKind::W3};

// "wq" ... "w3", the names linear_weights() gives ("layers.<l>.<name>").
const char* linear_kind_name(LinearKind kind);

// Shape of one linear layer: y[N] = W[N x K] * x[K].
struct LinearShape {
  std::uint32_t rows;  // N, output features
  std::uint32_t cols;  // K, input features
};
LinearShape linear_shape(const Llama2cConfig& config, LinearKind kind);

// Position of a layer in linear_weights() order: layer * 7 + kind.
inline std::size_t linear_index(std::uint32_t layer, LinearKind kind) {
  return static_cast<std::size_t>(layer) * kLinearKindCount + static_cast<std::size_t>(kind);
}

class LinearLayers {
 public:
  virtual ~LinearLayers() = default;
  // y (m x N, row-major) = x (m x K, row-major) times W^T for block `layer`'s matrix `kind`;
  // the m rows are m tokens. Every row must come out as if computed alone (per-token
  // activation scales), so batching a prompt gives the same tokens as one at a time.
  virtual void apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                     float* y) = 0;
};

// Sees every linear layer's input before it is applied: the hook for calibration (for
// example GPTQ's H = X^T X per layer). x is m x k row-major, valid during the call only.
class LinearInputObserver {
 public:
  virtual ~LinearInputObserver() = default;
  virtual void observe(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                       std::uint32_t k) = 0;
};

}  // namespace fineq
