#include "accelerator_controller.hpp"

#include <cstring>

#include "cycle_fold_engine.hpp"
#include "cycle_job_timing.hpp"
#include "fast_job_timing.hpp"
#include "fast_tile_engine.hpp"
#include "fp16.hpp"

namespace fineq {

AcceleratorController::AcceleratorController(sc_core::sc_module_name name,
                                             ControlRegisters& registers, DmaPort& dma,
                                             const MemorySpan& memory)
    : sc_module(name),
      registers_(registers),
      dma_(dma),
      memory_(memory),
      cycle_datapath_("cycle_datapath"),
      weight_buffer_("weight buffer", 0),
      activation_buffer_("activation buffer", 0),
      output_buffer_("output buffer", 0) {
  configure(AcceleratorConfig{});
  SC_HAS_PROCESS(AcceleratorController);
  SC_THREAD(control_thread);
}

void AcceleratorController::configure(const AcceleratorConfig& config) {
  config.validate();
  config_ = config;
  cycle_datapath_.configure(config);
  if (config.mode == SimMode::Cycle) {
    array_.set_engine(std::make_unique<CycleFoldEngine>(cycle_datapath_));
    timing_ = std::make_unique<CycleJobTiming>(cycle_datapath_);
  } else {
    array_.set_engine(std::make_unique<FastTileEngine>());
    timing_ = std::make_unique<FastJobTiming>(config_);
  }
  weight_buffer_.resize(2 * config.weight_buffer_bytes);
  activation_buffer_.resize(config.activation_buffer_bytes);
  output_buffer_.resize(config.output_buffer_bytes);
  array_.configure(config);
}

void AcceleratorController::control_thread() {
  for (;;) {
    sc_core::wait(registers_.start);
    StatusRegisters& status = registers_.status;
    status = StatusRegisters{};
    status.busy = true;
    timing_->begin_job();
    try {
      run_job(check_job(registers_.job, config_, memory_));
      status.done = true;
    } catch (const JobError& error) {
      timing_->end_job();
      status.error = true;
      status.cause = error.cause();
      status.detail = error.detail();
      status.bus = error.bus();
      SC_REPORT_INFO(name(), (std::string("job rejected: ") + error.what()).c_str());
    }
    status.busy = false;
  }
}

DmaTransfer AcceleratorController::load_fold_weights(const JobSetup& setup, const Fold& fold,
                                              std::uint32_t half) {
  const std::uint64_t row_bytes = setup.layout.row_bytes(setup.shape.k);
  const std::uint64_t groups = setup.layout.groups_per_row(setup.shape.k);
  std::uint8_t* packed = weight_buffer_.write_span(half * config_.weight_buffer_bytes,
                                                   fold.weight_bytes());
  const std::uint64_t rows_addr = setup.regions[0].addr + fold.n0 * row_bytes + fold.first_byte;
  dma_.read_blocks(rows_addr, row_bytes, fold.bytes_per_channel, fold.c_used, packed);
  dma_.read_blocks(setup.regions[1].addr + 2 * (fold.n0 * groups + fold.segment), 2 * groups, 2,
                   fold.c_used, packed + fold.packed_bytes());
  return {rows_addr, fold.weight_bytes(), false};
}

void AcceleratorController::output_stage(const MChunk& chunk, const Fold& fold,
                                         const std::uint8_t* fp16_scales, std::uint32_t n) {
  float weight_scales[4096];  // AcceleratorConfig::validate() caps C at 4096
  for (std::uint32_t c = 0; c < fold.c_used; ++c) {
    std::uint16_t half = 0;
    std::memcpy(&half, fp16_scales + 2 * c, 2);
    weight_scales[c] = half_to_float(half);
  }
  // Y rows of the chunk, N FP32 values apart; this fold's channels start at n0.
  const std::uint64_t offset = 4ull * fold.n0;
  const std::uint64_t row_stride = 4ull * n;
  const std::uint64_t span = 4ull * fold.c_used;
  if (fold.segment > 0) output_buffer_.read_span(offset, span, chunk.rows, row_stride);
  std::uint8_t* y = output_buffer_.write_span(offset, span, chunk.rows, row_stride);
  for (std::uint32_t m = 0; m < chunk.rows; ++m) {
    const float activation_scale = activation_scales_[m];
    const std::int32_t* sums = accumulators_.data() + std::size_t{m} * config_.cols;
    std::uint8_t* y_row = y + m * row_stride;
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      // Exactly the golden order (FINEQ-SPEC section 4): the first group assigns, the later
      // groups add in group order.
      float value = static_cast<float>(sums[c]) * (weight_scales[c] * activation_scale);
      if (fold.segment > 0) {
        float previous = 0.0f;
        std::memcpy(&previous, y_row + 4 * c, 4);
        value = previous + value;
      }
      std::memcpy(y_row + 4 * c, &value, 4);
    }
  }
  output_scalings_ += std::uint64_t{chunk.rows} * fold.c_used;
}

