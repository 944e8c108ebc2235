#pragma once
// The INT8 x INT8 bit-parallel PE (`--pe int8x8`).
#include "bit_parallel_pe.hpp"

namespace fineq {

class Int8x8Pe final : public BitParallelPe {
 public:
  explicit Int8x8Pe(sc_core::sc_module_name name) : BitParallelPe(name, PeKind::Int8x8) {}
};

}  // namespace fineq
