#include "cycle_datapath.hpp"

#include <stdexcept>

#include "cycle_tracer.hpp"

namespace fineq {

CycleDatapath::CycleDatapath(sc_core::sc_module_name name) : sc_module(name), clock("clock") {
  configure(AcceleratorConfig{});
  SC_HAS_PROCESS(CycleDatapath);
  SC_THREAD(clock_thread);
  SC_METHOD(on_rising_edge);
  sensitive << clock.posedge_event();
  dont_initialize();
}

void CycleDatapath::configure(const AcceleratorConfig& config) {
  if (job_active_) throw std::logic_error("CycleDatapath::configure: a job is running");
  if (config.mode == SimMode::Structural) configure_structural(config);
  config_ = config;
  array_ = std::make_unique<CycleArray>(config);
  dma_ = std::make_unique<CycleDmaChannel>(config);
  half_period_ = sc_core::sc_time(0.5e3 / config.clock_mhz, sc_core::SC_NS);
  if (half_period_ == sc_core::SC_ZERO_TIME) {
    throw std::invalid_argument("clock_mhz: the clock period is below the time resolution");
  }
}

void CycleDatapath::configure_structural(const AcceleratorConfig& config) {
  if (structural_ != nullptr) {
    structural_->configure(config);
    return;
  }
  StructuralArray::check_config(config);
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION) {
    throw std::invalid_argument(
        "--mode structural: the PE modules are built before the simulation starts, so a "
        "process's first job must be the structural one: run this job in its own process");
  }
  // A child of this module, although built after its constructor returned.
  sc_core::sc_simcontext* context = sc_core::sc_get_curr_simcontext();
  context->hierarchy_push(this);
  structural_ = std::make_unique<StructuralArray>("structural_array", config);
  context->hierarchy_pop();
}

void CycleDatapath::clock_thread() {
  // A gated clock: it toggles only during a job, so that an idle platform has no pending
  // events and sc_start() returns.
  for (;;) {
    if (!job_active_) sc_core::wait(clock_enable_);
    StructuralArray* structural = structural_active() ? structural_.get() : nullptr;
    clock.write(true);
    if (structural != nullptr) structural->clock.write(true);
    sc_core::wait(half_period_);
    clock.write(false);
    if (structural != nullptr) structural->clock.write(false);
    sc_core::wait(half_period_);
  }
}

void CycleDatapath::on_rising_edge() {
  if (!job_active_) return;
  ++cycles_.total;
  ClockedArray& array = clocked_array();
  if (array.busy()) {
    ++cycles_.compute;
    if (array.step()) fold_done_.notify(sc_core::SC_ZERO_TIME);
  }
  last_beat_ = 0;
  if (dma_->busy()) {
    last_beat_ = dma_->step();
    if (!dma_->busy()) transfer_done_.notify(sc_core::SC_ZERO_TIME);
  }
  if (tracer_ != nullptr) tracer_->sample(*this);
}

void CycleDatapath::begin_job() {
  cycles_ = CycleCounts{};
  folds_started_ = 0;
  job_active_ = true;
  clock_enable_.notify(sc_core::SC_ZERO_TIME);
  if (tracer_ != nullptr) tracer_->sample(*this);
}

void CycleDatapath::start_transfer(const DmaTransfer& transfer) {
  transfer_ = transfer;
  dma_->issue(transfer.bytes);
  if (tracer_ != nullptr) tracer_->sample(*this);
}

void CycleDatapath::wait_transfer() {
  while (dma_->busy()) sc_core::wait(transfer_done_);
}

void CycleDatapath::run_fold(const CycleFold& fold) {
  ClockedArray& array = clocked_array();
  array.begin_fold(fold);
  ++folds_started_;
  if (tracer_ != nullptr) tracer_->sample(*this);
  while (array.busy()) sc_core::wait(fold_done_);
  array.finish_fold();  // the signals the last edge wrote have settled now
}

CycleCounts CycleDatapath::end_job() {
  job_active_ = false;
  // An aborted job may leave a transfer or fold behind; the next job starts clean.
  if (dma_->busy() || clocked_array().busy()) configure(config_);
  cycles_.stall = cycles_.total - cycles_.compute;
  if (tracer_ != nullptr) tracer_->sample(*this);
  return cycles_;
}

}  // namespace fineq
