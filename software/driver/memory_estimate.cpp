#include "memory_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace fineq {

std::uint64_t MemoryEstimate::total() const {
  std::uint64_t sum = 0;
  for (const auto& part : parts) sum += part.second;
  return sum;
}

std::string MemoryEstimate::describe() const {
  std::vector<std::pair<std::string, std::uint64_t>> largest = parts;
  std::stable_sort(largest.begin(), largest.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text = format_bytes(total()) + " (";
  for (std::size_t i = 0; i < std::min<std::size_t>(3, largest.size()); ++i) {
    text += (i ? ", " : "") + largest[i].first + " " + format_bytes(largest[i].second);
  }
  return text + (largest.size() > 3 ? ", ...)" : ")");
}

MemoryEstimate estimate_simulation_memory(const AcceleratorConfig& config, std::uint32_t m,
                                          std::uint32_t k, std::uint32_t n,
                                          std::uint64_t payload_bytes, bool generated,
                                          const TraceWindow* trace) {
  const std::uint64_t weights = std::uint64_t{n} * k;
  const std::uint64_t inputs = std::uint64_t{m} * k;
  const std::uint64_t outputs = std::uint64_t{m} * n;
  MemoryEstimate estimate;
  auto add = [&](const char* what, std::uint64_t bytes) {
    if (bytes != 0) estimate.parts.emplace_back(what, bytes);
  };
  add("generated weights (float32)", generated ? 4 * weights : 0);
  add("quantized weights", payload_bytes);
  add("decoded weights for the golden GEMM", weights);
  add("activations (float32 and INT8)", 5 * inputs);
  add("outputs (device and golden)", 8 * outputs);
  // Device memory holds weights, activations and Y; buffers are touched only as far as used.
  add("device memory", payload_bytes + inputs + 4 * outputs);
  add("on-chip buffers", std::min(2 * config.weight_buffer_bytes, payload_bytes) +
                             std::min(config.activation_buffer_bytes, inputs) +
                             std::min(config.output_buffer_bytes, 4 * outputs));
  if (config.mode == SimMode::Cycle) {
    add("cycle-level array state", kCycleStateBytesPerPe * config.rows * config.cols);
  }
  if (trace != nullptr) {
    const std::uint64_t pes = std::uint64_t{trace->row_last - trace->row_first + 1} *
                              (trace->col_last - trace->col_first + 1);
    add("VCD trace", kTraceBytesPerPe * pes);
  }
  return estimate;
}

std::uint64_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kibibytes = 0;
  std::string unit;
  while (in >> key >> kibibytes >> unit) {
    if (key == "MemAvailable:") return kibibytes * 1024;
  }
  return 0;
}

std::string format_bytes(std::uint64_t bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000.0 && unit < 6) {
    value /= 1000.0;
    ++unit;
  }
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value,
                  kUnits[unit]);
  }
  return text;
}

}  // namespace fineq
