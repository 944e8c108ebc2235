// Fault injection (docs/fault-injection.md): the DRAM answers chosen transactions with a TLM
// error or extra latency. A device-side error ends the job with STATUS.ERROR, cause DmaError,
// the failed address in ERROR_DETAIL and the bus response in ERROR_BUS; a host-side error
// fails the host's job submission; latency only delays the job. Every case is followed by a
// good job whose result must equal the fault-free reference, so the platform is not left
// half-way through anything.
#include <gtest/gtest.h>

#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

namespace {

// N = 20, K = 50, M = 4 on an 8 x 8 array. The host lays the regions out from address 0,
// 64-byte aligned (docs/registers.md): weights 20 rows x ceil(50/3) = 17 bytes = 340 bytes at
// 0, scales 40 bytes at 384, activations 200 bytes at 448, activation scales 16 bytes at 704,
// Y 4 x 20 x 4 = 320 bytes at 768. These addresses are worked out by hand from that rule.
constexpr std::uint64_t kWeightRowBytes = 17;
constexpr std::uint64_t kWeightBytes = 340;
constexpr std::uint64_t kYAddr = 768;

SimulationJob good_job(SimMode mode = SimMode::Fast) {
  std::mt19937_64 rng(11);
  AcceleratorConfig config;
  config.rows = 8;
  config.cols = 8;
  config.mode = mode;
  SimulationJob job = test::make_job(config, test::random_matrix(Encoding::FineQV1, 0, 20, 50, 0, rng),
                                     4, test::random_activations(4, 50, rng));
  return job;
}

DramFault fault(std::uint64_t start, std::uint64_t end, DramFault::Access access,
                std::uint64_t after = 0) {
  DramFault f;
  f.start = start;
  f.end = end;
  f.access = access;
  f.after = after;
  return f;
}

struct Timed {
  SimulationResult result;
  sc_core::sc_time elapsed;
};

Timed run_timed(const SimulationJob& job) {
  const sc_core::sc_time before = sc_core::sc_time_stamp();
  Timed timed{run_simulation(job), {}};
  timed.elapsed = sc_core::sc_time_stamp() - before;
  return timed;
}

// The fault-free result of the same job, computed once per mode.
const SimulationResult& reference(SimMode mode) {
  static SimulationResult fast, cycle;
  SimulationResult& slot = mode == SimMode::Fast ? fast : cycle;
  if (!slot.completed) {
    slot = run_simulation(good_job(mode));
    EXPECT_TRUE(slot.completed) << slot.error_message;
    EXPECT_TRUE(slot.bit_exact);
  }
  return slot;
}

void expect_same_as_reference(const SimulationResult& result, SimMode mode) {
  const SimulationResult& expected = reference(mode);
  ASSERT_TRUE(result.completed) << result.error_message;
  EXPECT_TRUE(result.bit_exact);
  EXPECT_EQ(result.y, expected.y);
  EXPECT_EQ(result.cycles.total, expected.cycles.total);
  EXPECT_EQ(result.cycles.stall, expected.cycles.stall);
  test::expect_activity_equal(result.activity, expected.activity);
}

void expect_dma_error(const SimulationResult& result, std::uint32_t address, std::uint32_t bus,
                      const std::string& message) {
  EXPECT_FALSE(result.completed);
  EXPECT_EQ(result.error_cause, ErrorCause::DmaError);
  EXPECT_EQ(result.error_detail, address);
  EXPECT_EQ(result.error_bus, bus);
  EXPECT_EQ(result.error_message, message);
  EXPECT_TRUE(result.y.empty());
  EXPECT_FALSE(result.verified);
}

}  // namespace

TEST(FaultInjection, DmaReadErrorOnWeightsIsAJobErrorAndTheNextJobRuns) {
  reference(SimMode::Fast);
  SimulationJob job = good_job();
  job.dram_faults = {fault(0, kWeightBytes, DramFault::Access::Read)};
  // The first DMA read of the weights is row 0 of the first fold, at address 0; ERROR_BUS is
  // GenericError (1) for a read (bit 8 clear).
  expect_dma_error(run_simulation(job), 0, 1,
                   "accelerator error: a DMA transfer at device address 0 failed: read refused "
                   "with TLM_GENERIC_ERROR_RESPONSE");
  expect_same_as_reference(run_simulation(good_job()), SimMode::Fast);
}

