// The timing contract of docs/timing.md against cases computed by hand (the arithmetic is
// written out next to each expectation, from the formulas in the document, not from code).
#include <gtest/gtest.h>

#include <vector>

#include "job_error.hpp"
#include "timing_model.hpp"

using namespace fineq;

namespace {
AcceleratorConfig small_array(std::uint32_t rows, std::uint32_t cols, PeKind pe) {
  AcceleratorConfig config;
  config.rows = rows;
  config.cols = cols;
  config.pe = pe;
  return config;
}

// --memory dram with L = 10, B = 4: T(b) = 10 + ceil(b / 4).
AcceleratorConfig small_dram_array(std::uint32_t rows, std::uint32_t cols, PeKind pe) {
  AcceleratorConfig config = small_array(rows, cols, pe);
  config.memory = MemoryKind::Dram;
  config.dram_latency_cycles = 10;
  config.dram_bytes_per_cycle = 4;
  return config;
}

const WeightLayout kInt8{Encoding::IntB, 8, 0};
const WeightLayout kFineQ{Encoding::FineQV1, 0, 0};
}  // namespace

TEST(TimingModel, Int8x8IdealMemoryIsTheScaleSimFoldCost) {
  // R=4, C=3, M=5, K=10, N=7: k-chunks [0,4) [4,8) [8,10), n-chunks [0,3) [3,6) [6,7): 9 folds.
  // Each fold: 2R + C + Mc - 2 = 8 + 3 + 5 - 2 = 14 cycles, whatever its r_used/c_used.
  const AcceleratorConfig config = small_array(4, 3, PeKind::Int8x8);
  const FoldPlan plan = plan_folds({5, 10, 7}, kInt8, config);
  ASSERT_EQ(plan.folds.size(), 9u);
  const std::vector<std::int8_t> weights(7 * 10, 1);
  const JobEstimate estimate = estimate_job(config, plan, weights.data(), 0);
  EXPECT_EQ(estimate.cycles.compute, 126u);  // 9 * 14
  EXPECT_EQ(estimate.cycles.total, 126u);
  EXPECT_EQ(estimate.cycles.stall, 0u);
  EXPECT_EQ(fold_compute_cycles(config, 5, 1, fold_load_cycles(config, 0)), 14u);
}

TEST(TimingModel, Int8x8SingleFoldAndGemv) {
  // 32 x 32 array, M = 1: 2*32 + 32 + 1 - 2 = 95 cycles per fold.
  const AcceleratorConfig config = small_array(32, 32, PeKind::Int8x8);
  EXPECT_EQ(fold_compute_cycles(config, 1, 1, fold_load_cycles(config, 0)), 95u);
  // K = N = 64 with M = 1: 4 folds -> 380.
  const FoldPlan plan = plan_folds({1, 64, 64}, kInt8, config);
  const std::vector<std::int8_t> weights(64 * 64, -3);
  EXPECT_EQ(estimate_job(config, plan, weights.data(), 0).cycles.total, 380u);
}

