// The timing-only estimate (`fineq network --functional off`, software/network) against the
// platform: on random jobs of every PE kind, window policy and memory kind, in both timing
// modes, its cycles and every event counter equal what the device reports, and the energy
// computed from them is therefore the same; fold statistics computed once serve every M;
// a job the device refuses is refused by the estimate with the device's reason.
#include <gtest/gtest.h>

#include "layer_estimator.hpp"
#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

namespace {
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

QuantizedMatrix tensor_for(PeKind pe, std::uint32_t n, std::uint32_t k, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> coin(0, 3);
  const bool grouped = coin(rng) == 0;
  if (pe == PeKind::Temporal) {
    return test::random_matrix(Encoding::FineQV1, 0, n, k, grouped ? 3u * (1 + coin(rng)) : 0u, rng);
  }
  std::uniform_int_distribution<int> bits(2, pe == PeKind::Int8x4 ? 4 : 8);
  return test::random_matrix(Encoding::IntB, static_cast<std::uint8_t>(bits(rng)), n, k,
                             grouped ? 4u + coin(rng) : 0u, rng);
}

void expect_estimate_equals_platform(const SimulationJob& job, const WeightFoldStats& stats) {
  const SimulationResult result = run_simulation(job);
  ASSERT_TRUE(result.completed) << result.error_message;
  EXPECT_TRUE(result.bit_exact);
  const LayerEstimate estimate = estimate_layer(job.config, job.weights, job.m, stats);
  EXPECT_EQ(estimate.counts.cycles.total, result.cycles.total);
  EXPECT_EQ(estimate.counts.cycles.compute, result.cycles.compute);
  EXPECT_EQ(estimate.counts.cycles.stall, result.cycles.stall);
  test::expect_activity_equal(estimate.counts.activity, result.activity);
}
}  // namespace

// First in the file, and the estimate before the platform runs: it throws on the main stack,
// which AddressSanitizer misreads once SystemC has switched to its coroutine stacks
// (google/sanitizers issue 189; see test_platform_errors.cpp).
TEST(NetworkEstimate, RefusesTheJobsTheDeviceRefuses) {
  std::mt19937_64 rng(3);
  AcceleratorConfig config;
  config.rows = 4;
  config.cols = 4;
  const QuantizedMatrix w = tensor_for(PeKind::Temporal, 8, 30, rng);
  config.weight_buffer_bytes = 4;  // smaller than one fold's packed weights and scales
  std::string estimate_error;
  try {
    weight_fold_stats(config, w);
    ADD_FAILURE() << "the estimate accepted a job the device refuses";
  } catch (const std::invalid_argument& error) {
    estimate_error = error.what();
  }
  const SimulationResult result =
      run_simulation(test::make_job(config, w, 2, test::random_activations(2, 30, rng)));
  ASSERT_FALSE(result.completed);
  EXPECT_EQ(estimate_error, result.error_message);
}

TEST(NetworkEstimate, EqualsPlatformOnRandomJobs) {
  std::mt19937_64 rng(77);
  std::uniform_int_distribution<std::uint32_t> dims(1, 12);
  std::uniform_int_distribution<std::uint32_t> k_dist(1, 90);
  std::uniform_int_distribution<std::uint32_t> n_dist(1, 30);
  std::uniform_int_distribution<std::uint32_t> latency(0, 30);
  std::uniform_int_distribution<std::uint32_t> bandwidth(1, 16);
  for (const Variant& variant : kVariants) {
    for (int trial = 0; trial < 12; ++trial) {
      AcceleratorConfig config;
      config.pe = variant.pe;
      config.window = variant.window;
      config.memory = variant.memory;
      config.rows = dims(rng);
      config.cols = dims(rng);
      config.dram_latency_cycles = latency(rng);
      config.dram_bytes_per_cycle = bandwidth(rng);
      config.decoder_clusters_per_cycle = dims(rng);
      config.mode = trial % 4 == 0 ? SimMode::Cycle : SimMode::Fast;
      const std::uint32_t k = k_dist(rng);
      const std::uint32_t n = n_dist(rng);
      const QuantizedMatrix w = tensor_for(config.pe, n, k, rng);
      if (trial % 3 == 0) config.activation_buffer_bytes = 2ull * k + 1;  // Mc = 2: m-chunks
      const WeightFoldStats stats = weight_fold_stats(config, w);
      // The same statistics for a decode step and two prefill lengths.
      for (const std::uint32_t m : {1u, dims(rng), 2 * dims(rng)}) {
        SCOPED_TRACE(std::string(pe_kind_name(config.pe)) + " " + window_policy_name(config.window) +
                     " " + memory_kind_name(config.memory) + " " + sim_mode_name(config.mode) +
                     " R=" + std::to_string(config.rows) + " C=" + std::to_string(config.cols) +
                     " M=" + std::to_string(m) + " K=" + std::to_string(k) + " N=" + std::to_string(n));
        expect_estimate_equals_platform(test::make_job(config, w, m, test::random_activations(m, k, rng)),
                                        stats);
      }
    }
  }
}

