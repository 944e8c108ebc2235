#pragma once
// Per-layer reports in SCALE-Sim's file formats and column names (COMPUTE_REPORT.csv,
// BANDWIDTH_REPORT.csv, DETAILED_ACCESS_REPORT.csv), followed by this project's columns.
// Accesses are counted in bytes (an INT8 activation is one SCALE-Sim word); cycles come from
// the timing contract (docs/network.md gives every column's definition). Plain C++.
#include <cstdint>
#include <string>
#include <vector>

#include "accelerator_config.hpp"
#include "activity_counts.hpp"
#include "timing_model.hpp"

namespace fineq {

struct LayerRecord {
  std::string name;
  std::uint32_t m = 0;
  std::uint32_t n = 0;
  std::uint32_t k = 0;
  CycleCounts cycles;        // from the platform (full simulation) or the estimate
  ActivityCounts activity;   // likewise
  JobTimeline timeline;      // busy spans (timing contract; identical in both modes)
  double mapping_efficiency = 0.0;
  double energy_total_pj = 0.0;
  double energy_array_pj = 0.0;
  double energy_on_chip_pj = 0.0;
  double energy_dram_pj = 0.0;
  double area_total_um2 = 0.0;
};

// SCALE-Sim's percentages: macs / (R * C * total cycles), the fold-mean mapping efficiency and
// the fold-mean compute utilization, each x 100.
double overall_utilization_percent(const AcceleratorConfig& config, const LayerRecord& layer);
double compute_utilization_percent(const LayerRecord& layer);
// Average DRAM bandwidth of a stream in bytes per cycle: bytes over its busy span, or over the
// layer's cycles when the span is empty (ideal memory: transfers take no cycles).
double dram_bandwidth(std::uint64_t bytes, const BusySpan& span, const CycleCounts& cycles);
std::uint64_t dram_weight_bytes(const LayerRecord& layer);

std::string compute_report_csv(const AcceleratorConfig& config, const std::vector<LayerRecord>& layers);
std::string bandwidth_report_csv(const std::vector<LayerRecord>& layers);
std::string detailed_access_report_csv(const std::vector<LayerRecord>& layers);

}  // namespace fineq
