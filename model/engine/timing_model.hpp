#pragma once
// The closed-form timing contract of docs/timing.md: per-fold window, weight load and compute
// cycles, DRAM transfer cycles and the double-buffered schedule that turns them into
// cycles.total / compute / stall. Plain C++: the fast mode, the cycle-level mode's checks,
// the energy model and the tests all use these functions.
#include <cstdint>
#include <vector>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "fold_plan.hpp"

namespace fineq {

// Largest |w| of a fold's weights and their sum of |w| (the fold's pulses per wave).
struct FoldWeightStats {
  int max_abs = 0;
  std::uint64_t sum_abs = 0;
};
FoldWeightStats fold_weight_stats(const std::int8_t* weights, std::size_t count);

// Wf: cycles of one wave in one PE.
std::uint32_t fold_window(const AcceleratorConfig& config, int codebook_max_magnitude,
                          int fold_max_abs_weight);
// The decoder's share of a fold: ceil(clusters / D) for the temporal PE's FineQ-v1 decoder,
// 0 for the bit-parallel PEs (their IntB codes are unpacked by wiring).
std::uint64_t decode_cycles(const AcceleratorConfig& config, std::uint64_t clusters);
// The array's weight-load phase: R row shifts, overlapped with the decoder filling the
// staging register file, so max(R, decode).
std::uint64_t load_phase_cycles(const AcceleratorConfig& config, std::uint64_t decode);
// Lf: cycles to load the fold's weights into the array (clusters: fineq-v1 clusters decoded);
// load_phase_cycles(decode_cycles(clusters)).
std::uint64_t fold_load_cycles(const AcceleratorConfig& config, std::uint64_t clusters);
// compute_f = Lf + (Mc + R - 1) * Wf + C - 1.
std::uint64_t fold_compute_cycles(const AcceleratorConfig& config, std::uint32_t chunk_rows,
                                  std::uint32_t window, std::uint64_t load_cycles);
// T(b) = L + ceil(b / B) for b > 0 with --memory dram; 0 for ideal memory or b = 0.
std::uint64_t transfer_cycles(const AcceleratorConfig& config, std::uint64_t bytes);

// The PE-array events of one fold (pe_mac_slots, pulses, idle_window_cycles, multiplies,
// adds, weight_register_loads), as docs/timing.md "Counted events" defines them.
ActivityCounts fold_array_activity(const AcceleratorConfig& config, std::uint32_t chunk_rows,
                                   const Fold& fold, std::uint32_t window,
                                   const FoldWeightStats& stats);

// The composition of docs/timing.md "Memory", fed in job order with the blocks' delays:
// sequential steps add up, a fold and the next fold's weight prefetch overlap.
class JobSchedule {
 public:
  // An exposed transfer (activations, the first fold's weights, results of a chunk).
  void exposed_transfer(std::uint64_t transfer_cycles);
  // A fold computing while the next fold's weights (0 cycles: none) load into the other half.
  void fold(std::uint64_t compute_cycles, std::uint64_t prefetch_cycles);
  const CycleCounts& cycles() const { return cycles_; }

 private:
  CycleCounts cycles_;
};

// Bytes the job moves, per docs/timing.md "Counted events".
std::uint64_t chunk_activation_bytes(const GemmShape& shape, const MChunk& chunk);  // INT8 + FP32 scales
std::uint64_t chunk_result_bytes(const GemmShape& shape, const MChunk& chunk);      // FP32 Y

// The statistics of every fold of a plan, from the decoded weights (N x K row-major). They do
// not depend on M, so one computation serves every M of the same weights.
std::vector<FoldWeightStats> plan_weight_stats(const FoldPlan& plan, const std::int8_t* weights);

// When each stream of a job is busy, in cycles from the job's start, [first, last): the
// network reports' start/stop cycles. Unused (first == last == 0) when the stream took no
// cycles, as every transfer with ideal memory.
struct BusySpan {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  bool used = false;
  void cover(std::uint64_t from, std::uint64_t to);
};
struct JobTimeline {
  BusySpan dram_activations;  // X and its scales in
  BusySpan dram_weights;      // packed weights and scales in
  BusySpan dram_results;      // Y out
  BusySpan array;             // folds computing: the buffers feed the array and take results
  std::uint64_t dram_activation_bytes = 0;  // the part of dram_read_bytes that is X
  // Sum over fold runs of pe_mac_slots / (R * C * compute_f), and the number of fold runs:
  // SCALE-Sim's compute utilization is their ratio.
  double fold_utilization_sum = 0.0;
  std::uint64_t fold_runs = 0;
};

// Everything the timing contract predicts for a job, computed directly from the plan and the
// fold statistics: the reference the simulated platform must match.
struct JobEstimate {
  CycleCounts cycles;
  ActivityCounts activity;
};
JobEstimate estimate_job(const AcceleratorConfig& config, const FoldPlan& plan,
                         const std::vector<FoldWeightStats>& stats, int codebook_max_magnitude,
                         JobTimeline* timeline = nullptr);
JobEstimate estimate_job(const AcceleratorConfig& config, const FoldPlan& plan,
                         const std::int8_t* weights, int codebook_max_magnitude);

void add_activity(ActivityCounts& total, const ActivityCounts& part);

}  // namespace fineq
