#pragma once
// Drives a Verilated model's `clk` through one rising edge: the inputs set before the call
// are sampled, the registers update, and the combinational outputs settle on the new state.
#include <cstdint>

namespace fineq_rtl_test {

template <class Model>
void clock_edge(Model& model) {
  model.clk = 0;
  model.eval();
  model.clk = 1;
  model.eval();
}

// A Verilated output of `bits` bits (unsigned storage) read as the two's-complement value
// the Verilog declares.
inline std::int32_t signed_value(std::uint32_t raw, int bits) {
  const std::uint32_t sign = std::uint32_t{1} << (bits - 1);
  const std::uint32_t mask = bits == 32 ? ~std::uint32_t{0} : (sign << 1) - 1;
  const std::uint32_t value = raw & mask;
  return static_cast<std::int32_t>((value ^ sign) - sign);
}

}  // namespace fineq_rtl_test
