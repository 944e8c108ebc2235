#pragma once
// The INT8 x INT4 bit-parallel PE (`--pe int8x4`): weights -8..7.
#include "bit_parallel_pe.hpp"

namespace fineq {

class Int8x4Pe final : public BitParallelPe {
 public:
  explicit Int8x4Pe(sc_core::sc_module_name name) : BitParallelPe(name, PeKind::Int8x4) {}
};

}  // namespace fineq
