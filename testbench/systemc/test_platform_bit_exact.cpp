// The whole platform (host driver, router, DRAM, CSRs, DMA, controller, decoder, array) on
// randomized jobs: Y must equal fineq::golden_gemm bit for bit, and the cycle and event
// counters the device reports must equal the timing contract (docs/timing.md), for every PE
// kind, window policy and memory kind.
// The expected counters are NOT independent of the fast mode: expected_for() calls the same
// plan_folds() and estimate_job() the fast mode's controller uses. What this checks is that
// the platform (CSRs, DMA, controller, host driver) delivers those figures unchanged. The
// independent timing oracle is the cycle-level mode, which steps the datapath clock by clock
// and must reach the same counters (test_cycle_mode.cpp); unit tests of the timing model
// check its formulas against hand-computed cases (test_timing_model.cpp).
#include <gtest/gtest.h>

#include "job_setup.hpp"
#include "platform.hpp"
#include "platform_test_support.hpp"
#include "timing_model.hpp"

using namespace fineq;

namespace {
// What docs/timing.md predicts for the job, through the fast mode's own functions (above).
JobEstimate expected_for(const SimulationJob& job) {
  const QuantizedMatrix& w = job.weights;
  const FoldPlan plan = plan_folds({job.m, w.cols, w.rows}, WeightLayout::of(w), job.config);
  const std::vector<std::int8_t> decoded = w.decode_all();
  const int codebook_max = w.encoding == Encoding::FineQV1 ? w.codebook.max_magnitude() : 0;
  return estimate_job(job.config, plan, decoded.data(), codebook_max);
}

// Runs the job and checks Y, the counters, and that simulated time advanced by the reported
// cycles (up to the host's polling interval of 1024 cycles).
void run_and_check(const SimulationJob& job) {
  const sc_core::sc_time before = sc_core::sc_time_stamp();
  const SimulationResult result = run_simulation(job);
  const double elapsed_cycles =
      (sc_core::sc_time_stamp() - before).to_seconds() * job.config.clock_mhz * 1e6;
  ASSERT_TRUE(result.completed) << result.error_message;
  EXPECT_TRUE(result.verified);
  EXPECT_TRUE(result.bit_exact) << result.mismatches << " mismatches";
  EXPECT_EQ(result.mismatches, 0u);
  const JobEstimate expected = expected_for(job);
  EXPECT_EQ(result.cycles.total, expected.cycles.total);
  EXPECT_EQ(result.cycles.compute, expected.cycles.compute);
  EXPECT_EQ(result.cycles.stall, expected.cycles.stall);
  EXPECT_EQ(result.cycles.total, result.cycles.compute + result.cycles.stall);
  if (job.config.memory == MemoryKind::Ideal) {
    EXPECT_EQ(result.cycles.stall, 0u);
  }
  test::expect_activity_equal(result.activity, expected.activity);
  if (!job.use_dmi) {  // every DMA byte then passes through the DRAM target's counters
    EXPECT_EQ(result.dram_target_read_bytes, result.activity.dram_read_bytes);
    EXPECT_EQ(result.dram_target_write_bytes, result.activity.dram_write_bytes);
  }
  EXPECT_GE(elapsed_cycles, static_cast<double>(result.cycles.total) - 0.5);
  EXPECT_LE(elapsed_cycles, static_cast<double>(result.cycles.total) + 1024.5);
}

struct Variant {
  PeKind pe;
  WindowPolicy window;
  MemoryKind memory;
};

const Variant kVariants[] = {
    {PeKind::Temporal, WindowPolicy::Fixed, MemoryKind::Ideal},
    {PeKind::Temporal, WindowPolicy::Dynamic, MemoryKind::Ideal},
    {PeKind::Temporal, WindowPolicy::Fixed, MemoryKind::Dram},
    {PeKind::Temporal, WindowPolicy::Dynamic, MemoryKind::Dram},
    {PeKind::Int8x4, WindowPolicy::Fixed, MemoryKind::Ideal},
    {PeKind::Int8x4, WindowPolicy::Fixed, MemoryKind::Dram},
    {PeKind::Int8x8, WindowPolicy::Fixed, MemoryKind::Ideal},
    {PeKind::Int8x8, WindowPolicy::Fixed, MemoryKind::Dram},
};

AcceleratorConfig config_for(const Variant& variant, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::uint32_t> rows(1, 12);
  std::uniform_int_distribution<std::uint32_t> cols(1, 9);
  std::uniform_int_distribution<std::uint32_t> latency(0, 40);
  std::uniform_int_distribution<std::uint32_t> bandwidth(1, 16);
  std::uniform_int_distribution<std::uint32_t> decoder(1, 12);
  AcceleratorConfig config;
  config.rows = rows(rng);
  config.cols = cols(rng);
  config.pe = variant.pe;
  config.window = variant.window;
  config.memory = variant.memory;
  config.dram_latency_cycles = latency(rng);
  config.dram_bytes_per_cycle = bandwidth(rng);
  config.decoder_clusters_per_cycle = decoder(rng);
  return config;
}

QuantizedMatrix tensor_for(PeKind pe, std::uint32_t n, std::uint32_t k, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> coin(0, 3);
  const bool grouped = coin(rng) == 0;
  if (pe == PeKind::Temporal) {
    const Codebook book =
        coin(rng) == 0 ? Codebook::symmetric_codebook() : Codebook::default_codebook();
    return test::random_matrix(Encoding::FineQV1, 0, n, k, grouped ? 3u * (1 + coin(rng)) : 0u,
                               rng, book);
  }
  std::uniform_int_distribution<int> bits(2, pe == PeKind::Int8x4 ? 4 : 8);
  return test::random_matrix(Encoding::IntB, static_cast<std::uint8_t>(bits(rng)), n, k,
                             grouped ? 5u + coin(rng) : 0u, rng);
}
}  // namespace

