#include "systolic_array.hpp"

#include "fast_tile_engine.hpp"

namespace fineq {

SystolicArray::SystolicArray() : engine_(std::make_unique<FastTileEngine>()) {}

void SystolicArray::configure(const AcceleratorConfig& config) {
  weight_registers_.assign(std::size_t{config.rows} * config.cols, 0);
}

std::uint64_t SystolicArray::load_weights(WeightDecoder& decoder, const Fold& fold,
                                          const std::uint8_t* packed) {
  return decoder.decode_fold(fold, packed, weight_registers_.data());
}

FoldOutcome SystolicArray::run_fold(FoldOperands operands) const {
  operands.weights = weight_registers_.data();
  return engine_->compute_fold(operands);
}

}  // namespace fineq
