#include "rtl_pe_models.hpp"

// The Verilated (non-SystemC) models' headers before any SystemC header (rtl_temporal_pe.hpp).
#include "VInt8x4Pe.h"
#include "VInt8x8Pe.h"

#include <memory>

#include "pe_factory.hpp"
#include "rtl_bit_parallel_pe.hpp"
#include "rtl_temporal_pe.hpp"

namespace fineq {

void register_rtl_pe_models() {
  PeFactory& factory = PeFactory::instance();
  factory.add(PeKind::Temporal, "rtl", [](const char* name) -> std::unique_ptr<PeModule> {
    return std::make_unique<RtlTemporalPe>(name);
  });
  factory.add(PeKind::Int8x8, "rtl", [](const char* name) -> std::unique_ptr<PeModule> {
    return std::make_unique<RtlBitParallelPe<VInt8x8Pe>>(name, 8);
  });
  factory.add(PeKind::Int8x4, "rtl", [](const char* name) -> std::unique_ptr<PeModule> {
    return std::make_unique<RtlBitParallelPe<VInt8x4Pe>>(name, 4);
  });
}

}  // namespace fineq
