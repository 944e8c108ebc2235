#pragma once
// The accelerator as the FineQ block diagram (docs/architecture.md): a hierarchical module
// with no behaviour of its own that builds its blocks and binds them.
//
//   controller ──commands──► dma, decoder, array; reads the buffers' counters
//   dma ──memory_socket──► (parent) ──► router ──► DRAM
//   dma ──► weight_buffer, activation_buffer, output_buffer, array.scale_registers
//   decoder ◄── weight_buffer;  decoder ──tile_out──► array
//   array ◄── activation_buffer;  array ──► output_buffer
//
// The weight buffer is one double-buffered SRAM with two halves of
// config.weight_buffer_bytes (the DMA fills one half through its port while the decoder
// reads the other through the second port). The cycle-level clock domain (cycle_datapath)
// is the clock the blocks' clocked engines run on in --mode cycle.
#include <systemc>
#include <tlm>

#include "accelerator_config.hpp"
#include "control_registers.hpp"
#include "controller.hpp"
#include "cycle_datapath.hpp"
#include "dma_engine.hpp"
#include "fineq_decoder.hpp"
#include "job_setup.hpp"
#include "sram_buffer.hpp"
#include "systolic_array.hpp"
#include "wiring.hpp"

namespace fineq {

class Accelerator : public sc_core::sc_module {
 public:
  tlm::tlm_initiator_socket<> memory_socket;  // the DMA's way to device memory

  // `memory`: the device-memory window (bus addresses) that job regions must lie in.
  Accelerator(sc_core::sc_module_name name, ControlRegisters& registers, const MemorySpan& memory);

  // Hardware parameters for the next job (array shape, PE, buffers, memory timing, mode).
  // Called while no job runs; throws std::invalid_argument for an invalid configuration.
  void configure(const AcceleratorConfig& config);
  // DMI pointers on (the fast path) or every access through b_transport.
  void set_use_dmi(bool use);
  // The bindings made here, for the hierarchy report.
  const Wiring& wiring() const { return wiring_; }
  // The cycle-level mode's clock domain (idle in the fast mode), e.g. to attach a tracer.
  CycleDatapath& cycle_datapath() { return cycle_datapath_; }

 private:
  void connect(BufferPort& port, tlm::tlm_target_socket<>& target, SramBuffer& buffer);

  Controller controller_;
  DmaEngine dma_;
  SramBuffer weight_buffer_;
  SramBuffer activation_buffer_;
  SramBuffer output_buffer_;
  FineqDecoder decoder_;
  SystolicArray array_;
  CycleDatapath cycle_datapath_;
  Wiring wiring_;
};

}  // namespace fineq
