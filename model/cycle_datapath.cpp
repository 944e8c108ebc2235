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
  config_ = config;
  array_ = std::make_unique<CycleArray>(config);
  dma_ = std::make_unique<CycleDmaChannel>(config);
  half_period_ = sc_core::sc_time(0.5e3 / config.clock_mhz, sc_core::SC_NS);
  if (half_period_ == sc_core::SC_ZERO_TIME) {
    throw std::invalid_argument("clock_mhz: the clock period is below the time resolution");
  }
}

void CycleDatapath::clock_thread() {
  // A gated clock: it toggles only during a job, so that an idle platform has no pending
  // events and sc_start() returns.
  for (;;) {
    if (!job_active_) sc_core::wait(clock_enable_);
    clock.write(true);
    sc_core::wait(half_period_);
    clock.write(false);
    sc_core::wait(half_period_);
  }
}

void CycleDatapath::on_rising_edge() {
  if (!job_active_) return;
  ++cycles_.total;
  if (array_->busy()) {
    ++cycles_.compute;
    if (array_->step()) fold_done_.notify(sc_core::SC_ZERO_TIME);
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
  array_->begin_fold(fold);
  ++folds_started_;
  if (tracer_ != nullptr) tracer_->sample(*this);
  while (array_->busy()) sc_core::wait(fold_done_);
}

CycleCounts CycleDatapath::end_job() {
  job_active_ = false;
  // An aborted job may leave a transfer or fold behind; the next job starts clean.
  if (dma_->busy() || array_->busy()) configure(config_);
  cycles_.stall = cycles_.total - cycles_.compute;
  if (tracer_ != nullptr) tracer_->sample(*this);
  return cycles_;
}

}  // namespace fineq
