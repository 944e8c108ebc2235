#pragma once
// Cycle-stepped weight-stationary R x C array: the fold of docs/timing.md ("One fold")
// advanced one clock per step(), with all state in plain arrays (no SystemC) so that the
// cycle-level mode stays fast and the engine is unit-testable on its own.
//
// A fold runs in two phases:
// * WeightLoad: bit-parallel PEs shift one weight row per clock into the column chains (R
//   clocks, bottom row first). The temporal PE's weights come through the FineQ-v1 decoder
//   (CycleDecoder, D clusters per clock) into a staging register file while the same R-clock
//   row sequence runs; the PE weight registers latch the staged weights when both are done,
//   so the phase lasts max(R, ceil(clusters / D)) clocks as the contract states.
// * Waves: PE (r, c) processes wave m in compute clocks [(m + r) * Wf + c, (m + r + 1) * Wf + c).
//   Activations move one PE to the right per clock, each column's pulse counter runs
//   0 .. Wf-1 one clock behind its left neighbour's, partial sums move one PE down at each
//   window end, and the bottom row's sums leave the array. The fold ends with the clock in
//   which the last result (wave Mc-1 of column C-1) leaves; its length is not computed from
//   the formula but follows from this dataflow.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "clocked_array.hpp"
#include "cycle_decoder.hpp"

namespace fineq {

// One fold's operands; the pointers are borrowed until the fold finishes.
struct CycleFold {
  std::uint32_t r_used = 0;  // weights along K, 1..R
  std::uint32_t c_used = 0;  // output channels, 1..C
  std::uint32_t waves = 0;   // Mc: activation rows of the m-chunk, >= 1
  // Bit-parallel PEs: weight of channel c at K position r is weights[c * weight_stride + r].
  const std::int8_t* weights = nullptr;
  std::size_t weight_stride = 0;
  // Temporal PE: the fold's FineQ-v1 cluster bytes (channels == c_used, weights == r_used).
  ClusterStream clusters;
  // Activation of wave m at K position r: activations[m * activation_stride + r].
  const std::int8_t* activations = nullptr;
  std::size_t activation_stride = 0;
  // Wave m's INT32 sum of channel c is written to sums[m * sum_stride + c] when it leaves the
  // bottom row. With `accumulate`, the top row starts from the value already there (the
  // partial sum of the segment's earlier k-chunks, read from the output buffer) instead of 0.
  std::int32_t* sums = nullptr;
  std::size_t sum_stride = 0;
  bool accumulate = false;
};

// The fold checks of begin_fold(): throws std::invalid_argument naming the field if the
// operands do not fit an R x C array of `pe` (e.g. an int8x4 weight outside -8..7).
void check_cycle_fold(const CycleFold& fold, std::uint32_t rows, std::uint32_t cols, PeKind pe);

// The skewed left edge: what enters array row `row` while wave `wave_front` enters row 0
// (wave_front = compute clock / Wf): wave wave_front - row, valid for waves 0 .. Mc-1, and 0
// on rows beyond r_used. Inline: CycleArray's hot loop calls it for every row and clock.
struct EdgeActivation {
  std::int32_t value = 0;
  bool valid = false;
};
inline EdgeActivation left_edge_activation(const CycleFold& fold, std::uint64_t wave_front,
                                           std::uint32_t row) {
  const std::int64_t m = static_cast<std::int64_t>(wave_front) - row;
  EdgeActivation edge;
  edge.valid = m >= 0 && m < fold.waves;
  if (edge.valid && row < fold.r_used) {
    edge.value = fold.activations[static_cast<std::size_t>(m) * fold.activation_stride + row];
  }
  return edge;
}
// The partial sum wave `wave` of column `col` starts from at the top of the array.
inline std::int32_t top_partial_sum(const CycleFold& fold, std::uint32_t wave, std::uint32_t col) {
  const bool from_buffer = fold.accumulate && col < fold.c_used && wave < fold.waves;
  return from_buffer ? fold.sums[std::size_t{wave} * fold.sum_stride + col] : 0;
}
// A fold's ActivityCounts from the PE events the array counted clock by clock.
ActivityCounts array_fold_activity(PeKind pe, std::uint64_t mac_slots, std::uint64_t pulses,
                                   std::uint64_t idle_window_cycles,
                                   std::uint64_t weight_register_loads,
                                   std::uint64_t decoded_clusters);

class CycleArray final : public ClockedArray {
 public:
  // Uses rows, cols, pe, window, codebook and decoder_clusters_per_cycle of the config.
  explicit CycleArray(const AcceleratorConfig& config);

  // A job's codebook (from its registers): the decoder's table and the `fixed` window.
  void program_codebook(const Codebook& codebook) override;
  const Codebook& codebook() const { return codebook_; }