TEST(PlatformBitExact, RandomShapesEveryPeWindowAndMemory) {
  std::mt19937_64 rng(2024);
  std::uniform_int_distribution<std::uint32_t> m_dist(1, 9);
  std::uniform_int_distribution<std::uint32_t> k_dist(1, 80);
  std::uniform_int_distribution<std::uint32_t> n_dist(1, 40);
  for (const Variant& variant : kVariants) {
    for (int trial = 0; trial < 40; ++trial) {
      const AcceleratorConfig config = config_for(variant, rng);
      const std::uint32_t m = trial % 3 == 0 ? 1 : m_dist(rng);  // GEMV decode steps included
      const std::uint32_t k = trial == 1 ? 3 * 7 + 1 : k_dist(rng);
      const std::uint32_t n = n_dist(rng);
      SCOPED_TRACE(std::string(pe_kind_name(config.pe)) + " " + window_policy_name(config.window) +
                   " " + memory_kind_name(config.memory) + " R=" + std::to_string(config.rows) +
                   " C=" + std::to_string(config.cols) + " M=" + std::to_string(m) +
                   " K=" + std::to_string(k) + " N=" + std::to_string(n));
      SimulationJob job = test::make_job(config, tensor_for(config.pe, n, k, rng), m,
                                         test::random_activations(m, k, rng, trial % 2 ? 0 : ~0u));
      job.use_dmi = trial % 4 != 3;
      run_and_check(job);
    }
  }
}

TEST(PlatformBitExact, ChunkedRowsAndTightBuffers) {
  std::mt19937_64 rng(5);
  for (const Variant& variant : kVariants) {
    AcceleratorConfig config = config_for(variant, rng);
    config.rows = 8;
    config.cols = 4;
    const std::uint32_t m = 11, k = 50, n = 13;
    config.activation_buffer_bytes = 3 * k + 7;  // Mc = 3: chunks 3, 3, 3, 2
    SimulationJob job = test::make_job(config, tensor_for(config.pe, n, k, rng), m,
                                       test::random_activations(m, k, rng, 4));
    // The largest fold exactly fills one half of the weight buffer.
    job.config.weight_buffer_bytes =
        plan_folds({m, k, n}, WeightLayout::of(job.weights), job.config).max_fold_weight_bytes;
    run_and_check(job);
  }
}

