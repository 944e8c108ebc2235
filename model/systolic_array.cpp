#include "systolic_array.hpp"

#include <algorithm>

#include "output_scaling.hpp"

namespace fineq {

SystolicArray::SystolicArray(sc_core::sc_module_name name)
    : sc_module(name),
      activation_port("activation"),
      output_port("output"),
      scale_port("scale"),
      scale_registers("scale_registers", 0) {}

void SystolicArray::configure(const AcceleratorConfig& config,
                              std::unique_ptr<FoldComputeEngine> engine) {
  config_ = config;
  engine_ = std::move(engine);
}

void SystolicArray::set_use_dmi(bool use) {
  for (BufferPort* p : {&activation_port, &output_port, &scale_port}) p->set_use_dmi(use);
}

void SystolicArray::load_tile(const WeightTile& tile) {
  // The tile stays valid until the decoder's next fold, which starts after this one ends: the
  // decoder's output registers are the weights the PEs hold (no copy on the fast path).
  tile_ = tile;
}

void SystolicArray::begin_job(const JobSetup& setup) {
  shape_ = setup.shape;
  codebook_ = &setup.codebook;
  codebook_max_magnitude_ =
      setup.layout.encoding == Encoding::FineQV1 ? setup.codebook.max_magnitude() : 0;
  accumulators_.assign(std::size_t{setup.plan.chunk_rows} * config_.cols, 0);
  // One FP32 activation scale per row of an m-chunk.
  scale_registers.resize(4ull * setup.plan.chunk_rows);
  output_scalings_ = 0;
}

FoldOutcome SystolicArray::run_fold(const Fold& fold, const MChunk& chunk) {
  if (fold.first_of_segment) std::fill(accumulators_.begin(), accumulators_.end(), 0);
  FoldOperands operands;
  operands.config = &config_;
  operands.fold = &fold;
  operands.chunk_rows = chunk.rows;
  operands.activations = reinterpret_cast<const std::int8_t*>(
      activation_port.read(fold.k0, fold.r_used, chunk.rows, shape_.k));
  operands.activation_stride = shape_.k;
  operands.weights = tile_.weights;
  operands.packed_weights = tile_.packed;
  operands.codebook = codebook_;
  operands.codebook_max_magnitude = codebook_max_magnitude_;
  operands.column_sums = accumulators_.data();
  operands.column_sum_stride = config_.cols;
  operands.decode_cycles = tile_.decode_cycles;
  const FoldOutcome outcome = engine_->compute_fold(operands);
  if (fold.last_of_segment) output_stage(fold, chunk);
  return outcome;
}

void SystolicArray::output_stage(const Fold& fold, const MChunk& chunk) {
  OutputScaling stage;
  stage.rows = chunk.rows;
  stage.channels = fold.c_used;
  stage.sums = accumulators_.data();
  stage.sum_stride = config_.cols;
  stage.fp16_weight_scales = tile_.fp16_scales;
  stage.activation_scales = reinterpret_cast<const float*>(scale_port.read(0, 4ull * chunk.rows));
  stage.first_group = fold.segment == 0;
  // Y rows of the chunk, N FP32 values apart; this fold's channels start at n0. A later group
  // reads the running Y first; begin_write's span then holds what read() returned.
  const std::uint64_t offset = 4ull * fold.n0;
  stage.y_stride = 4ull * shape_.n;
  const std::uint64_t span = 4ull * fold.c_used;
  if (!stage.first_group) output_port.read(offset, span, chunk.rows, stage.y_stride);
  stage.y = output_port.begin_write(offset, span, chunk.rows, stage.y_stride);
  scale_into_y(stage);
  output_port.end_write();
  output_scalings_ += std::uint64_t{chunk.rows} * fold.c_used;
}

}  // namespace fineq
