#include "accelerator_config.hpp"

#include <stdexcept>

namespace fineq {

namespace {
[[noreturn]] void reject(const std::string& field, const std::string& expected,
                         const std::string& got) {
  throw std::invalid_argument(field + ": expected " + expected + ", got '" + got + "'");
}

void require_range(const char* field, std::uint64_t value, std::uint64_t low, std::uint64_t high) {
  if (value < low || value > high) {
    reject(field, std::to_string(low) + ".." + std::to_string(high), std::to_string(value));
  }
}
}  // namespace

const char* pe_kind_name(PeKind kind) {
  switch (kind) {
    case PeKind::Temporal: return "temporal";
    case PeKind::Int8x4: return "int8x4";
    case PeKind::Int8x8: return "int8x8";
  }
  return "unknown";
}

const char* window_policy_name(WindowPolicy policy) {
  switch (policy) {
    case WindowPolicy::Fixed: return "fixed";
    case WindowPolicy::Dynamic: return "dynamic";
  }
  return "unknown";
}

const char* memory_kind_name(MemoryKind kind) {
  switch (kind) {
    case MemoryKind::Ideal: return "ideal";
    case MemoryKind::Dram: return "dram";
  }
  return "unknown";
}

const char* sim_mode_name(SimMode mode) {
  switch (mode) {
    case SimMode::Fast: return "fast";
    case SimMode::Cycle: return "cycle";
    case SimMode::Structural: return "structural";
  }
  return "unknown";
}

PeKind parse_pe_kind(const std::string& text) {
  for (PeKind kind : {PeKind::Temporal, PeKind::Int8x4, PeKind::Int8x8}) {
    if (text == pe_kind_name(kind)) return kind;
  }
  reject("pe", "temporal, int8x4 or int8x8", text);
}

WindowPolicy parse_window_policy(const std::string& text) {
  for (WindowPolicy policy : {WindowPolicy::Fixed, WindowPolicy::Dynamic}) {
    if (text == window_policy_name(policy)) return policy;
  }
  reject("window", "fixed or dynamic", text);
}

MemoryKind parse_memory_kind(const std::string& text) {
  for (MemoryKind kind : {MemoryKind::Ideal, MemoryKind::Dram}) {
    if (text == memory_kind_name(kind)) return kind;
  }
  reject("memory", "ideal or dram", text);
}

SimMode parse_sim_mode(const std::string& text) {
  for (SimMode mode : {SimMode::Fast, SimMode::Cycle, SimMode::Structural}) {
    if (text == sim_mode_name(mode)) return mode;
  }
  reject("mode", "fast, cycle or structural", text);
}

void AcceleratorConfig::validate() const {
  // Upper limits keep every derived cycle and byte count far inside 64 bits.
  require_range("rows", rows, 1, 4096);
  require_range("cols", cols, 1, 4096);
  require_range("decoder_clusters_per_cycle", decoder_clusters_per_cycle, 1, 1u << 20);
  require_range("dram_bytes_per_cycle", dram_bytes_per_cycle, 1, 1u << 20);
  require_range("dram_latency_cycles", dram_latency_cycles, 0, 1u << 20);
  require_range("weight_buffer_bytes", weight_buffer_bytes, 1, 1ull << 32);
  require_range("activation_buffer_bytes", activation_buffer_bytes, 1, 1ull << 32);
  require_range("output_buffer_bytes", output_buffer_bytes, 1, 1ull << 32);
  if (!(clock_mhz > 0.0 && clock_mhz <= 1e6)) {
    reject("clock_mhz", "a number in (0, 1e6]", std::to_string(clock_mhz));
  }
  if (codebook.max_magnitude() == 0) reject("codebook", "at least one non-zero value", "all zero");
}

}  // namespace fineq
