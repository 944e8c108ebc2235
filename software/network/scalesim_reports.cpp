#include "scalesim_reports.hpp"

#include <iomanip>
#include <sstream>

namespace fineq {

namespace {
double ratio(double a, double b) { return b == 0.0 ? 0.0 : a / b; }

// SCALE-Sim's row format: "value, value, ...," with a trailing comma.
class CsvRow {
 public:
  CsvRow() { line_ << std::setprecision(10); }
  template <typename T>
  CsvRow& operator<<(const T& value) {
    if (!first_) line_ << ", ";
    first_ = false;
    line_ << value;
    return *this;
  }
  std::string str() const { return line_.str() + ",\n"; }

 private:
  std::ostringstream line_;
  bool first_ = true;
};
}  // namespace

double overall_utilization_percent(const AcceleratorConfig& config, const LayerRecord& layer) {
  return 100.0 * ratio(static_cast<double>(layer.activity.macs),
                       static_cast<double>(config.rows) * config.cols * static_cast<double>(layer.cycles.total));
}

double compute_utilization_percent(const LayerRecord& layer) {
  return 100.0 * ratio(layer.timeline.fold_utilization_sum, static_cast<double>(layer.timeline.fold_runs));
}

double dram_bandwidth(std::uint64_t bytes, const BusySpan& span, const CycleCounts& cycles) {
  const std::uint64_t busy = span.last - span.first;
  return ratio(static_cast<double>(bytes), static_cast<double>(busy > 0 ? busy : cycles.total));
}

std::uint64_t dram_weight_bytes(const LayerRecord& layer) {
  return layer.activity.dram_read_bytes - layer.timeline.dram_activation_bytes;
}

std::string compute_report_csv(const AcceleratorConfig& config, const std::vector<LayerRecord>& layers) {
  std::string text =
      "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %, "
      "Layer Name, M, N, K, Compute Cycles, MACs, Energy Total (pJ), Energy Array (pJ), "
      "Energy On-chip (pJ), Energy DRAM (pJ), Area Total (um2),\n";
  for (std::size_t id = 0; id < layers.size(); ++id) {
    const LayerRecord& l = layers[id];
    CsvRow row;
    row << id << l.cycles.total << l.cycles.stall << overall_utilization_percent(config, l)
        << 100.0 * l.mapping_efficiency << compute_utilization_percent(l) << l.name << l.m << l.n
        << l.k << l.cycles.compute << l.activity.macs << l.energy_total_pj << l.energy_array_pj
        << l.energy_on_chip_pj << l.energy_dram_pj << l.area_total_um2;
    text += row.str();
  }
  return text;
}

std::string bandwidth_report_csv(const std::vector<LayerRecord>& layers) {
  std::string text =
      "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, "
      "Avg FILTER DRAM BW, Avg OFMAP DRAM BW, Layer Name,\n";
  for (std::size_t id = 0; id < layers.size(); ++id) {
    const LayerRecord& l = layers[id];
    const double cycles = static_cast<double>(l.cycles.total);
    CsvRow row;
    row << id << ratio(static_cast<double>(l.activity.activation_buffer_read_bytes), cycles)
        << ratio(static_cast<double>(l.activity.weight_buffer_read_bytes), cycles)
        << ratio(static_cast<double>(l.activity.output_buffer_write_bytes), cycles)
        << dram_bandwidth(l.timeline.dram_activation_bytes, l.timeline.dram_activations, l.cycles)
        << dram_bandwidth(dram_weight_bytes(l), l.timeline.dram_weights, l.cycles)
        << dram_bandwidth(l.activity.dram_write_bytes, l.timeline.dram_results, l.cycles) << l.name;
    text += row.str();
  }
  return text;
}

std::string detailed_access_report_csv(const std::vector<LayerRecord>& layers) {
  std::string text =
      "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, "
      "SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, "
      "SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, "
      "DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, "
      "DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, "
      "DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes, Layer Name,\n";
  for (std::size_t id = 0; id < layers.size(); ++id) {
    const LayerRecord& l = layers[id];
    const JobTimeline& t = l.timeline;
    const ActivityCounts& a = l.activity;
    CsvRow row;
    row << id << t.array.first << t.array.last << a.activation_buffer_read_bytes << t.array.first
        << t.array.last << a.weight_buffer_read_bytes << t.array.first << t.array.last
        << a.output_buffer_write_bytes << t.dram_activations.first << t.dram_activations.last
        << t.dram_activation_bytes << t.dram_weights.first << t.dram_weights.last
        << dram_weight_bytes(l) << t.dram_results.first << t.dram_results.last << a.dram_write_bytes
        << l.name;
    text += row.str();
  }
  return text;
}

}  // namespace fineq
