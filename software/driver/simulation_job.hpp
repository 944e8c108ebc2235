#pragma once
// One GEMM job for the simulated platform and what comes back from it.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "device_layout.hpp"
#include "job_error.hpp"
#include "quantized_matrix.hpp"
#include "trace_window.hpp"

namespace fineq {

struct SimulationJob {
  AcceleratorConfig config;   // hardware of the platform for this job
  QuantizedMatrix weights;    // W, N x K
  std::uint32_t m = 0;        // rows of X
  std::vector<float> activations;  // X, M x K FP32; the driver quantizes it to INT8
  bool verify = true;         // compare Y with fineq::golden_gemm using ==
  bool use_dmi = true;        // let the DMA engine copy through DMI pointers
  // Weights resident in device memory across jobs (docs/llm.md); without it every job lays
  // out all its tensors from address 0 and writes its weights.
  std::optional<WeightPlacement> weight_placement;
  // CSR writes (offset, value) the driver makes after programming the job and before START:
  // how tests program the device badly on purpose.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> register_overrides;
  // Cycle-level mode only: write the job's waveform to this VCD (and NAME.gtkw beside it),
  // with the PE signals of trace_window. Only the first job of a process can be traced.
  std::string vcd_path;
  TraceWindow trace_window;
};

struct SimulationResult {
  bool completed = false;  // STATUS.DONE; false when the device reported an error
  ErrorCause error_cause = ErrorCause::None;
  std::uint32_t error_detail = 0;
  std::string error_message;  // "accelerator error: ..." when !completed
  CycleCounts cycles;         // from the device's cycle counters
  ActivityCounts activity;    // from the device's event counters
  std::vector<float> y;       // M x N, read back from device memory
  bool verified = false;      // golden comparison done
  bool bit_exact = false;
  std::uint64_t mismatches = 0;  // elements with y != golden
  std::uint64_t dram_target_read_bytes = 0;   // seen by the DRAM target during the job
  std::uint64_t dram_target_write_bytes = 0;  // (b_transport only; DMI bypasses it)
  double wall_seconds = 0.0;  // host time for the whole job, golden comparison excluded
};

}  // namespace fineq
