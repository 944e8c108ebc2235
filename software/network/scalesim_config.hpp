#pragma once
// A SCALE-Sim configuration file (.cfg, INI syntax) applied to this accelerator, so that a
// SCALE-Sim user can rerun their configuration: array size, SRAM sizes, dataflow (only `ws`,
// the one this weight-stationary array implements) and, with InterfaceBandwidth USER, the
// DRAM bandwidth. Plain C++.
#include <string>

#include "accelerator_config.hpp"

namespace fineq {

struct ScaleSimConfig {
  std::string run_name;
  std::uint32_t array_height = 0;  // -> rows (along K)
  std::uint32_t array_width = 0;   // -> cols (along N)
  std::uint64_t ifmap_sram_kb = 0;   // -> activation buffer
  std::uint64_t filter_sram_kb = 0;  // -> weight buffer (both halves of the double buffer)
  std::uint64_t ofmap_sram_kb = 0;   // -> output buffer
  std::string dataflow;
  std::uint32_t bandwidth = 0;  // words per cycle; 0 when InterfaceBandwidth is CALC

  // Sets rows, cols, the buffer sizes and (if given) dram_bytes_per_cycle.
  void apply_to(AcceleratorConfig& config) const;
};

// Throws std::invalid_argument naming the file, line or key: a missing or non-numeric key, a
// dataflow other than ws (os and is are refused with the reason), a malformed line.
ScaleSimConfig read_scalesim_config(const std::string& path);

}  // namespace fineq
