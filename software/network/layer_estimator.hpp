#pragma once
// The timing-only estimate of one GEMM job (`--functional off`): cycles, event counts and the
// busy spans of the streams from the timing contract (docs/timing.md) and the weights'
// per-fold statistics, without computing Y and without the SystemC kernel. The job is checked
// the way the host and the controller check it, so an estimate exists exactly for the jobs
// the platform runs, and then equals the platform's counters. Plain C++.
#include <cstdint>
#include <vector>

#include "accelerator_config.hpp"
#include "quantized_matrix.hpp"
#include "timing_model.hpp"

namespace fineq {

struct LayerEstimate {
  JobEstimate counts;     // cycles and activity, as the device's counters report them
  JobTimeline timeline;   // busy spans, X's share of the DRAM reads, fold utilization
  double mapping_efficiency = 0.0;  // mean over folds of r_used * c_used / (R * C)
};

// The weights' part of an estimate: per-fold |w| statistics for one array configuration.
// They do not depend on M, so prefill and decode layers on the same weights share them.
struct WeightFoldStats {
  std::vector<FoldWeightStats> folds;
  int codebook_max_magnitude = 0;
};

// Throws std::invalid_argument with the host's or the accelerator's reason when the job on
// `weights` cannot run on `config` (the same text the platform reports).
WeightFoldStats weight_fold_stats(const AcceleratorConfig& config, const QuantizedMatrix& weights);

// `stats` must come from weight_fold_stats(config, weights).
LayerEstimate estimate_layer(const AcceleratorConfig& config, const QuantizedMatrix& weights,
                             std::uint32_t m, const WeightFoldStats& stats);

// Device memory below the CSR block (platform.hpp's kCsrBase): the largest job the platform
// can hold.
constexpr std::uint64_t kMaxDeviceBytes = 0xF0000000;

}  // namespace fineq
