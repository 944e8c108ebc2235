#include "accelerator_linear_layers.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "platform.hpp"
#include "register_map.hpp"

namespace fineq {

namespace {
constexpr std::uint64_t kAlignment = 64;
std::uint64_t align(std::uint64_t bytes) { return (bytes + kAlignment - 1) / kAlignment * kAlignment; }

// Field-by-field sum: ActivityCounts is the device's counter block, all uint64 (the host
// driver reads it the same way).
void add(ActivityCounts& total, const ActivityCounts& more) {
  static_assert(sizeof(ActivityCounts) == csr::kActivityCount * sizeof(std::uint64_t));
  std::uint64_t a[csr::kActivityCount], b[csr::kActivityCount];
  std::memcpy(a, &total, sizeof a);
  std::memcpy(b, &more, sizeof b);
  for (std::uint32_t i = 0; i < csr::kActivityCount; ++i) a[i] += b[i];
  std::memcpy(&total, a, sizeof a);
}
}  // namespace

AcceleratorLinearLayers::AcceleratorLinearLayers(const AcceleratorConfig& config, const QuantizedModel& model)
    : config_(config), model_(model) {
  config.validate();
  std::uint64_t next = 0;
  for (const QuantizedMatrix& matrix : model.matrices) {
    if (!matrix.fp16_columns.empty()) {
      throw std::invalid_argument("tensor '" + matrix.name +
                                  "' keeps FP16 columns, which the accelerator's integer datapath cannot run "
                                  "(OWQ-style methods run in software only)");
    }
    WeightPlacement placement;
    placement.weights_addr = next;
    next = align(next + matrix.payload.size());
    placement.scales_addr = next;
    next = align(next + 2 * matrix.scales.size());
    placements_.push_back(placement);
  }
  data_addr_ = next;
  for (WeightPlacement& placement : placements_) placement.data_addr = data_addr_;
}

void AcceleratorLinearLayers::apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                                    float* y) {
  const std::size_t index = linear_index(layer, kind);
  const QuantizedMatrix& matrix = model_.matrices.at(index);
  SimulationJob job;
  job.config = config_;
  job.config.codebook = matrix.codebook;
  job.weights = matrix;
  job.m = m;
  job.activations.assign(x, x + static_cast<std::size_t>(m) * matrix.cols);
  job.weight_placement = placements_[index];
  const SimulationResult result = run_simulation(job);
  if (!result.completed) throw std::runtime_error(matrix.name + ": " + result.error_message);
  if (!result.bit_exact) {
    throw std::runtime_error(matrix.name + ": accelerator Y differs from golden_gemm in " +
                             std::to_string(result.mismatches) + " elements");
  }
  if (placements_[index].write_weights) {
    totals_.weight_bytes_written += matrix.payload.size() + 2 * matrix.scales.size();
    placements_[index].write_weights = false;  // resident from now on
  }
  std::copy(result.y.begin(), result.y.end(), y);
  ++totals_.jobs;
  if (layer == 0 && kind == LinearKind::Wq) totals_.tokens += m;
  totals_.cycles.total += result.cycles.total;
  totals_.cycles.compute += result.cycles.compute;
  totals_.cycles.stall += result.cycles.stall;
  add(totals_.activity, result.activity);
  totals_.wall_seconds += result.wall_seconds;
}

AcceleratorTotals AcceleratorLinearLayers::take_totals() {
  AcceleratorTotals totals = totals_;
  totals_ = AcceleratorTotals{};
  return totals;
}

}  // namespace fineq
