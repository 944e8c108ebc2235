#include "bit_parallel_pe.hpp"

#include "pe_arithmetic.hpp"

namespace fineq {

BitParallelPe::BitParallelPe(sc_core::sc_module_name name, PeKind kind)
    : PeModule(name), kind_(kind) {
  SC_HAS_PROCESS(BitParallelPe);
  SC_METHOD(on_clock);
  sensitive << clock.pos();
  dont_initialize();
}

void BitParallelPe::on_clock() {
  latch_weight_if_loading();
  bool valid = false;
  const std::int32_t activation = pass_activation(valid);
  if (!io_.window_end->read()) return;  // the column is idle
  io_.psum_out->write(bit_parallel_pe_wave(kind_, io_.psum_in->read(),
                                           static_cast<std::int8_t>(activation),
                                           static_cast<std::int8_t>(weight_)));
  events_.mac_slots += valid && loaded_;
}

}  // namespace fineq
