#pragma once
// FineQ's temporal-coded PE as a SystemC module (the paper's PE figure): the weight register
// holds sign and |w|; the column's pulse counter p runs 0 .. Wf-1 over a window and the PE's
// one adder adds sign(w) * a in the clocks where p < |w|. The arithmetic is
// temporal_pe_clock() of model/pe/pe_arithmetic.hpp.
#include "pe_module.hpp"

namespace fineq {

class TemporalPe final : public PeModule {
 public:
  sc_core::sc_in<std::int32_t> pulse;  // the column's pulse counter p; -1: column idle

  explicit TemporalPe(sc_core::sc_module_name name);
  sc_core::sc_in<std::int32_t>* pulse_input() override { return &pulse; }

 private:
  void end_of_elaboration() override;
  void on_clock();
  const sc_core::sc_signal_in_if<std::int32_t>* pulse_channel_ = nullptr;
  std::int32_t accumulator_ = 0;  // the partial sum of the wave in the window
};

}  // namespace fineq
