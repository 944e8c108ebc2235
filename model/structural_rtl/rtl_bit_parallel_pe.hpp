#pragma once
// `--pe-model rtl` for the bit-parallel PEs: rtl/bit_parallel_pe.v, Verilated once per operand
// width (VInt8x8Pe, VInt8x4Pe), behind the structural array's PeModule ports. On every rising
// edge the module hands the ports' values to the Verilated model, clocks it and drives its
// registered outputs onto the output ports in the same delta cycle as the C++ BitParallelPe
// does. The multiply-accumulate and the registers are the RTL's; MAC slots and weight loads
// are counted from the ports as the C++ PE counts them.
#include <cstdint>
#include <systemc>

#include "pe_module.hpp"

namespace fineq {

template <class Rtl>
class RtlBitParallelPe final : public PeModule {
 public:
  // weight_bits: the RTL's WEIGHT_BITS (the weight pins carry that many bits). The array
  // checks the weights' range before a fold (check_cycle_fold), so the mask drops sign bits only.
  RtlBitParallelPe(sc_core::sc_module_name name, std::uint32_t weight_bits)
      : PeModule(name), weight_mask_((1u << weight_bits) - 1) {
    SC_HAS_PROCESS(RtlBitParallelPe);
    SC_METHOD(on_clock);
    sensitive << clock.pos();
    dont_initialize();
  }

 private:
  void on_clock() {
    // The ports as they stood during the clock this edge ends (the neighbours' registers).
    latch_weight_if_loading();  // weight_: the weight of the fold, or 0 (as the C++ PE holds it)
    const bool valid = io_.valid_in->read();
    const bool window_end = io_.window_end->read();
    rtl_.load = io_.load->read();
    rtl_.weight_in = static_cast<std::uint8_t>(static_cast<std::uint32_t>(weight_) & weight_mask_);
    rtl_.act_in = static_cast<std::uint8_t>(io_.act_in->read());
    rtl_.valid_in = valid;
    rtl_.window_end = window_end;
    rtl_.psum_in = static_cast<std::uint32_t>(io_.psum_in->read());
    if (window_end) events_.mac_slots += valid && loaded_;
    rtl_.clk = 0;
    rtl_.eval();
    rtl_.clk = 1;
    rtl_.eval();  // the rising edge: the RTL's registers take their next values
    io_.act_out->write(static_cast<std::int8_t>(rtl_.act_out));
    io_.valid_out->write(rtl_.valid_out != 0);
    io_.psum_out->write(static_cast<std::int32_t>(rtl_.psum_out));
  }

  const std::uint32_t weight_mask_;
  Rtl rtl_;
};

}  // namespace fineq
