#include "linear_layers.hpp"

namespace fineq {

const char* linear_kind_name(LinearKind kind) {
  static const char* const names[kLinearKindCount] = {"wq", "wk", "wv", "wo", "w1", "w2", "w3"};
  return names[static_cast<unsigned>(kind)];
}

LinearShape linear_shape(const Llama2cConfig& config, LinearKind kind) {
  switch (kind) {
    case LinearKind::Wq:
    case LinearKind::Wo:
      return {config.dim, config.dim};
    case LinearKind::Wk:
    case LinearKind::Wv:
      return {config.kv_dim(), config.dim};
    case LinearKind::W1:
    case LinearKind::W3:
      return {config.hidden_dim, config.dim};
    case LinearKind::W2:
      return {config.dim, config.hidden_dim};
  }
  return {0, 0};
}

}  // namespace fineq
