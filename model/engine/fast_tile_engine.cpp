#include "fast_tile_engine.hpp"

#include "timing_model.hpp"

namespace fineq {

namespace {
// One column's dot product; a plain loop that the compiler vectorizes.
std::int32_t dot(const std::int8_t* a, const std::int8_t* w, std::uint32_t length) {
  std::int32_t sum = 0;
  for (std::uint32_t r = 0; r < length; ++r) sum += std::int32_t{a[r]} * std::int32_t{w[r]};
  return sum;
}
}  // namespace

FoldOutcome FastTileEngine::compute_fold(const FoldOperands& op) {
  const Fold& fold = *op.fold;
  for (std::uint32_t m = 0; m < op.chunk_rows; ++m) {
    const std::int8_t* a = op.activations + m * op.activation_stride;
    std::int32_t* sums = op.column_sums + m * op.column_sum_stride;
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      sums[c] += dot(a, op.weights + std::size_t{c} * fold.r_used, fold.r_used);
    }
  }
  const AcceleratorConfig& config = *op.config;
  const FoldWeightStats stats =
      fold_weight_stats(op.weights, std::size_t{fold.c_used} * fold.r_used);
  const std::uint32_t window = fold_window(config, op.codebook_max_magnitude, stats.max_abs);
  FoldOutcome outcome;
  outcome.compute_cycles = fold_compute_cycles(config, op.chunk_rows, window,
                                               load_phase_cycles(config, op.decode_cycles));
  outcome.activity = fold_array_activity(config, op.chunk_rows, fold, window, stats);
  return outcome;
}

}  // namespace fineq
