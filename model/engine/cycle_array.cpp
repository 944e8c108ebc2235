#include "cycle_array.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "pe_arithmetic.hpp"

namespace fineq {

namespace {
[[noreturn]] void reject(const std::string& field, const std::string& expected,
                         std::uint64_t got) {
  throw std::invalid_argument("fold " + field + ": expected " + expected + ", got " +
                              std::to_string(got));
}

bool is_temporal(PeKind kind) { return kind == PeKind::Temporal; }

std::uint64_t sum_and_clear(std::vector<std::int32_t>& counters) {
  std::uint64_t total = 0;
  for (std::int32_t& counter : counters) {
    total += static_cast<std::uint64_t>(counter);
    counter = 0;
  }
  return total;
}

// One array row for one clock, as free functions so that the compiler can rely on the
// restrict-qualified parameters and vectorize across the columns.
void temporal_row(std::uint32_t cols, const std::int32_t* __restrict a,
                  const std::int32_t* __restrict valid, const std::int32_t* __restrict loaded,
                  const std::int32_t* __restrict magnitude, const std::int32_t* __restrict sign,
                  const std::int32_t* __restrict counter, const std::int32_t* __restrict start,
                  std::int32_t* __restrict psum, std::int32_t* __restrict pulse,
                  std::int32_t* __restrict pulses, std::int32_t* __restrict idle,
                  std::int32_t* __restrict slots) {
  for (std::uint32_t c = 0; c < cols; ++c) {
    const std::int32_t fire = valid[c] & -static_cast<std::int32_t>(counter[c] < magnitude[c]);
    psum[c] += ((a[c] ^ sign[c]) - sign[c]) & fire;
    pulse[c] = fire & 1;
    const std::int32_t slot = valid[c] & loaded[c];
    pulses[c] -= fire;
    idle[c] -= slot & ~fire;
    slots[c] -= slot & start[c];
  }
}

void bit_parallel_row(std::uint32_t cols, const std::int32_t* __restrict a,
                      const std::int32_t* __restrict valid, const std::int32_t* __restrict loaded,
                      const std::int32_t* __restrict weight, std::int32_t* __restrict psum,
                      std::int32_t* __restrict slots) {
  for (std::uint32_t c = 0; c < cols; ++c) {
    psum[c] += weight[c] * a[c];
    slots[c] -= valid[c] & loaded[c];
  }
}

// Partial sums move one PE down in the columns whose window ends (end = -1).
void shift_down(std::uint32_t cols, const std::int32_t* __restrict end,
                const std::int32_t* __restrict above, std::int32_t* __restrict below) {
  for (std::uint32_t c = 0; c < cols; ++c) below[c] = (above[c] & end[c]) | (below[c] & ~end[c]);
}

std::uint64_t sum(const std::vector<std::int32_t>& counters) {
  std::uint64_t total = 0;
  for (std::int32_t counter : counters) total += static_cast<std::uint64_t>(counter);
  return total;
}
}  // namespace

void check_cycle_fold(const CycleFold& fold, std::uint32_t rows, std::uint32_t cols, PeKind pe) {
  if (fold.r_used < 1 || fold.r_used > rows) reject("r_used", "1.." + std::to_string(rows), fold.r_used);
  if (fold.c_used < 1 || fold.c_used > cols) reject("c_used", "1.." + std::to_string(cols), fold.c_used);
  if (fold.waves < 1) reject("waves", ">= 1", fold.waves);
  if (fold.activations == nullptr || fold.activation_stride < fold.r_used) {
    reject("activation_stride", "activations with stride >= r_used", fold.activation_stride);
  }
  if (fold.sums == nullptr || fold.sum_stride < fold.c_used) {
    reject("sum_stride", "a sum buffer with stride >= c_used", fold.sum_stride);
  }
  if (is_temporal(pe)) {
    if (fold.clusters.channels != fold.c_used) reject("clusters.channels", "c_used", fold.clusters.channels);
    if (fold.clusters.weights != fold.r_used) reject("clusters.weights", "r_used", fold.clusters.weights);
    return;
  }
  if (fold.weights == nullptr || fold.weight_stride < fold.r_used) {
    reject("weight_stride", "weights with stride >= r_used", fold.weight_stride);
  }
  const int low = min_pe_weight(pe);
  const int high = max_pe_weight(pe);
  for (std::uint32_t c = 0; c < fold.c_used; ++c) {
    for (std::uint32_t r = 0; r < fold.r_used; ++r) {
      const int w = fold.weights[c * fold.weight_stride + r];
      if (w < low || w > high) {
        throw std::invalid_argument("fold weights: channel " + std::to_string(c) + " position " +
                                    std::to_string(r) + " holds " + std::to_string(w) +
                                    ", outside the " + pe_kind_name(pe) + " weight range " +
                                    std::to_string(low) + ".." + std::to_string(high));
      }
    }
  }
}

ActivityCounts array_fold_activity(PeKind pe, std::uint64_t mac_slots, std::uint64_t pulses,
                                   std::uint64_t idle_window_cycles,
                                   std::uint64_t weight_register_loads,
                                   std::uint64_t decoded_clusters) {
  ActivityCounts counts;
  counts.pe_mac_slots = mac_slots;
  counts.weight_register_loads = weight_register_loads;
  if (is_temporal(pe)) {
    counts.pulses = pulses;
    counts.idle_window_cycles = idle_window_cycles;
    counts.adds = pulses;
    counts.decoded_clusters = decoded_clusters;
  } else {
    // A bit-parallel PE's window is one clock: each MAC slot is one multiply and one add.
    counts.multiplies = mac_slots;
    counts.adds = mac_slots;
  }
  return counts;
}

CycleArray::CycleArray(const AcceleratorConfig& config)
    : rows_(config.rows),
      cols_(config.cols),
      pe_(config.pe),
      window_policy_(config.window),
      codebook_(config.codebook),
      decoder_(config.codebook, config.decoder_clusters_per_cycle) {
  if (rows_ == 0 || cols_ == 0) {
    throw std::invalid_argument("array: rows and cols must be >= 1");
  }
  const std::size_t pes = std::size_t{rows_} * cols_;
  for (auto* plane : {&weight_, &staging_, &magnitude_, &sign_, &loaded_, &act_, &act_valid_,
                      &psum_, &pulse_}) {
    plane->assign(pes, 0);
  }
  for (auto* column : {&counter_, &column_active_, &window_start_, &window_end_, &pulses_col_,
                       &idle_col_, &slots_col_}) {
    column->assign(cols_, 0);
  }
  next_top_wave_.assign(cols_, 0);
  next_result_.assign(cols_, 0);
  // A column counter grows by at most R per clock; flush before it can pass INT32_MAX.
  flush_interval_ = std::max<std::uint64_t>(1, std::numeric_limits<std::int32_t>::max() / rows_);
}

void CycleArray::program_codebook(const Codebook& codebook) {
  if (busy()) throw std::logic_error("CycleArray::program_codebook: a fold is running");
  if (codebook == codebook_) return;
  codebook_ = codebook;
  decoder_.program(codebook);
}

void CycleArray::begin_fold(const CycleFold& fold) {
  if (busy()) throw std::logic_error("CycleArray::begin_fold: the previous fold is still running");
  check_cycle_fold(fold, rows_, cols_, pe_);
  for (auto* plane : {&weight_, &staging_, &act_, &act_valid_, &psum_, &pulse_}) {
    std::fill(plane->begin(), plane->end(), 0);
  }
  if (is_temporal(pe_)) decoder_.start(fold.clusters, staging_.data(), cols_);
  fold_ = fold;
  phase_ = ArrayPhase::WeightLoad;
  fold_cycle_ = 0;
  load_cycles_ = 0;
  rows_shifted_ = 0;
  window_ = 1;
  wave_cycle_ = 0;
  results_left_ = 0;
  pulses_ = idle_ = slots_ = weight_loads_ = 0;
  cycles_since_flush_ = 0;
}

bool CycleArray::step() {
  if (phase_ == ArrayPhase::Idle) return false;
  ++fold_cycle_;
  if (phase_ == ArrayPhase::WeightLoad) {
    step_load();
    return false;
  }
  if (is_temporal(pe_)) {
    step_waves<true>();
  } else {
    step_waves<false>();
  }
  if (results_left_ < std::uint64_t{fold_.waves} * cols_) return false;
  flush_counters();
  phase_ = ArrayPhase::Idle;
  return true;
}

std::uint64_t CycleArray::run_fold(const CycleFold& fold) {
  begin_fold(fold);
  while (!step()) {
  }
  return fold_cycles();
}

void CycleArray::step_load() {
  if (is_temporal(pe_)) decoder_.step();
  if (rows_shifted_ < rows_) {
    if (!is_temporal(pe_)) {
      // Column chains shift down; row 0 takes the fold's K position R-1-i in clock i, so
      // that after R clocks row r holds position r.
      std::memmove(weight_.data() + cols_, weight_.data(),
                   sizeof(std::int32_t) * cols_ * (rows_ - 1));
      const std::uint32_t position = rows_ - 1 - rows_shifted_;
      for (std::uint32_t c = 0; c < cols_; ++c) {
        const bool holds = position < fold_.r_used && c < fold_.c_used;
        weight_[c] = holds ? fold_.weights[c * fold_.weight_stride + position] : 0;
      }
    }
    ++rows_shifted_;
  }
  if (rows_shifted_ == rows_ && !decoder_.busy()) latch_weights();
}

void CycleArray::latch_weights() {
  if (is_temporal(pe_)) weight_ = staging_;
  int largest = 0;
  weight_loads_ = 0;
  for (std::uint32_t r = 0; r < rows_; ++r) {
    for (std::uint32_t c = 0; c < cols_; ++c) {
      const std::size_t i = at(r, c);
      magnitude_[i] = weight_[i] < 0 ? -weight_[i] : weight_[i];
      sign_[i] = weight_[i] < 0 ? -1 : 0;
      loaded_[i] = (r < fold_.r_used && c < fold_.c_used) ? -1 : 0;
      weight_loads_ += loaded_[i] != 0;
      largest = std::max(largest, magnitude_[i]);
    }
  }
  if (!is_temporal(pe_)) {
    window_ = 1;
  } else if (window_policy_ == WindowPolicy::Fixed) {
    window_ = static_cast<std::uint32_t>(std::max(1, codebook_.max_magnitude()));
  } else {
    window_ = static_cast<std::uint32_t>(std::max(1, largest));
  }
  load_cycles_ = fold_cycle_;
  phase_ = ArrayPhase::Waves;

  // State at the first compute clock: column 0's first window opens, row 0 of every column
  // holds the partial sum that wave 0 starts from, the left edge holds wave 0's activations.
  std::fill(counter_.begin(), counter_.end(), 0);
  std::fill(column_active_.begin(), column_active_.end(), 0);
  std::fill(window_start_.begin(), window_start_.end(), 0);
  std::fill(window_end_.begin(), window_end_.end(), 0);
  column_active_[0] = -1;
  window_start_[0] = -1;
  window_end_[0] = window_ == 1 ? -1 : 0;
  for (std::uint32_t c = 0; c < cols_; ++c) {
    psum_[c] = top_partial_sum(fold_, 0, c);
    next_top_wave_[c] = 1;
    next_result_[c] = 0;
  }
  feed_activations();
}

void CycleArray::feed_activations() {
  const std::uint64_t wave_front = wave_cycle_ / window_;  // wave entering row 0 now
  for (std::uint32_t r = 0; r < rows_; ++r) {
    const EdgeActivation edge = left_edge_activation(fold_, wave_front, r);
    act_[at(r, 0)] = edge.value;
    act_valid_[at(r, 0)] = edge.valid ? -1 : 0;
  }
}

template <bool kTemporal>
void CycleArray::step_waves() {
  // 1. Every PE works on the activation it holds: temporal PEs add sign(w) * a when the
  //    column's pulse counter is below |w|, bit-parallel PEs do their one MAC.
  for (std::uint32_t r = 0; r < rows_; ++r) {
    const std::size_t row = std::size_t{r} * cols_;
    if constexpr (kTemporal) {
      temporal_row(cols_, act_.data() + row, act_valid_.data() + row, loaded_.data() + row,
                   magnitude_.data() + row, sign_.data() + row, counter_.data(),
                   window_start_.data(), psum_.data() + row, pulse_.data() + row,
                   pulses_col_.data(), idle_col_.data(), slots_col_.data());
    } else {
      bit_parallel_row(cols_, act_.data() + row, act_valid_.data() + row, loaded_.data() + row,
                       weight_.data() + row, psum_.data() + row, slots_col_.data());
    }
  }

  // 2. At a window end the bottom row's sum leaves, every partial sum moves one PE down and
  //    row 0 takes the partial sum its next wave starts from.
  const std::uint32_t cols = cols_;
  const std::size_t bottom = std::size_t{rows_ - 1} * cols;
  bool any_end = false;
  for (std::uint32_t c = 0; c < cols; ++c) {
    if (!window_end_[c]) continue;
    any_end = true;
    if (act_valid_[bottom + c]) {
      const std::uint32_t m = next_result_[c]++;
      if (c < fold_.c_used) fold_.sums[std::size_t{m} * fold_.sum_stride + c] = psum_[bottom + c];
      ++results_left_;
    }
  }
  if (any_end) {
    for (std::uint32_t r = rows_ - 1; r > 0; --r) {
      std::int32_t* below = psum_.data() + std::size_t{r} * cols;
      shift_down(cols, window_end_.data(), below - cols, below);
    }
    for (std::uint32_t c = 0; c < cols; ++c) {
      if (!window_end_[c]) continue;
      psum_[c] = top_partial_sum(fold_, next_top_wave_[c]++, c);
    }
  }

  // 3. Pulse counters advance; the next column's first window opens one clock later.
  ++wave_cycle_;
  const std::int32_t last = static_cast<std::int32_t>(window_) - 1;
  for (std::uint32_t c = 0; c < cols; ++c) {
    if (c == wave_cycle_) column_active_[c] = -1;
    else if (column_active_[c]) counter_[c] = counter_[c] == last ? 0 : counter_[c] + 1;
    window_start_[c] = column_active_[c] & -static_cast<std::int32_t>(counter_[c] == 0);
    window_end_[c] = column_active_[c] & -static_cast<std::int32_t>(counter_[c] == last);
  }

  // 4. Activations move one PE to the right; the left edge takes the next clock's values.
  for (std::uint32_t r = 0; r < rows_; ++r) {
    const std::size_t row = std::size_t{r} * cols;
    std::memmove(act_.data() + row + 1, act_.data() + row, sizeof(std::int32_t) * (cols - 1));
    std::memmove(act_valid_.data() + row + 1, act_valid_.data() + row, sizeof(std::int32_t) * (cols - 1));
  }
  feed_activations();

  if (++cycles_since_flush_ >= flush_interval_) flush_counters();
}

void CycleArray::flush_counters() {
  pulses_ += sum_and_clear(pulses_col_);
  idle_ += sum_and_clear(idle_col_);
  slots_ += sum_and_clear(slots_col_);
  cycles_since_flush_ = 0;
}

ActivityCounts CycleArray::fold_activity() const {
  return array_fold_activity(pe_, slots_ + sum(slots_col_), pulses_ + sum(pulses_col_),
                             idle_ + sum(idle_col_), weight_loads_,
                             is_temporal(pe_) ? decoder_.decoded_clusters() : 0);
}

}  // namespace fineq
