#include "accelerator_controller.hpp"

#include <cstring>

#include "fp16.hpp"

namespace fineq {

AcceleratorController::AcceleratorController(sc_core::sc_module_name name,
                                             ControlRegisters& registers, DmaPort& dma,
                                             const MemorySpan& memory)
    : sc_module(name),
      registers_(registers),
      dma_(dma),
      memory_(memory),
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
  clock_period_ = sc_core::sc_time(1e3 / config.clock_mhz, sc_core::SC_NS);
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
    quantum_.reset();
    annotated_cycles_ = 0;
    try {
      run_job(check_job(registers_.job, config_, memory_));
      status.done = true;
    } catch (const JobError& error) {
      quantum_.sync();
      status.error = true;
      status.cause = error.cause();
      status.detail = error.detail();
      SC_REPORT_INFO(name(), (std::string("job rejected: ") + error.what()).c_str());
    }
    status.busy = false;
  }
}

void AcceleratorController::annotate(const DramSchedule& schedule) {
  const std::uint64_t total = schedule.cycles().total;
  quantum_.inc(clock_period_ * static_cast<double>(total - annotated_cycles_));
  annotated_cycles_ = total;
  if (quantum_.need_sync()) quantum_.sync();
}

void AcceleratorController::load_fold_weights(const JobSetup& setup, const Fold& fold,
                                              std::uint32_t half) {
  const std::uint64_t row_bytes = setup.layout.row_bytes(setup.shape.k);
  const std::uint64_t groups = setup.layout.groups_per_row(setup.shape.k);
  std::uint8_t* packed = weight_buffer_.write_span(half * config_.weight_buffer_bytes,
                                                   fold.weight_bytes());
  dma_.read_blocks(setup.regions[0].addr + fold.n0 * row_bytes + fold.first_byte, row_bytes,
                   fold.bytes_per_channel, fold.c_used, packed);
  dma_.read_blocks(setup.regions[1].addr + 2 * (fold.n0 * groups + fold.segment), 2 * groups, 2,
                   fold.c_used, packed + fold.packed_bytes());
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

  DramSchedule schedule(config_);
  ActivityCounts activity;
  for (const MChunk& chunk : plan.m_chunks) {
    const std::uint64_t activation_bytes = std::uint64_t{chunk.rows} * shape.k;
    dma_.read_blocks(setup.regions[2].addr + std::uint64_t{chunk.m0} * shape.k, 0,
                     activation_bytes, 1, activation_buffer_.write_span(0, activation_bytes));
    // The scales go straight to the output stage's registers.
    dma_.read_blocks(setup.regions[3].addr + 4ull * chunk.m0, 0, 4ull * chunk.rows, 1,
                     reinterpret_cast<std::uint8_t*>(activation_scales_.data()));
    schedule.exposed_transfer(chunk_activation_bytes(shape, chunk));
    load_fold_weights(setup, plan.folds.front(), 0);
    schedule.exposed_transfer(plan.folds.front().weight_bytes());
    annotate(schedule);

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
      const FoldOutcome outcome = array_.run_fold(operands);
      add_activity(activity, outcome.activity);

      // Double buffering: the next fold's weights load into the other half meanwhile.
      const bool has_next = f + 1 < plan.folds.size();
      if (has_next) load_fold_weights(setup, plan.folds[f + 1], 1 - half);
      schedule.fold(outcome.compute_cycles, has_next ? plan.folds[f + 1].weight_bytes() : 0);
      if (fold.last_of_segment) {
        output_stage(chunk, fold, fold_bytes + fold.packed_bytes(), shape.n);
      }
      annotate(schedule);
    }

    const std::uint64_t result_bytes = chunk_result_bytes(shape, chunk);
    dma_.write(setup.regions[4].addr + 4ull * chunk.m0 * shape.n,
               output_buffer_.read_span(0, result_bytes), result_bytes);
    schedule.exposed_transfer(result_bytes);
    annotate(schedule);
  }
  quantum_.sync();

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
  registers_.status.cycles = schedule.cycles();
  registers_.status.activity = activity;
}

}  // namespace fineq
