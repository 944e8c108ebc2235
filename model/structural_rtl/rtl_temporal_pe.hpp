#pragma once
// `--pe-model rtl` for the temporal PE: rtl/temporal_pe.v, Verilated (MAG_BITS 8, so every int8
// codebook value's magnitude fits), behind the structural array's PeModule ports. On every
// rising edge the module hands the ports' values to the Verilated model, clocks it and drives
// its registered outputs onto the output ports in the same delta cycle as the C++ TemporalPe
// does. The arithmetic, the registers and the comparator are the RTL's; the adapter converts
// types (the weight to sign and magnitude, p to active + count) and counts the events from
// the RTL's `fire` output as the C++ TemporalPe counts them.
// The Verilated (non-SystemC) model's header first: seeing SystemC's headers, verilated.h
// would take the SystemC time API, which this model is not built for.
#include "VTemporalPeWide.h"

#include <cstdint>
#include <systemc>

#include "pe_module.hpp"

namespace fineq {

class RtlTemporalPe final : public PeModule {
 public:
  sc_core::sc_in<std::int32_t> pulse;  // the column's pulse counter p; -1: column idle

  explicit RtlTemporalPe(sc_core::sc_module_name name);
  sc_core::sc_in<std::int32_t>* pulse_input() override { return &pulse; }

 private:
  void on_clock();

  VTemporalPeWide rtl_;
};

}  // namespace fineq
