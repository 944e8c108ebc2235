#include "layer_estimator.hpp"

#include <stdexcept>

#include "device_layout.hpp"
#include "job_setup.hpp"

namespace fineq {

namespace {
// The host's and the controller's checks of an M-row job; returns the controller's plan.
JobSetup checked_setup(const AcceleratorConfig& config, const QuantizedMatrix& weights, std::uint32_t m) {
  config.validate();
  weights.validate();
  if (weights.has_fp16_weights()) throw std::invalid_argument(weights.fp16_refusal());
  const DeviceLayout device =
      layout_device_memory({m, weights.cols, weights.rows}, WeightLayout::of(weights));
  if (device.end > kMaxDeviceBytes) {
    throw std::invalid_argument("job needs " + std::to_string(device.end) +
                                " bytes of device memory, the platform has " +
                                std::to_string(kMaxDeviceBytes));
  }
  try {
    return check_job(job_registers_for(weights, m, device), config, {0, device.end});
  } catch (const JobError& error) {
    throw std::invalid_argument("accelerator error: " + describe_job_error(error.cause(), error.detail()));
  }
}
}  // namespace

WeightFoldStats weight_fold_stats(const AcceleratorConfig& config, const QuantizedMatrix& weights) {
  // The folds do not depend on M; one row is enough to plan them.
  const JobSetup setup = checked_setup(config, weights, 1);
  WeightFoldStats stats;
  if (config.pe == PeKind::Temporal) {  // only the temporal PE's timing and pulses depend on |w|
    stats.folds = plan_weight_stats(setup.plan, weights.decode_all().data());
    stats.codebook_max_magnitude = setup.codebook.max_magnitude();
  } else {
    stats.folds.resize(setup.plan.folds.size());
  }
  return stats;
}

LayerEstimate estimate_layer(const AcceleratorConfig& config, const QuantizedMatrix& weights,
                             std::uint32_t m, const WeightFoldStats& stats) {
  const JobSetup setup = checked_setup(config, weights, m);
  if (stats.folds.size() != setup.plan.folds.size()) {
    throw std::logic_error("estimate_layer: fold statistics of another configuration");
  }
  LayerEstimate estimate;
  estimate.counts = estimate_job(config, setup.plan, stats.folds, stats.codebook_max_magnitude,
                                 &estimate.timeline);
  double mapped = 0.0;
  for (const Fold& fold : setup.plan.folds) mapped += std::uint64_t{fold.r_used} * fold.c_used;
  estimate.mapping_efficiency =
      mapped / (static_cast<double>(config.rows) * config.cols * setup.plan.folds.size());
  return estimate;
}

}  // namespace fineq
