#pragma once
// Architectural parameters of one accelerator instance and of one GEMM job.
// Plain C++ (no SystemC) so that the timing model, the energy model and the sweep
// tooling can use it without a simulation kernel.
#include <cstdint>
#include <string>

#include "codebook.hpp"

namespace fineq {

enum class PeKind : std::uint8_t {
  Temporal,  // FineQ temporal-coded PE: weight applied as |w| pulses, one adder
  Int8x4,    // bit-parallel INT8 x INT4 multiply-accumulate, one cycle per MAC
  Int8x8,    // bit-parallel INT8 x INT8 multiply-accumulate, one cycle per MAC
};

enum class WindowPolicy : std::uint8_t {
  Fixed,    // every wave lasts codebook.max_magnitude() cycles
  Dynamic,  // a wave lasts max(1, largest |w| loaded in the array for the fold)
};

enum class MemoryKind : std::uint8_t { Ideal, Dram };
// Structural: the cycle mode's clocks with the array built from R x C PE sc_modules.
enum class SimMode : std::uint8_t { Fast, Cycle, Structural };

const char* pe_kind_name(PeKind kind);
const char* window_policy_name(WindowPolicy policy);
const char* memory_kind_name(MemoryKind kind);
const char* sim_mode_name(SimMode mode);
// Parsers throw std::invalid_argument("<field>: expected ..., got '...'").
PeKind parse_pe_kind(const std::string& text);
WindowPolicy parse_window_policy(const std::string& text);
MemoryKind parse_memory_kind(const std::string& text);
SimMode parse_sim_mode(const std::string& text);

struct AcceleratorConfig {
  std::uint32_t rows = 32;  // R: array rows, mapped to the reduction dimension K
  std::uint32_t cols = 32;  // C: array columns, mapped to output channels N
  PeKind pe = PeKind::Temporal;
  WindowPolicy window = WindowPolicy::Fixed;
  Codebook codebook = Codebook::default_codebook();
  std::uint32_t decoder_clusters_per_cycle = 11;  // FineQ-v1 decoder throughput
  MemoryKind memory = MemoryKind::Ideal;
  std::uint32_t dram_bytes_per_cycle = 16;
  std::uint32_t dram_latency_cycles = 100;
  std::uint64_t weight_buffer_bytes = 64 * 1024;  // per half of the double buffer
  std::uint64_t activation_buffer_bytes = 1024 * 1024;
  std::uint64_t output_buffer_bytes = 1024 * 1024;
  double clock_mhz = 1000.0;  // only for reporting time, energy per second, TOPS/W
  SimMode mode = SimMode::Fast;
  // Structural mode: which implementation of the PE kind the array instantiates
  // (model/structural/pe_factory.hpp).
  std::string pe_model = "systemc";

  // Throws std::invalid_argument naming the field if a value is out of range.
  void validate() const;
};

}  // namespace fineq
