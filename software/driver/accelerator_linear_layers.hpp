#pragma once
// The accelerator back end of the Llama forward pass: every block linear layer runs as a
// job on the SystemC platform through the host driver (run_simulation). The quantized weights
// of all layers get fixed places in device memory and are written once, by the first job
// that uses each matrix; later jobs only write their activations (WeightPlacement). Each
// job's Y is compared with golden_gemm (==) by the driver; a device error or a mismatch
// throws, so a finished run is bit-exact by construction.
#include <cstdint>
#include <vector>

#include "linear_layers.hpp"
#include "quantized_model.hpp"
#include "simulation_job.hpp"

namespace fineq {

// What the jobs since the last take_totals() cost on the device.
struct AcceleratorTotals {
  std::uint64_t jobs = 0;
  std::uint64_t tokens = 0;  // tokens run: rows of X of the jobs of layer 0 wq
  CycleCounts cycles;        // summed
  ActivityCounts activity;   // summed
  std::uint64_t weight_bytes_written = 0;  // host writes of weights into device memory
  double wall_seconds = 0.0;
};

class AcceleratorLinearLayers : public LinearLayers {
 public:
  // Throws std::invalid_argument if a matrix keeps FP16 columns (the integer datapath cannot
  // run them) or the configuration is invalid. The model must outlive this object.
  AcceleratorLinearLayers(const AcceleratorConfig& config, const QuantizedModel& model);
  // Not thread-safe: SystemC runs one job at a time.
  void apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m, float* y) override;

  // The totals since the previous call, and zeroes them.
  AcceleratorTotals take_totals();
  // Bytes of packed weights and scales of all layers as placed in device memory.
  std::uint64_t resident_weight_bytes() const { return data_addr_; }

 private:
  AcceleratorConfig config_;
  const QuantizedModel& model_;
  std::vector<WeightPlacement> placements_;  // linear_index order
  std::uint64_t data_addr_ = 0;              // activations and Y of every job start here
  AcceleratorTotals totals_;
};

}  // namespace fineq
