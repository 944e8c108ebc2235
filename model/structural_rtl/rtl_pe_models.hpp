#pragma once
// Registers the Verilated RTL PEs (rtl/) with the structural array's PeFactory as the PE model
// "rtl" of every PE kind (`fineq simulate --mode structural --pe-model rtl`). Call before the
// platform is built; calling it again changes nothing.
namespace fineq {

void register_rtl_pe_models();

}  // namespace fineq
