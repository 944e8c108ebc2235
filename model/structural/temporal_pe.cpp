#include "temporal_pe.hpp"

#include "pe_arithmetic.hpp"

namespace fineq {

TemporalPe::TemporalPe(sc_core::sc_module_name name) : PeModule(name), pulse("pulse") {
  SC_HAS_PROCESS(TemporalPe);
  SC_METHOD(on_clock);
  sensitive << clock.pos();
  dont_initialize();
}

void TemporalPe::end_of_elaboration() {
  PeModule::end_of_elaboration();
  pulse_channel_ = pulse.operator->();
}

void TemporalPe::on_clock() {
  latch_weight_if_loading();
  bool valid = false;
  const std::int32_t activation = pass_activation(valid);
  const std::int32_t p = pulse_channel_->read();
  if (p < 0) return;
  std::int32_t sum = p == 0 ? io_.psum_in->read() : accumulator_;
  if (valid) {
    const std::uint64_t pulses_before = events_.pulses;
    sum = temporal_pe_clock(sum, static_cast<std::int8_t>(activation),
                            static_cast<std::int8_t>(weight_), static_cast<std::uint32_t>(p),
                            events_.pulses);
    if (loaded_) {
      events_.idle_window_cycles += events_.pulses == pulses_before;
      events_.mac_slots += p == 0;
    }
  }
  accumulator_ = sum;
  if (io_.window_end->read()) io_.psum_out->write(sum);
}

}  // namespace fineq