TEST(FaultInjection, DmaWriteErrorOnYNamesTheYAddress) {
  SimulationJob job = good_job();
  job.dram_faults = {fault(kYAddr, kYAddr + 1, DramFault::Access::Write)};
  job.dram_faults.front().response = tlm::TLM_ADDRESS_ERROR_RESPONSE;
  // AddressError (2) | write flag (256).
  expect_dma_error(run_simulation(job), kYAddr, 258,
                   "accelerator error: a DMA transfer at device address 768 failed: write "
                   "refused with TLM_ADDRESS_ERROR_RESPONSE");
  expect_same_as_reference(run_simulation(good_job()), SimMode::Fast);
}

TEST(FaultInjection, ErrorAfterNTransactions) {
  // The first fold (channels 0..7, k 0..7) reads its 8 packed rows one transaction each, at
  // row * 17; letting 5 pass fails the sixth, row 5, at 85.
  SimulationJob job = good_job();
  job.dram_faults = {fault(0, kWeightBytes, DramFault::Access::Read, 5)};
  expect_dma_error(run_simulation(job), 5 * kWeightRowBytes, 1,
                   "accelerator error: a DMA transfer at device address 85 failed: read refused "
                   "with TLM_GENERIC_ERROR_RESPONSE");
  // Any access: the host's write of the weights (one transaction) is the first to touch
  // byte 0, so `after = 1` spares it and fails the DMA's read of row 0.
  job.dram_faults = {fault(0, 1, DramFault::Access::Any, 1)};
  expect_dma_error(run_simulation(job), 0, 1,
                   "accelerator error: a DMA transfer at device address 0 failed: read refused "
                   "with TLM_GENERIC_ERROR_RESPONSE");
  // More transactions spared than happen: no fault fires.
  job.dram_faults = {fault(0, kWeightBytes, DramFault::Access::Read, 1000)};
  expect_same_as_reference(run_simulation(job), SimMode::Fast);
}

TEST(FaultInjection, HostWriteErrorFailsTheSubmission) {
#if defined(__SANITIZE_ADDRESS__)
  // The host's failure is rethrown on the main stack after sc_start(); ASan, which does not
  // see SystemC's coroutine stack switches, then reports a false stack error (google/sanitizers
  // issue 189, see test_platform_errors.cpp). The Release build checks this case.
  GTEST_SKIP() << "exception after sc_start() in an AddressSanitizer build";
#endif
  SimulationJob job = good_job();
  job.dram_faults = {fault(0, 1, DramFault::Access::Write)};
  try {
    run_simulation(job);
    ADD_FAILURE() << "the host's failed write went unnoticed";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(),
                 "host driver: write of 340 bytes at 0x0 failed: TLM_GENERIC_ERROR_RESPONSE");
  }
  expect_same_as_reference(run_simulation(good_job()), SimMode::Fast);
}

TEST(FaultInjection, LatencyDelaysTheJobButNotItsResult) {
  const Timed healthy = run_timed(good_job());
  SimulationJob job = good_job();
  // Exactly one DMA transaction touches byte 0 (row 0 of the first fold); the host's write
  // is spared by the read-only filter.
  job.dram_faults = {fault(0, 1, DramFault::Access::Read)};
  job.dram_faults.front().response = tlm::TLM_OK_RESPONSE;
  job.dram_faults.front().latency = sc_core::sc_time(1, sc_core::SC_MS);
  const Timed delayed = run_timed(job);
  expect_same_as_reference(delayed.result, SimMode::Fast);
  // The host polls STATUS every 1024 cycles (1.024 us at 1000 MHz), so the job ends within
  // one poll period after the extra millisecond.
  const sc_core::sc_time poll(1024, sc_core::SC_NS);
  EXPECT_GE(delayed.elapsed, healthy.elapsed + sc_core::sc_time(1, sc_core::SC_MS) - poll);
  EXPECT_LE(delayed.elapsed, healthy.elapsed + sc_core::sc_time(1, sc_core::SC_MS) + poll);
}

TEST(FaultInjection, CycleModeDmaErrorAndRecovery) {
  reference(SimMode::Cycle);
  SimulationJob job = good_job(SimMode::Cycle);
  job.dram_faults = {fault(kYAddr, kYAddr + 4, DramFault::Access::Write)};
  expect_dma_error(run_simulation(job), kYAddr, 257,
                   "accelerator error: a DMA transfer at device address 768 failed: write "
                   "refused with TLM_GENERIC_ERROR_RESPONSE");
  expect_same_as_reference(run_simulation(good_job(SimMode::Cycle)), SimMode::Cycle);
  // And the fast mode after it.
  expect_same_as_reference(run_simulation(good_job()), SimMode::Fast);
}