  // Starts a fold; throws std::invalid_argument naming the field if the operands do not fit
  // the array or the PE (e.g. an int8x4 weight outside -8..7).
  void begin_fold(const CycleFold& fold) override;
  // One clock. Returns true if the fold's last result left the array in this clock.
  bool step() override;
  void abort_fold() override { phase_ = ArrayPhase::Idle; }
  // begin_fold() and step() until the fold is done; returns the fold's clocks.
  std::uint64_t run_fold(const CycleFold& fold);

  ArrayPhase phase() const override { return phase_; }
  bool busy() const { return phase_ != ArrayPhase::Idle; }
  std::uint64_t fold_cycles() const override { return fold_cycle_; }
  std::uint64_t load_cycles() const { return load_cycles_; }  // Lf, once the load ended
  std::uint32_t window() const override { return window_; }
  ActivityCounts fold_activity() const override;

  // Read-only state for tracing, as it stands after the last clock edge.
  std::uint32_t rows() const { return rows_; }
  std::uint32_t cols() const { return cols_; }
  int weight(std::uint32_t r, std::uint32_t c) const { return weight_[at(r, c)]; }
  int activation(std::uint32_t r, std::uint32_t c) const { return act_[at(r, c)]; }
  bool activation_valid(std::uint32_t r, std::uint32_t c) const { return act_valid_[at(r, c)] != 0; }
  int psum(std::uint32_t r, std::uint32_t c) const { return psum_[at(r, c)]; }
  // Temporal PE: comparator output "p < |w|" of the last clock (0 outside a valid wave).
  bool pulse(std::uint32_t r, std::uint32_t c) const { return pulse_[at(r, c)] != 0; }
  // Column c's pulse counter p; -1 before the column's first wave window.
  int pulse_counter(std::uint32_t c) const { return column_active_[c] ? counter_[c] : -1; }
  const CycleDecoder& decoder() const override { return decoder_; }

 private:
  std::size_t at(std::uint32_t r, std::uint32_t c) const { return std::size_t{r} * cols_ + c; }
  void step_load();
  void latch_weights();
  template <bool kTemporal>
  void step_waves();
  void feed_activations();  // left edge: activations of compute clock wave_cycle_
  void flush_counters();

  std::uint32_t rows_;
  std::uint32_t cols_;
  PeKind pe_;
  WindowPolicy window_policy_;
  Codebook codebook_;
  CycleDecoder decoder_;

  CycleFold fold_;
  ArrayPhase phase_ = ArrayPhase::Idle;
  std::uint64_t fold_cycle_ = 0;
  std::uint64_t load_cycles_ = 0;
  std::uint32_t rows_shifted_ = 0;  // weight rows moved in during the load phase
  std::uint32_t window_ = 1;
  std::uint64_t wave_cycle_ = 0;    // compute clocks since the load ended
  std::uint64_t results_left_ = 0;  // column sums that left the bottom row (all C columns)

  // Per PE, row-major R x C. Masks are 0 or -1 so that the hot loop is branch-free.
  std::vector<std::int32_t> weight_;     // weight register (shift chain during the load)
  std::vector<std::int32_t> staging_;    // temporal: decoder staging register file
  std::vector<std::int32_t> magnitude_;  // |w|, compared with the pulse counter
  std::vector<std::int32_t> sign_;       // -1 for negative weights
  std::vector<std::int32_t> loaded_;     // -1 for PEs that hold a weight of the fold
  std::vector<std::int32_t> act_;        // activation register
  std::vector<std::int32_t> act_valid_;  // -1 while it carries a wave 0 .. Mc-1
  std::vector<std::int32_t> psum_;       // partial-sum register
  std::vector<std::int32_t> pulse_;      // comparator output of the last clock, 0/1
  // Per column.
  std::vector<std::int32_t> counter_;        // pulse counter p
  std::vector<std::int32_t> column_active_;  // -1 once the column's first window opened
  std::vector<std::int32_t> window_start_;   // -1 if p == 0 in this clock
  std::vector<std::int32_t> window_end_;     // -1 if p == Wf - 1 in this clock
  std::vector<std::uint32_t> next_top_wave_;  // wave whose partial sum enters row 0 next
  std::vector<std::uint32_t> next_result_;    // wave whose sum leaves the bottom row next
  // Per-column event counters of the hot loop, flushed into 64-bit totals.
  std::vector<std::int32_t> pulses_col_;
  std::vector<std::int32_t> idle_col_;
  std::vector<std::int32_t> slots_col_;
  std::uint64_t cycles_since_flush_ = 0;
  std::uint64_t flush_interval_ = 1;
  std::uint64_t pulses_ = 0;
  std::uint64_t idle_ = 0;
  std::uint64_t slots_ = 0;
  std::uint64_t weight_loads_ = 0;
};

}  // namespace fineq
