#include "controller.hpp"

#include "timing_model.hpp"

namespace fineq {

Controller::Controller(sc_core::sc_module_name name, ControlRegisters& registers,
                       const MemorySpan& memory)
    : sc_module(name),
      dma("dma"),
      decoder("decoder"),
      array("array"),
      weight_meter("weight_meter"),
      activation_meter("activation_meter"),
      output_meter("output_meter"),
      registers_(registers),
      memory_(memory) {
  SC_HAS_PROCESS(Controller);
  SC_THREAD(control_thread);
}

void Controller::configure(const AcceleratorConfig& config, std::unique_ptr<JobTiming> timing) {
  config_ = config;
  timing_ = std::move(timing);
}

void Controller::control_thread() {
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

DmaTransfer Controller::load_fold_weights(const JobSetup& setup, const Fold& fold,
                                          std::uint32_t half) {
  const std::uint64_t row_bytes = setup.layout.row_bytes(setup.shape.k);
  const std::uint64_t groups = setup.layout.groups_per_row(setup.shape.k);
  const std::uint64_t base = half * config_.weight_buffer_bytes;
  DmaBlocks rows;
  rows.device_addr = setup.regions[0].addr + fold.n0 * row_bytes + fold.first_byte;
  rows.device_stride = row_bytes;
  rows.block_bytes = fold.bytes_per_channel;
  rows.count = fold.c_used;
  rows.target = DmaTarget::WeightBuffer;
  rows.target_offset = base;
  DmaBlocks scales;
  scales.device_addr = setup.regions[1].addr + 2 * (fold.n0 * groups + fold.segment);
  scales.device_stride = 2 * groups;
  scales.block_bytes = 2;
  scales.count = fold.c_used;
  scales.target = DmaTarget::WeightBuffer;
  scales.target_offset = base + fold.packed_bytes();
  return dma->load({rows, scales});
}

void Controller::run_job(const JobSetup& setup) {
  const GemmShape& shape = setup.shape;
  const FoldPlan& plan = setup.plan;
  for (auto* meter : {&weight_meter, &activation_meter, &output_meter}) {
    (*meter)->reset_counters();
  }
  dma->reset_counters();
  decoder->program(setup.layout, setup.codebook);
  array->begin_job(setup);

  ActivityCounts activity;
  for (const MChunk& chunk : plan.m_chunks) {
    DmaBlocks activations;
    activations.device_addr = setup.regions[2].addr + std::uint64_t{chunk.m0} * shape.k;
    activations.block_bytes = std::uint64_t{chunk.rows} * shape.k;
    activations.target = DmaTarget::ActivationBuffer;
    DmaBlocks scales;  // to the output stage's registers
    scales.device_addr = setup.regions[3].addr + 4ull * chunk.m0;
    scales.block_bytes = 4ull * chunk.rows;
    scales.target = DmaTarget::ActivationScales;
    timing_->exposed_transfer(dma->load({activations, scales}));
    timing_->exposed_transfer(load_fold_weights(setup, plan.folds.front(), 0));

    for (std::size_t f = 0; f < plan.folds.size(); ++f) {
      const Fold& fold = plan.folds[f];
      const std::uint32_t half = f % 2;
      decoder->decode_fold(fold, half * config_.weight_buffer_bytes);
      // Double buffering: the next fold's weights load into the other half meanwhile.
      if (f + 1 < plan.folds.size()) {
        timing_->start_prefetch(load_fold_weights(setup, plan.folds[f + 1], 1 - half));
      }
      const FoldOutcome outcome = array->run_fold(fold, chunk);
      add_activity(activity, outcome.activity);
      timing_->fold_finished(outcome.compute_cycles);
    }

    timing_->exposed_transfer(dma->store(DmaTarget::OutputBuffer, 0,
                                         chunk_result_bytes(shape, chunk),
                                         setup.regions[4].addr + 4ull * chunk.m0 * shape.n));
  }
  const CycleCounts cycles = timing_->end_job();

  activity.macs = std::uint64_t{shape.m} * shape.n * shape.k;
  activity.decoded_clusters = decoder->decoded_clusters();
  activity.output_scalings = array->output_scalings();
  activity.weight_buffer_read_bytes = weight_meter->read_bytes();
  activity.weight_buffer_write_bytes = weight_meter->write_bytes();
  activity.activation_buffer_read_bytes = activation_meter->read_bytes();
  activity.activation_buffer_write_bytes = activation_meter->write_bytes();
  activity.output_buffer_read_bytes = output_meter->read_bytes();
  activity.output_buffer_write_bytes = output_meter->write_bytes();
  activity.dram_read_bytes = dma->read_bytes();
  activity.dram_write_bytes = dma->write_bytes();
  registers_.status.cycles = cycles;
  registers_.status.activity = activity;
}

}  // namespace fineq
