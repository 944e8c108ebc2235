// The cycle-level mode (--mode cycle) on randomized jobs: Y must equal the golden software
// bit for bit, and cycles.total / compute / stall and every event counter must equal the
// fast mode's for the same job (docs/timing.md: the two modes implement one contract, the
// cycle mode by stepping the datapath clock by clock).
#include <gtest/gtest.h>

#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

namespace {

// Runs the job in both modes and compares; returns the cycle mode's result.
SimulationResult run_both_and_compare(SimulationJob job) {
  job.config.mode = SimMode::Fast;
  const SimulationResult fast = run_simulation(job);
  job.config.mode = SimMode::Cycle;
  const sc_core::sc_time before = sc_core::sc_time_stamp();
  const SimulationResult cycle = run_simulation(job);
  const double elapsed_cycles =
      (sc_core::sc_time_stamp() - before).to_seconds() * job.config.clock_mhz * 1e6;
  EXPECT_TRUE(fast.completed) << fast.error_message;
  EXPECT_TRUE(cycle.completed) << cycle.error_message;
  EXPECT_TRUE(cycle.verified);
  EXPECT_TRUE(cycle.bit_exact) << cycle.mismatches << " mismatches with golden";
  EXPECT_EQ(cycle.y, fast.y);
  EXPECT_EQ(cycle.cycles.total, fast.cycles.total);
  EXPECT_EQ(cycle.cycles.compute, fast.cycles.compute);
  EXPECT_EQ(cycle.cycles.stall, fast.cycles.stall);
  test::expect_activity_equal(cycle.activity, fast.activity);
  // The clock really ran: simulated time covers the cycles (plus the host's polling slack).
  EXPECT_GE(elapsed_cycles, static_cast<double>(cycle.cycles.total) - 0.5);
  EXPECT_LE(elapsed_cycles, static_cast<double>(cycle.cycles.total) + 1024.5);
  return cycle;
}

QuantizedMatrix random_tensor(PeKind pe, std::uint32_t n, std::uint32_t k, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, 3);
  const bool grouped = pick(rng) == 0;
  if (pe == PeKind::Temporal) {
    const Codebook books[] = {Codebook::default_codebook(), Codebook::symmetric_codebook(),
                              Codebook::parse("-3,-1,1,3/-7,-5,-3,-1,1,3,5,7")};
    return test::random_matrix(Encoding::FineQV1, 0, n, k, grouped ? 3u * (1 + pick(rng)) : 0u,
                               rng, books[pick(rng) % 3]);
  }
  const int max_bits = pe == PeKind::Int8x4 ? 4 : 8;
  const auto bits = static_cast<std::uint8_t>(2 + std::uniform_int_distribution<int>(0, max_bits - 2)(rng));
  return test::random_matrix(Encoding::IntB, bits, n, k, grouped ? 4u + pick(rng) : 0u, rng);
}

std::string describe(const SimulationJob& job) {
  const AcceleratorConfig& c = job.config;
  return std::string(pe_kind_name(c.pe)) + " " + window_policy_name(c.window) + " " +
         memory_kind_name(c.memory) + " R=" + std::to_string(c.rows) + " C=" +
         std::to_string(c.cols) + " D=" + std::to_string(c.decoder_clusters_per_cycle) +
         " L=" + std::to_string(c.dram_latency_cycles) + " B=" + std::to_string(c.dram_bytes_per_cycle) +
         " M=" + std::to_string(job.m) + " K=" + std::to_string(job.weights.cols) +
         " N=" + std::to_string(job.weights.rows) + " group=" + std::to_string(job.weights.group_size);
}

}  // namespace

TEST(CycleMode, RandomJobsMatchGoldenAndTheFastMode) {
  std::mt19937_64 rng(4242);
  auto pick = [&](std::uint32_t lo, std::uint32_t hi) {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
  };
  for (int trial = 0; trial < 96; ++trial) {
    AcceleratorConfig config;
    config.pe = static_cast<PeKind>(trial % 3);
    config.window = static_cast<WindowPolicy>((trial / 3) % 2);
    config.memory = static_cast<MemoryKind>((trial / 6) % 2);
    const bool full_size = trial % 12 == 11;  // now and then the default 32 x 32 array
    config.rows = full_size ? 32 : pick(1, 16);
    config.cols = full_size ? 32 : pick(1, 16);
    config.decoder_clusters_per_cycle = pick(1, 12);
    config.dram_latency_cycles = pick(0, 60);
    config.dram_bytes_per_cycle = pick(1, 16);  // slow DRAM: weight prefetches outlast folds
    const std::uint32_t m = trial % 4 == 0 ? 1 : pick(1, 10);  // GEMV decode steps included
    const std::uint32_t k = trial % 5 == 0 ? 3 * pick(1, 20) + 1 : pick(1, full_size ? 300 : 90);
    const std::uint32_t n = pick(1, full_size ? 100 : 40);
    SimulationJob job = test::make_job(config, random_tensor(config.pe, n, k, rng), m,
                                       test::random_activations(m, k, rng, trial % 3 ? ~0u : 0u));
    SCOPED_TRACE(describe(job));
    run_both_and_compare(job);
  }
}

TEST(CycleMode, StallsEmergeWhenWeightsLoadSlowerThanFoldsCompute) {
  // One byte per clock and a long latency: every prefetch outlasts its fold's compute.
  std::mt19937_64 rng(3);
  AcceleratorConfig config;
  config.rows = 8;
  config.cols = 8;
  config.memory = MemoryKind::Dram;
  config.dram_bytes_per_cycle = 1;
  config.dram_latency_cycles = 200;
  const SimulationResult result = run_both_and_compare(
      test::make_job(config, random_tensor(PeKind::Temporal, 20, 50, rng), 2,
                     test::random_activations(2, 50, rng)));
  EXPECT_GT(result.cycles.stall, result.cycles.compute);
}

TEST(CycleMode, ChunkedRowsAndExtremeValuesOn32x32) {
  std::mt19937_64 rng(17);
  const std::uint32_t m = 7, k = 100, n = 45;
  std::vector<float> x(std::size_t{m} * k);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = i % 3 ? 3e4f : -3e4f;  // saturated INT8
  for (const PeKind pe : {PeKind::Temporal, PeKind::Int8x4, PeKind::Int8x8}) {
    AcceleratorConfig config;  // 32 x 32 by default
    config.pe = pe;
    config.window = WindowPolicy::Dynamic;
    config.memory = MemoryKind::Dram;
    config.activation_buffer_bytes = 3 * k;  // Mc = 3: chunks 3, 3, 1
    QuantizedMatrix w = random_tensor(pe, n, k, rng);
    // Every other byte holds the most negative codes: FineQ prune-0 clusters of two outlier
    // code 4 (-4 in the default codebook); IntB the top bits set (-128, -8, -2).
    for (std::size_t i = 0; i < w.payload.size(); ++i) {
      if (i % 2 == 0) w.payload[i] = pe == PeKind::Temporal ? 0x64 : 0x80;
    }
    SimulationJob job = test::make_job(config, w, m, x);
    SCOPED_TRACE(describe(job));
    run_both_and_compare(job);
  }
}
