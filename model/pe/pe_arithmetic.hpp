#pragma once
// What one processing element computes for one wave (docs/timing.md "One fold"): the
// arithmetic the bulk tile engine must reproduce. Plain C++, tested exhaustively.
#include <cstdint>

#include "accelerator_config.hpp"

namespace fineq {

// Temporal-coded PE: during a window of `window` cycles the column's pulse counter p runs
// 0..window-1 and the PE adds sign(w) * a whenever p < |w|. Returns the partial sum leaving
// the PE and adds the pulses it fired to `pulses`. Requires |w| <= window.
std::int32_t temporal_pe_wave(std::int32_t partial_sum, std::int8_t activation, std::int8_t weight,
                              std::uint32_t window, std::uint64_t& pulses);
// One clock of that window, with the pulse counter at `pulse_counter`: adds sign(w) * a and
// counts a pulse when pulse_counter < |w|. temporal_pe_wave() is this, once per counter value.
std::int32_t temporal_pe_clock(std::int32_t partial_sum, std::int8_t activation, std::int8_t weight,
                               std::uint32_t pulse_counter, std::uint64_t& pulses);

// Bit-parallel PE: one multiply-accumulate per wave. Throws std::out_of_range if the weight
// does not fit the PE's operand width (INT4: -8..7 for int8x4) or the activation is -128
// (activations are symmetric INT8, -127..127).
std::int32_t bit_parallel_pe_wave(PeKind kind, std::int32_t partial_sum, std::int8_t activation,
                                  std::int8_t weight);

// Operand range of the bit-parallel PE's weight input.
int min_pe_weight(PeKind kind);
int max_pe_weight(PeKind kind);

}  // namespace fineq
