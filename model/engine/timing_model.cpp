#include "timing_model.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace fineq {

FoldWeightStats fold_weight_stats(const std::int8_t* weights, std::size_t count) {
  FoldWeightStats stats;
  for (std::size_t i = 0; i < count; ++i) {
    const int magnitude = std::abs(int{weights[i]});
    stats.max_abs = std::max(stats.max_abs, magnitude);
    stats.sum_abs += static_cast<std::uint64_t>(magnitude);
  }
  return stats;
}

std::uint32_t fold_window(const AcceleratorConfig& config, int codebook_max_magnitude,
                          int fold_max_abs_weight) {
  if (config.pe != PeKind::Temporal) return 1;
  const int window =
      config.window == WindowPolicy::Fixed ? codebook_max_magnitude : fold_max_abs_weight;
  return static_cast<std::uint32_t>(std::max(1, window));
}

std::uint64_t decode_cycles(const AcceleratorConfig& config, std::uint64_t clusters) {
  if (config.pe != PeKind::Temporal) return 0;
  return (clusters + config.decoder_clusters_per_cycle - 1) / config.decoder_clusters_per_cycle;
}

std::uint64_t load_phase_cycles(const AcceleratorConfig& config, std::uint64_t decode) {
  return std::max<std::uint64_t>(config.rows, decode);
}

std::uint64_t fold_load_cycles(const AcceleratorConfig& config, std::uint64_t clusters) {
  return load_phase_cycles(config, decode_cycles(config, clusters));
}

std::uint64_t fold_compute_cycles(const AcceleratorConfig& config, std::uint32_t chunk_rows,
                                  std::uint32_t window, std::uint64_t load_cycles) {
  return load_cycles + (std::uint64_t{chunk_rows} + config.rows - 1) * window + config.cols - 1;
}

std::uint64_t transfer_cycles(const AcceleratorConfig& config, std::uint64_t bytes) {
  if (config.memory == MemoryKind::Ideal || bytes == 0) return 0;
  return config.dram_latency_cycles +
         (bytes + config.dram_bytes_per_cycle - 1) / config.dram_bytes_per_cycle;
}

ActivityCounts fold_array_activity(const AcceleratorConfig& config, std::uint32_t chunk_rows,
                                   const Fold& fold, std::uint32_t window,
                                   const FoldWeightStats& stats) {
  ActivityCounts counts;
  const std::uint64_t pes = std::uint64_t{fold.r_used} * fold.c_used;
  counts.pe_mac_slots = chunk_rows * pes;
  if (config.pe == PeKind::Temporal) {
    counts.pulses = chunk_rows * stats.sum_abs;
    counts.idle_window_cycles = chunk_rows * (pes * window - stats.sum_abs);
    counts.adds = counts.pulses;
  } else {
    counts.multiplies = counts.pe_mac_slots;
    counts.adds = counts.multiplies;
  }
  counts.weight_register_loads = pes;
  return counts;
}

void JobSchedule::exposed_transfer(std::uint64_t transfer_cycles) {
  cycles_.total += transfer_cycles;
  cycles_.stall += transfer_cycles;
}

void JobSchedule::fold(std::uint64_t compute_cycles, std::uint64_t prefetch_cycles) {
  const std::uint64_t next_load = prefetch_cycles;
  cycles_.compute += compute_cycles;
  cycles_.total += std::max(compute_cycles, next_load);
  cycles_.stall += next_load > compute_cycles ? next_load - compute_cycles : 0;
}

std::uint64_t chunk_activation_bytes(const GemmShape& shape, const MChunk& chunk) {
  return std::uint64_t{chunk.rows} * shape.k + 4ull * chunk.rows;
}

std::uint64_t chunk_result_bytes(const GemmShape& shape, const MChunk& chunk) {
  return 4ull * chunk.rows * shape.n;
}

void add_activity(ActivityCounts& total, const ActivityCounts& part) {
  total.macs += part.macs;
  total.pe_mac_slots += part.pe_mac_slots;
  total.pulses += part.pulses;
  total.idle_window_cycles += part.idle_window_cycles;
  total.multiplies += part.multiplies;
  total.adds += part.adds;
  total.weight_register_loads += part.weight_register_loads;
  total.decoded_clusters += part.decoded_clusters;
  total.output_scalings += part.output_scalings;
  total.weight_buffer_read_bytes += part.weight_buffer_read_bytes;
  total.weight_buffer_write_bytes += part.weight_buffer_write_bytes;
  total.activation_buffer_read_bytes += part.activation_buffer_read_bytes;
  total.activation_buffer_write_bytes += part.activation_buffer_write_bytes;
  total.output_buffer_read_bytes += part.output_buffer_read_bytes;
  total.output_buffer_write_bytes += part.output_buffer_write_bytes;
  total.dram_read_bytes += part.dram_read_bytes;
  total.dram_write_bytes += part.dram_write_bytes;
}