void AcceleratorController::run_job(const JobSetup& setup) {
  const GemmShape& shape = setup.shape;
  const FoldPlan& plan = setup.plan;
  weight_buffer_.reset_counters();
  activation_buffer_.reset_counters();
  output_buffer_.reset_counters();
  dma_.reset_counters();
  decoder_.program(setup.layout, setup.codebook);
  accumulators_.assign(std::size_t{plan.chunk_rows} * config_.cols, 0);
  activation_scales_.assign(plan.chunk_rows, 0.0f);
  output_scalings_ = 0;
  decoded_clusters_ = 0;
  const int codebook_max =
      setup.layout.encoding == Encoding::FineQV1 ? setup.codebook.max_magnitude() : 0;

  ActivityCounts activity;
  for (const MChunk& chunk : plan.m_chunks) {
    const std::uint64_t activation_bytes = std::uint64_t{chunk.rows} * shape.k;
    const std::uint64_t activations_addr = setup.regions[2].addr + std::uint64_t{chunk.m0} * shape.k;
    dma_.read_blocks(activations_addr, 0, activation_bytes, 1,
                     activation_buffer_.write_span(0, activation_bytes));
    // The scales go straight to the output stage's registers.
    dma_.read_blocks(setup.regions[3].addr + 4ull * chunk.m0, 0, 4ull * chunk.rows, 1,
                     reinterpret_cast<std::uint8_t*>(activation_scales_.data()));
    timing_->exposed_transfer({activations_addr, chunk_activation_bytes(shape, chunk), false});
    timing_->exposed_transfer(load_fold_weights(setup, plan.folds.front(), 0));

    for (std::size_t f = 0; f < plan.folds.size(); ++f) {
      const Fold& fold = plan.folds[f];
      const std::uint32_t half = f % 2;
      const std::uint8_t* fold_bytes =
          weight_buffer_.read_span(half * config_.weight_buffer_bytes, fold.weight_bytes());
      decoded_clusters_ += array_.load_weights(decoder_, fold, fold_bytes);
      if (fold.first_of_segment) {
        std::fill(accumulators_.begin(), accumulators_.end(), 0);
      }
      FoldOperands operands;
      operands.config = &config_;
      operands.fold = &fold;
      operands.chunk_rows = chunk.rows;
      operands.activations = reinterpret_cast<const std::int8_t*>(
          activation_buffer_.read_span(fold.k0, fold.r_used, chunk.rows, shape.k));
      operands.activation_stride = shape.k;
      operands.codebook_max_magnitude = codebook_max;
      operands.column_sums = accumulators_.data();
      operands.column_sum_stride = config_.cols;
      operands.packed_weights = fold_bytes;
      operands.codebook = &setup.codebook;
      // Double buffering: the next fold's weights load into the other half meanwhile.
      if (f + 1 < plan.folds.size()) {
        timing_->start_prefetch(load_fold_weights(setup, plan.folds[f + 1], 1 - half));
      }
      const FoldOutcome outcome = array_.run_fold(operands);
      add_activity(activity, outcome.activity);
      timing_->fold_finished(outcome.compute_cycles);
      if (fold.last_of_segment) {
        output_stage(chunk, fold, fold_bytes + fold.packed_bytes(), shape.n);
      }
    }

    const std::uint64_t result_bytes = chunk_result_bytes(shape, chunk);
    const DmaTransfer results{setup.regions[4].addr + 4ull * chunk.m0 * shape.n, result_bytes, true};
    dma_.write(results.address, output_buffer_.read_span(0, result_bytes), result_bytes);
    timing_->exposed_transfer(results);
  }
  const CycleCounts cycles = timing_->end_job();

  activity.macs = std::uint64_t{shape.m} * shape.n * shape.k;
  activity.decoded_clusters = decoded_clusters_;
  activity.output_scalings = output_scalings_;
  activity.weight_buffer_read_bytes = weight_buffer_.read_bytes();
  activity.weight_buffer_write_bytes = weight_buffer_.write_bytes();
  activity.activation_buffer_read_bytes = activation_buffer_.read_bytes();
  activity.activation_buffer_write_bytes = activation_buffer_.write_bytes();
  activity.output_buffer_read_bytes = output_buffer_.read_bytes();
  activity.output_buffer_write_bytes = output_buffer_.write_bytes();
  activity.dram_read_bytes = dma_.read_bytes();
  activity.dram_write_bytes = dma_.write_bytes();
  registers_.status.cycles = cycles;
  registers_.status.activity = activity;
}

}  // namespace fineq
