#pragma once
// Event counts that a simulation produces and the energy/area model consumes.
// Both timing modes (fast and cycle-level) must produce identical counts for a job.
#include <cstdint>

namespace fineq {

struct CycleCounts {
  std::uint64_t total = 0;    // start to done, accelerator clock cycles
  std::uint64_t compute = 0;  // sum of fold compute phases (weight load + waves + fill/drain)
  std::uint64_t stall = 0;    // total - compute: waiting for DRAM transfers
};

struct ActivityCounts {
  // Arithmetic
  std::uint64_t macs = 0;                // useful multiply-accumulates, M*N*K (real K)
  std::uint64_t pe_mac_slots = 0;        // MACs issued in loaded PEs (incl. zero weights)
  std::uint64_t pulses = 0;              // temporal PE: additions, sum of |w| per MAC slot
  std::uint64_t idle_window_cycles = 0;  // temporal PE: window cycles without a pulse
  std::uint64_t multiplies = 0;          // baseline PE: bit-parallel multiplies
  std::uint64_t adds = 0;                // accumulator additions (temporal: == pulses)
  std::uint64_t weight_register_loads = 0;  // PE weight register writes
  std::uint64_t decoded_clusters = 0;       // FineQ-v1 decoder operations
  std::uint64_t output_scalings = 0;        // FP32 output-stage multiply-adds
  // On-chip buffers, bytes
  std::uint64_t weight_buffer_read_bytes = 0;
  std::uint64_t weight_buffer_write_bytes = 0;
  std::uint64_t activation_buffer_read_bytes = 0;
  std::uint64_t activation_buffer_write_bytes = 0;
  std::uint64_t output_buffer_read_bytes = 0;
  std::uint64_t output_buffer_write_bytes = 0;
  // Off-chip memory, bytes
  std::uint64_t dram_read_bytes = 0;
  std::uint64_t dram_write_bytes = 0;
};

}  // namespace fineq