std::vector<FoldWeightStats> plan_weight_stats(const FoldPlan& plan, const std::int8_t* weights) {
  std::vector<FoldWeightStats> stats(plan.folds.size());
  for (std::size_t f = 0; f < plan.folds.size(); ++f) {
    const Fold& fold = plan.folds[f];
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      const FoldWeightStats row = fold_weight_stats(
          weights + std::size_t{fold.n0 + c} * plan.shape.k + fold.k0, fold.r_used);
      stats[f].max_abs = std::max(stats[f].max_abs, row.max_abs);
      stats[f].sum_abs += row.sum_abs;
    }
  }
  return stats;
}

void BusySpan::cover(std::uint64_t from, std::uint64_t to) {
  if (to == from) return;  // a transfer that took no cycles (ideal memory) keeps nothing busy
  first = used ? std::min(first, from) : from;
  last = used ? std::max(last, to) : to;
  used = true;
}

JobEstimate estimate_job(const AcceleratorConfig& config, const FoldPlan& plan,
                         const std::vector<FoldWeightStats>& stats, int codebook_max_magnitude,
                         JobTimeline* timeline) {
  const GemmShape& shape = plan.shape;
  JobTimeline scratch;
  JobTimeline& busy = timeline != nullptr ? *timeline : scratch;
  busy = JobTimeline{};
  JobEstimate estimate;
  ActivityCounts& activity = estimate.activity;
  JobSchedule schedule;
  // An exposed transfer occupies [now, now + T(b)).
  auto exposed = [&](std::uint64_t bytes, BusySpan& span) {
    const std::uint64_t from = schedule.cycles().total;
    schedule.exposed_transfer(transfer_cycles(config, bytes));
    span.cover(from, schedule.cycles().total);
  };
  const double array_pes = static_cast<double>(config.rows) * config.cols;
  for (const MChunk& chunk : plan.m_chunks) {
    const std::uint64_t rows = chunk.rows;
    exposed(chunk_activation_bytes(shape, chunk), busy.dram_activations);
    busy.dram_activation_bytes += chunk_activation_bytes(shape, chunk);
    activity.dram_read_bytes += chunk_activation_bytes(shape, chunk);
    activity.activation_buffer_write_bytes += rows * shape.k;
    exposed(plan.folds.front().weight_bytes(), busy.dram_weights);
    for (std::size_t f = 0; f < plan.folds.size(); ++f) {
      const Fold& fold = plan.folds[f];
      const std::uint32_t window = fold_window(config, codebook_max_magnitude, stats[f].max_abs);
      const std::uint64_t load = fold_load_cycles(config, fold.clusters());
      const std::uint64_t next_bytes =
          f + 1 < plan.folds.size() ? plan.folds[f + 1].weight_bytes() : 0;
      const std::uint64_t compute = fold_compute_cycles(config, chunk.rows, window, load);
      const std::uint64_t start = schedule.cycles().total;
      schedule.fold(compute, transfer_cycles(config, next_bytes));
      busy.array.cover(start, start + compute);
      if (next_bytes > 0) busy.dram_weights.cover(start, start + transfer_cycles(config, next_bytes));
      const ActivityCounts fold_activity = fold_array_activity(config, chunk.rows, fold, window, stats[f]);
      busy.fold_utilization_sum +=
          static_cast<double>(fold_activity.pe_mac_slots) / (array_pes * static_cast<double>(compute));
      ++busy.fold_runs;
      add_activity(activity, fold_activity);
      if (config.pe == PeKind::Temporal) activity.decoded_clusters += fold.clusters();
      activity.dram_read_bytes += fold.weight_bytes();
      activity.weight_buffer_write_bytes += fold.weight_bytes();
      activity.weight_buffer_read_bytes += fold.weight_bytes();
      activity.activation_buffer_read_bytes += rows * fold.r_used;
      if (fold.last_of_segment) {
        const std::uint64_t outputs = rows * fold.c_used;
        activity.output_scalings += outputs;
        activity.output_buffer_write_bytes += 4 * outputs;
        if (fold.segment > 0) activity.output_buffer_read_bytes += 4 * outputs;
      }
    }
    exposed(chunk_result_bytes(shape, chunk), busy.dram_results);
    activity.output_buffer_read_bytes += chunk_result_bytes(shape, chunk);
    activity.dram_write_bytes += chunk_result_bytes(shape, chunk);
  }
  activity.macs = std::uint64_t{shape.m} * shape.n * shape.k;
  estimate.cycles = schedule.cycles();
  return estimate;
}

JobEstimate estimate_job(const AcceleratorConfig& config, const FoldPlan& plan,
                         const std::int8_t* weights, int codebook_max_magnitude) {
  return estimate_job(config, plan, plan_weight_stats(plan, weights), codebook_max_magnitude);
}

}  // namespace fineq
