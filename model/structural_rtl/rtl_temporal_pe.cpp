#include "rtl_temporal_pe.hpp"

#include <string>

namespace fineq {

RtlTemporalPe::RtlTemporalPe(sc_core::sc_module_name name) : PeModule(name), pulse("pulse") {
  SC_HAS_PROCESS(RtlTemporalPe);
  SC_METHOD(on_clock);
  sensitive << clock.pos();
  dont_initialize();
}

void RtlTemporalPe::on_clock() {
  // The ports as they stood during the clock this edge ends (the neighbours' registers).
  latch_weight_if_loading();  // weight_: the weight of the fold, or 0 (as the C++ PE holds it)
  const std::int32_t p = pulse.read();
  const bool valid = io_.valid_in->read();
  rtl_.load = io_.load->read();
  rtl_.weight_sign = weight_ < 0;
  rtl_.weight_magnitude = static_cast<std::uint8_t>(weight_ < 0 ? -weight_ : weight_);
  rtl_.act_in = static_cast<std::uint8_t>(io_.act_in->read());
  rtl_.valid_in = valid;
  rtl_.psum_in = static_cast<std::uint32_t>(io_.psum_in->read());
  rtl_.pulse_active = p >= 0;
  rtl_.pulse_count = static_cast<std::uint8_t>(p >= 0 ? p : 0);
  rtl_.clk = 0;
  rtl_.eval();  // the comparator's output for this clock
  if (p >= 0 && valid) {
    const bool fired = rtl_.fire != 0;
    events_.pulses += fired;
    if (loaded_) {
      events_.idle_window_cycles += !fired;
      events_.mac_slots += p == 0;
    }
  }
  rtl_.clk = 1;
  rtl_.eval();  // the rising edge: the RTL's registers take their next values
  io_.act_out->write(static_cast<std::int8_t>(rtl_.act_out));
  io_.valid_out->write(rtl_.valid_out != 0);
  io_.psum_out->write(static_cast<std::int32_t>(rtl_.psum_out));
}

}  // namespace fineq
