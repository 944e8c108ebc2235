#include "layer_hessian_collector.hpp"

#include "fp32_linear_layers.hpp"
#include "transformer.hpp"

namespace fineq {

LinearKind LayerHessianCollector::input_site(LinearKind kind) {
  switch (kind) {
    case LinearKind::Wk:
    case LinearKind::Wv: return LinearKind::Wq;
    case LinearKind::W3: return LinearKind::W1;
    default: return kind;
  }
}

LayerHessianCollector::LayerHessianCollector(const Llama2cConfig& config) : layers_(config.n_layers) {
  hessians_.reserve(static_cast<std::size_t>(layers_) * kLinearKindCount);
  for (std::uint32_t layer = 0; layer < layers_; ++layer) {
    for (LinearKind kind : kLinearKinds) {
      hessians_.emplace_back(input_site(kind) == kind ? linear_shape(config, kind).cols : 0);
    }
  }
}

void LayerHessianCollector::observe(std::uint32_t layer, LinearKind kind, const float* x,
                                    std::uint32_t m, std::uint32_t /*k*/) {
  if (input_site(kind) != kind) return;  // the same input was recorded for its site
  hessians_[linear_index(layer, kind)].add_inputs(x, m);
}

void LayerHessianCollector::collect(const Llama2cCheckpoint& checkpoint, const TokenSequences& sequences) {
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  transformer.set_observer(this);
  for (const auto& sequence : sequences) {
    transformer.forward(sequence.data(), static_cast<std::uint32_t>(sequence.size()), 0);
  }
}

const LayerHessian& LayerHessianCollector::hessian(std::uint32_t layer, LinearKind kind) const {
  return hessians_[linear_index(layer, input_site(kind))];
}

}  // namespace fineq
