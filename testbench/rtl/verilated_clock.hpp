#pragma once
// Drives a Verilated model's `clk` through one rising edge: the inputs set before the call
// are sampled, the registers update, and the combinational outputs settle on the new state.
namespace fineq_rtl_test {

template <class Model>
void clock_edge(Model& model) {
  model.clk = 0;
  model.eval();
  model.clk = 1;
  model.eval();
}

}  // namespace fineq_rtl_test
