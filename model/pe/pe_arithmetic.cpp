#include "pe_arithmetic.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace fineq {

std::int32_t temporal_pe_wave(std::int32_t partial_sum, std::int8_t activation, std::int8_t weight,
                              std::uint32_t window, std::uint64_t& pulses) {
  const std::uint32_t magnitude = static_cast<std::uint32_t>(std::abs(int{weight}));
  if (magnitude > window) {
    throw std::out_of_range("temporal PE: |w| = " + std::to_string(magnitude) +
                            " exceeds the window of " + std::to_string(window) + " cycles");
  }
  for (std::uint32_t pulse_counter = 0; pulse_counter < window; ++pulse_counter) {
    partial_sum = temporal_pe_clock(partial_sum, activation, weight, pulse_counter, pulses);
  }
  return partial_sum;
}

std::int32_t temporal_pe_clock(std::int32_t partial_sum, std::int8_t activation, std::int8_t weight,
                               std::uint32_t pulse_counter, std::uint64_t& pulses) {
  const std::uint32_t magnitude = static_cast<std::uint32_t>(std::abs(int{weight}));
  if (pulse_counter >= magnitude) return partial_sum;
  // The sign selects add or subtract once per weight load; the counter only gates the adder.
  ++pulses;
  return weight < 0 ? partial_sum - activation : partial_sum + activation;
}

int min_pe_weight(PeKind kind) { return kind == PeKind::Int8x4 ? -8 : -128; }
int max_pe_weight(PeKind kind) { return kind == PeKind::Int8x4 ? 7 : 127; }

std::int32_t bit_parallel_pe_wave(PeKind kind, std::int32_t partial_sum, std::int8_t activation,
                                  std::int8_t weight) {
  if (kind == PeKind::Temporal) throw std::invalid_argument("bit-parallel PE: kind is temporal");
  if (weight < min_pe_weight(kind) || weight > max_pe_weight(kind)) {
    throw std::out_of_range(std::string(pe_kind_name(kind)) + " PE: weight " +
                            std::to_string(weight) + " outside " +
                            std::to_string(min_pe_weight(kind)) + ".." +
                            std::to_string(max_pe_weight(kind)));
  }
  if (activation == -128) {
    throw std::out_of_range(std::string(pe_kind_name(kind)) +
                            " PE: activation -128 outside the symmetric INT8 range -127..127");
  }
  return partial_sum + std::int32_t{activation} * weight;
}

}  // namespace fineq
