#pragma once
// The values of the job and status registers (docs/registers.md), free of SystemC so that
// the job checks are unit-testable.
#include <cstdint>

#include "activity_counts.hpp"
#include "job_error.hpp"

namespace fineq {

struct JobRegisters {
  std::uint32_t m = 0;
  std::uint32_t k = 0;
  std::uint32_t n = 0;
  std::uint32_t weight_format = 0;  // encoding | bits << 8
  std::uint32_t group_size = 0;
  std::uint32_t codebook_normal = 0;       // byte i: value of 2-bit code i
  std::uint32_t codebook_outlier_low = 0;  // byte i: value of 3-bit code i
  std::uint32_t codebook_outlier_high = 0; // byte i: value of 3-bit code 4 + i
  std::uint32_t weights_addr = 0;
  std::uint32_t weight_scales_addr = 0;
  std::uint32_t activations_addr = 0;
  std::uint32_t activation_scales_addr = 0;
  std::uint32_t y_addr = 0;
};

struct StatusRegisters {
  bool done = false;
  bool error = false;
  bool busy = false;
  ErrorCause cause = ErrorCause::None;
  std::uint32_t detail = 0;
  std::uint32_t bus = 0;  // ERROR_BUS: BusResponse | kBusWriteFlag after a DmaError
  CycleCounts cycles;
  ActivityCounts activity;
};

// WEIGHT_FORMAT register fields.
inline std::uint32_t weight_format_value(std::uint32_t encoding, std::uint32_t bits) {
  return encoding | bits << 8;
}
inline std::uint32_t weight_format_encoding(std::uint32_t value) { return value & 0xFF; }
inline std::uint32_t weight_format_bits(std::uint32_t value) { return (value >> 8) & 0xFF; }

}  // namespace fineq
