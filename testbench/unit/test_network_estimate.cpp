// The layer estimator and the SCALE-Sim-format report columns on docs/timing.md's worked
// example (int8x8, R = C = 2, M = 1, K = 4, N = 2, per-channel 8-bit weights), computed by
// hand: ideal memory 2 folds x 5 cycles; DRAM L = 10, B = 4: X [0,12), W0 [12,24), fold 0
// [24,29) while W1 loads [24,36), fold 1 [36,41), Y [41,53).
#include <gtest/gtest.h>

#include "expect_contains.hpp"
#include "layer_estimator.hpp"
#include "scalesim_reports.hpp"

using namespace fineq;

namespace {
QuantizedMatrix int8_weights() {
  QuantizedMatrix w;
  w.name = "w";
  w.rows = 2;
  w.cols = 4;
  w.encoding = Encoding::IntB;
  w.bits = 8;
  w.payload = {1, 2, 3, 4, 5, 6, 7, 8};
  w.scales = {0x3C00, 0x3C00};
  return w;
}

AcceleratorConfig small_config(MemoryKind memory) {
  AcceleratorConfig config;
  config.rows = 2;
  config.cols = 2;
  config.pe = PeKind::Int8x8;
  config.memory = memory;
  config.dram_latency_cycles = 10;
  config.dram_bytes_per_cycle = 4;
  return config;
}

LayerRecord record_of(const LayerEstimate& e) {
  LayerRecord r;
  r.name = "L";
  r.cycles = e.counts.cycles;
  r.activity = e.counts.activity;
  r.timeline = e.timeline;
  r.mapping_efficiency = e.mapping_efficiency;
  return r;
}
}  // namespace

TEST(NetworkEstimate, IdealMemoryWorkedExample) {
  const AcceleratorConfig config = small_config(MemoryKind::Ideal);
  const QuantizedMatrix w = int8_weights();
  const LayerEstimate e = estimate_layer(config, w, 1, weight_fold_stats(config, w));
  EXPECT_EQ(e.counts.cycles.total, 10u);
  EXPECT_EQ(e.mapping_efficiency, 1.0);
  const LayerRecord r = record_of(e);
  EXPECT_DOUBLE_EQ(overall_utilization_percent(config, r), 20.0);  // 8 MACs / (4 PEs x 10)
  EXPECT_DOUBLE_EQ(compute_utilization_percent(r), 20.0);          // 4 slots / (4 PEs x 5)
  // Ideal memory: transfers take no cycles, so no DRAM stream is busy and the DRAM bandwidth
  // is the bytes over the layer's 10 cycles; the array computes in [0, 10).
  EXPECT_FALSE(e.timeline.dram_weights.used);
  EXPECT_EQ(e.timeline.array.first, 0u);
  EXPECT_EQ(e.timeline.array.last, 10u);
  EXPECT_DOUBLE_EQ(dram_bandwidth(16, e.timeline.dram_weights, r.cycles), 1.6);
}

TEST(NetworkEstimate, DramTimelineWorkedExample) {
  const AcceleratorConfig config = small_config(MemoryKind::Dram);
  const QuantizedMatrix w = int8_weights();
  const LayerEstimate e = estimate_layer(config, w, 1, weight_fold_stats(config, w));
  EXPECT_EQ(e.counts.cycles.total, 53u);
  const JobTimeline& t = e.timeline;
  EXPECT_EQ(t.dram_activations.first, 0u);
  EXPECT_EQ(t.dram_activations.last, 12u);
  EXPECT_EQ(t.dram_weights.first, 12u);
  EXPECT_EQ(t.dram_weights.last, 36u);
  EXPECT_EQ(t.array.first, 24u);
  EXPECT_EQ(t.array.last, 41u);
  EXPECT_EQ(t.dram_results.first, 41u);
  EXPECT_EQ(t.dram_results.last, 53u);
  EXPECT_EQ(t.dram_activation_bytes, 8u);  // 4 INT8 + one FP32 scale
  const LayerRecord r = record_of(e);
  EXPECT_EQ(dram_weight_bytes(r), 16u);  // 2 folds x (4 bytes + 2 FP16 scales)
  EXPECT_DOUBLE_EQ(dram_bandwidth(16, t.dram_weights, r.cycles), 16.0 / 24.0);
  const std::string detail = detailed_access_report_csv({r});
  // IFMAP SRAM reads: 2 folds x 2 weights along K; filter 16; OFMAP 8 bytes of FP32 Y.
  EXPECT_CONTAINS(detail, "\n0, 24, 41, 4, 24, 41, 16, 24, 41, 8, 0, 12, 8, 12, 36, 16, 41, 53, 8, L,\n");
  EXPECT_CONTAINS(compute_report_csv(config, {r}), "\n0, 53, 43, ");
}

TEST(NetworkEstimate, RefusesWhatTheDeviceRefuses) {
  AcceleratorConfig config = small_config(MemoryKind::Ideal);
  config.pe = PeKind::Int8x4;  // cannot run 8-bit weights
  try {
    weight_fold_stats(config, int8_weights());
    ADD_FAILURE() << "8-bit weights accepted by int8x4";
  } catch (const std::invalid_argument& error) {
    EXPECT_CONTAINS(error.what(), "accelerator error");
  }
}
