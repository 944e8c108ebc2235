#pragma once
// What a simulate job will allocate, estimated before anything is allocated, so that a job
// too large for the machine is refused with the figure and the flag to change instead of
// ending in "std::bad_alloc" (or growing to gigabytes first). The per-item costs are upper
// bounds measured on the `fineq` binary (docs/errors.md): the figure errs on the high side.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "accelerator_config.hpp"
#include "trace_window.hpp"

namespace fineq {

struct MemoryEstimate {
  std::vector<std::pair<std::string, std::uint64_t>> parts;  // what, bytes
  std::uint64_t total() const;
  // "4.40 TB (generated weights (float32) 4.40 TB, ...)": the three largest parts.
  std::string describe() const;
};

// Bytes per traced PE in the VCD (sc_trace objects and names of its five signals), and per PE
// of the cycle-level array's state; measured with /usr/bin/time on 128 x 128 windows.
constexpr std::uint64_t kTraceBytesPerPe = 2048;
constexpr std::uint64_t kCycleStateBytesPerPe = 48;

// Estimate for a GEMM of M x K activations and N x K weights whose stored payload takes
// `payload_bytes` (FineQ: N x ceil(K/3), IntB: N x ceil(K x bits / 8)). `generated`: the
// weights are generated as float32 first. `trace`: the VCD window, or nullptr.
MemoryEstimate estimate_simulation_memory(const AcceleratorConfig& config, std::uint32_t m,
                                          std::uint32_t k, std::uint32_t n,
                                          std::uint64_t payload_bytes, bool generated,
                                          const TraceWindow* trace);

// MemAvailable of /proc/meminfo in bytes, or 0 if it cannot be read.
std::uint64_t available_memory_bytes();

// "1.50 GB", "12.0 MB": decimal units, three significant digits.
std::string format_bytes(std::uint64_t bytes);

}  // namespace fineq