TEST(TimingModel, TemporalFixedWindowAndDecoderBoundLoad) {
  // R=4, C=3, D=1, Mc=2, default codebook (T_max = 4). K-range [0,4) overlaps clusters 0 and 1
  // of each row: 2 clusters x 3 channels = 6 clusters -> Lf = max(4, ceil(6/1)) = 6.
  // compute = Lf + (Mc + R - 1) * Wf + C - 1 = 6 + 5 * 4 + 2 = 28.
  AcceleratorConfig config = small_array(4, 3, PeKind::Temporal);
  config.decoder_clusters_per_cycle = 1;
  EXPECT_EQ(fold_load_cycles(config, 6), 6u);
  EXPECT_EQ(fold_window(config, 4, 1), 4u);
  EXPECT_EQ(fold_compute_cycles(config, 2, 4, 6), 28u);
  // With D = 11 the shift-in of R rows dominates: Lf = max(4, ceil(6/11)) = 4 -> 26.
  config.decoder_clusters_per_cycle = 11;
  EXPECT_EQ(fold_load_cycles(config, 6), 4u);

  // The same through the planner: M=2, K=4, N=3, one fold of 6 clusters.
  config.decoder_clusters_per_cycle = 1;
  const FoldPlan plan = plan_folds({2, 4, 3}, kFineQ, config);
  ASSERT_EQ(plan.folds.size(), 1u);
  EXPECT_EQ(plan.folds[0].clusters(), 6u);
  const std::vector<std::int8_t> weights = {1, 0, -2, 3, 0, 0, 0, 0, -1, 1, 1, 1};
  const JobEstimate estimate = estimate_job(config, plan, weights.data(), 4);
  EXPECT_EQ(estimate.cycles.total, 28u);
  // sum|w| = 1+2+3 + 0 + 1+1+1+1 = 10; pulses = Mc * 10 = 20;
  // idle = Mc * (12 PEs * 4 - 10) = 2 * 38 = 76.
  EXPECT_EQ(estimate.activity.pulses, 20u);
  EXPECT_EQ(estimate.activity.adds, 20u);
  EXPECT_EQ(estimate.activity.idle_window_cycles, 76u);
  EXPECT_EQ(estimate.activity.pe_mac_slots, 24u);
  EXPECT_EQ(estimate.activity.multiplies, 0u);
  EXPECT_EQ(estimate.activity.decoded_clusters, 6u);
  EXPECT_EQ(estimate.activity.weight_register_loads, 12u);
  EXPECT_EQ(estimate.activity.macs, 24u);
}

TEST(TimingModel, TemporalDynamicWindowFollowsTheLargestLoadedWeight) {
  AcceleratorConfig config = small_array(4, 3, PeKind::Temporal);
  config.window = WindowPolicy::Dynamic;
  config.decoder_clusters_per_cycle = 1;
  EXPECT_EQ(fold_window(config, 4, 2), 2u);
  EXPECT_EQ(fold_window(config, 4, 0), 1u);  // an all-zero fold still takes one cycle per wave
  // Same fold as above with largest |w| = 3: 6 + 5 * 3 + 2 = 23.
  const FoldPlan plan = plan_folds({2, 4, 3}, kFineQ, config);
  const std::vector<std::int8_t> weights = {1, 0, -2, 3, 0, 0, 0, 0, -1, 1, 1, 1};
  const JobEstimate estimate = estimate_job(config, plan, weights.data(), 4);
  EXPECT_EQ(estimate.cycles.total, 23u);
  EXPECT_EQ(estimate.activity.idle_window_cycles, 2u * (12 * 3 - 10));
}

TEST(TimingModel, TransferCycles) {
  AcceleratorConfig config = small_dram_array(32, 32, PeKind::Temporal);
  EXPECT_EQ(transfer_cycles(config, 0), 0u);
  EXPECT_EQ(transfer_cycles(config, 1), 11u);  // 10 + ceil(1/4)
  EXPECT_EQ(transfer_cycles(config, 8), 12u);  // 10 + 2
  EXPECT_EQ(transfer_cycles(config, 9), 13u);  // 10 + 3
  config.memory = MemoryKind::Ideal;
  EXPECT_EQ(transfer_cycles(config, 1000), 0u);
}

TEST(TimingModel, DramStallsByHand) {
  // int8x8, R = C = 2, M = 1, K = 4, N = 2, B = 4, L = 10: T(b) = 10 + ceil(b/4).
  // Folds: k [0,2) and [2,4), one n-chunk; compute_f = 2R + C + Mc - 2 = 4 + 2 + 1 - 2 = 5.
  // w_f = 2 channels x 2 bytes + 2 x 2 scale bytes = 8 -> T = 12.
  // Activations 1*4 + 4 = 8 bytes -> 12; results 4*1*2 = 8 bytes -> 12.
  // total = 12 (X) + 12 (w_0) + max(5, 12) + max(5, 0) + 12 (Y) = 53; compute 10; stall 43.
  const AcceleratorConfig config = small_dram_array(2, 2, PeKind::Int8x8);
  const FoldPlan plan = plan_folds({1, 4, 2}, kInt8, config);
  ASSERT_EQ(plan.folds.size(), 2u);
  EXPECT_EQ(plan.folds[0].weight_bytes(), 8u);
  const std::vector<std::int8_t> weights(8, 5);
  const JobEstimate estimate = estimate_job(config, plan, weights.data(), 0);
  EXPECT_EQ(estimate.cycles.total, 53u);
  EXPECT_EQ(estimate.cycles.compute, 10u);
  EXPECT_EQ(estimate.cycles.stall, 43u);
  // Bytes: DRAM reads X 8 + weights 2 * 8 = 24; writes Y 8.
  EXPECT_EQ(estimate.activity.dram_read_bytes, 24u);
  EXPECT_EQ(estimate.activity.dram_write_bytes, 8u);
}

