#pragma once
// A bit-parallel PE (INT8 activation x INT4/INT8 weight): one multiply-accumulate per clock
// of its column, bit_parallel_pe_wave() of model/pe/pe_arithmetic.hpp. Its window is one
// clock, so every clock of an active column ends one (window_end) and it needs no pulse input.
// Int8x8Pe and Int8x4Pe are this module for one operand width each.
#include "accelerator_config.hpp"
#include "pe_module.hpp"

namespace fineq {

class BitParallelPe : public PeModule {
 protected:
  BitParallelPe(sc_core::sc_module_name name, PeKind kind);

 private:
  void on_clock();
  PeKind kind_;
};

}  // namespace fineq