TEST(PlatformBitExact, ExtremeValues) {
  // Largest-magnitude weights of every format and saturated activations of both signs.
  std::mt19937_64 rng(9);
  const std::uint32_t m = 3, k = 1000, n = 33;
  std::vector<float> x(std::size_t{m} * k);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = i % 2 ? 3e4f : -3e4f;
  for (std::uint32_t j = 0; j < k; ++j) x[std::size_t{1} * k + j] = 0.0f;  // a zero row
  struct Extreme {
    PeKind pe;
    Encoding encoding;
    std::uint8_t bits;
    std::uint8_t byte;  // every payload byte
  };
  const Extreme extremes[] = {
      {PeKind::Temporal, Encoding::FineQV1, 0, 0x64},  // prune 0, then -4, -4
      {PeKind::Temporal, Encoding::FineQV1, 0, 0xAA},  // normal: -2, -2, -2
      {PeKind::Int8x4, Encoding::IntB, 4, 0x88},       // -8, -8
      {PeKind::Int8x8, Encoding::IntB, 8, 0x80},       // -128
      {PeKind::Int8x8, Encoding::IntB, 8, 0x7F},       // 127
  };
  for (const Extreme& e : extremes) {
    for (const WindowPolicy window : {WindowPolicy::Fixed, WindowPolicy::Dynamic}) {
      AcceleratorConfig config;
      config.pe = e.pe;
      config.window = window;
      config.rows = 32;
      config.cols = 32;
      QuantizedMatrix w = test::random_matrix(e.encoding, e.bits, n, k, 0, rng);
      std::fill(w.payload.begin(), w.payload.end(), e.byte);
      std::fill(w.scales.begin(), w.scales.end(), float_to_half(65504.0f));  // largest FP16
      run_and_check(test::make_job(config, w, m, x));
    }
  }
}

// The INT32 overflow guard at its threshold: int8 x int8 products of magnitude up to
// 128 x 128 = 16384 may overflow from K = 131072 on (131072 x 16384 = 2^31). One below it,
// with every weight -128 and every activation quantized to -127, the sum is
// 131071 x 16256 = 2130690176 < 2^31 - 1: the job runs and matches the golden bit for bit.
// (K = 131072 is refused: test_platform_errors.cpp.)
TEST(PlatformBitExact, OverflowGuardOneBelowItsThreshold) {
  std::mt19937_64 rng(11);
  const std::uint32_t k = 131071;
  AcceleratorConfig config;
  config.pe = PeKind::Int8x8;
  QuantizedMatrix w = test::random_matrix(Encoding::IntB, 8, 1, k, 0, rng);
  std::fill(w.payload.begin(), w.payload.end(), 0x80);  // -128
  std::fill(w.scales.begin(), w.scales.end(), float_to_half(1.0f));
  const SimulationJob job = test::make_job(config, w, 1, std::vector<float>(k, -1.0f));
  run_and_check(job);
  const SimulationResult result = run_simulation(job);
  ASSERT_EQ(result.y.size(), 1u);
  // Activation scale 1/127, weight scale 1: Y = 2130690176 x (1/127) in float arithmetic.
  EXPECT_EQ(result.y[0], 2130690176.0f * (1.0f / 127.0f));
}

TEST(PlatformBitExact, LargerLayerOn32x32) {
  // One LLM-sized slice: K = 1000 (not a multiple of 3 or 32), N = 100, M = 5.
  std::mt19937_64 rng(11);
  for (const Variant& variant : kVariants) {
    AcceleratorConfig config = config_for(variant, rng);
    config.rows = 32;
    config.cols = 32;
    config.dram_latency_cycles = 100;
    config.dram_bytes_per_cycle = 16;
    const std::uint32_t m = 5, k = 1000, n = 100;
    run_and_check(test::make_job(config, tensor_for(config.pe, n, k, rng), m,
                                 test::random_activations(m, k, rng)));
  }
}