TEST(TimingModel, DramLoadHiddenBehindLongFolds) {
  // Same job with M = 20: compute_f = 4 + 2 + 20 - 2 = 24 > T(w_1) = 12: no stall between folds.
  // X: 20*4 + 80 = 160 bytes -> 10 + 40 = 50; w_0 -> 12; Y: 160 bytes -> 50.
  // total = 50 + 12 + 24 + 24 + 50 = 160; compute 48; stall 112.
  const AcceleratorConfig config = small_dram_array(2, 2, PeKind::Int8x8);
  const FoldPlan plan = plan_folds({20, 4, 2}, kInt8, config);
  const std::vector<std::int8_t> weights(8, 5);
  const JobEstimate estimate = estimate_job(config, plan, weights.data(), 0);
  EXPECT_EQ(estimate.cycles.total, 160u);
  EXPECT_EQ(estimate.cycles.compute, 48u);
  EXPECT_EQ(estimate.cycles.stall, 112u);
}

TEST(TimingModel, MChunksEachPayTheirOwnTransfers) {
  // Activation buffer of 9 bytes with K = 4: Mc = 2, M = 5 -> chunks of 2, 2, 1 rows.
  // int8x8, R = C = 2, N = 2, K = 4: two folds per chunk.
  // Ideal memory: per chunk 2 folds of 2R + C + Mc - 2 = 4 + Mc: (6 + 6) * 2 + (5 + 5) = 34.
  AcceleratorConfig config = small_array(2, 2, PeKind::Int8x8);
  config.activation_buffer_bytes = 9;
  const FoldPlan plan = plan_folds({5, 4, 2}, kInt8, config);
  ASSERT_EQ(plan.chunk_rows, 2u);
  ASSERT_EQ(plan.m_chunks.size(), 3u);
  EXPECT_EQ(plan.m_chunks[2].rows, 1u);
  const std::vector<std::int8_t> weights(8, 1);
  EXPECT_EQ(estimate_job(config, plan, weights.data(), 0).cycles.total, 34u);
}

// Every field is summed: the callers today only pass array activity (whose buffer and DRAM
// fields are 0), so a field dropped or subtracted here would go unnoticed by the platform
// tests (a surviving mutant of scripts/mutate.sh).
TEST(TimingModel, AddActivitySumsEveryField) {
  using A = ActivityCounts;
  std::uint64_t A::*const fields[] = {
      &A::macs, &A::pe_mac_slots, &A::pulses, &A::idle_window_cycles, &A::multiplies, &A::adds,
      &A::weight_register_loads, &A::decoded_clusters, &A::output_scalings,
      &A::weight_buffer_read_bytes, &A::weight_buffer_write_bytes,
      &A::activation_buffer_read_bytes, &A::activation_buffer_write_bytes,
      &A::output_buffer_read_bytes, &A::output_buffer_write_bytes, &A::dram_read_bytes,
      &A::dram_write_bytes};
  static_assert(sizeof fields / sizeof fields[0] * sizeof(std::uint64_t) == sizeof(A),
                "ActivityCounts gained a field: list it here");
  A total, part;
  std::uint64_t i = 1;
  for (const auto field : fields) {
    total.*field = 1000 * i;
    part.*field = i++;
  }
  add_activity(total, part);
  i = 1;
  for (const auto field : fields) EXPECT_EQ(total.*field, 1001 * i++) << "field " << i - 1;
}
