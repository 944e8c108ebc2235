// The accelerator's module tree and its wiring: every block is a child module of its own
// class, every port and socket is reported with what it is bound to, and a socket left
// unbound is a clear error naming it before simulation (instead of SystemC's abort at the
// end of elaboration).
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include <sstream>

#include "accelerator.hpp"
#include "dram.hpp"
#include "hierarchy_report.hpp"

using namespace fineq;

namespace {
struct Probe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Probe> socket;
  explicit Probe(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}
};
}  // namespace

TEST(AcceleratorWiring, UnboundSocketIsNamedThenTheTreeShowsEveryBlockAndBinding) {
  ControlRegisters registers;
  Accelerator accelerator("accelerator", registers, MemorySpan{0, 4096});
  Dram memory("memory", 4096);

  Wiring top;
  try {
    HierarchyReport(accelerator, {&accelerator.wiring(), &top}).check_all_bound();
    FAIL() << "expected the unbound memory socket to be reported";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "platform wiring: not bound: accelerator.memory_socket (every port and "
                 "initiator socket must be connected, and an initiator to every target socket)");
  }

  top.connect(accelerator.memory_socket, memory.socket);
  const HierarchyReport report(accelerator, {&accelerator.wiring(), &top});
  EXPECT_NO_THROW(report.check_all_bound());
  std::ostringstream out;
  report.print(out);
  const std::string tree = out.str();
  for (const char* line :
       {"accelerator  Accelerator\n",
        "  memory_socket  tlm_initiator_socket -> memory.socket\n",
        "  controller  Controller\n",
        "    dma  sc_port -> accelerator.dma\n",
        "    decoder  sc_port -> accelerator.decoder\n",
        "    array  sc_port -> accelerator.array\n",
        "    weight_meter  sc_port -> accelerator.weight_buffer\n",
        "  dma  DmaEngine\n",
        "    memory_socket  tlm_initiator_socket -> accelerator.memory_socket\n",
        "    weight_socket  tlm_initiator_socket -> accelerator.weight_buffer.dma_socket\n",
        "    scale_socket  tlm_initiator_socket -> accelerator.array.scale_registers.dma_socket\n",
        "  weight_buffer  SramBuffer\n",
        "    dma_socket  tlm_target_socket <- accelerator.dma.weight_socket\n",
        "    datapath_socket  tlm_target_socket <- accelerator.decoder.weight_socket\n",
        "  activation_buffer  SramBuffer\n",
        "  output_buffer  SramBuffer\n",
        "  decoder  FineqDecoder\n",
        "    tile_out  sc_port -> accelerator.array\n",
        "  array  SystolicArray\n",
        "    activation_socket  tlm_initiator_socket -> accelerator.activation_buffer.datapath_socket\n",
        "    output_socket  tlm_initiator_socket -> accelerator.output_buffer.datapath_socket\n",
        "    scale_registers  SramBuffer\n",
        "  cycle_datapath  CycleDatapath\n"}) {
    EXPECT_NE(tree.find(line), std::string::npos) << "missing: " << line << "in:\n" << tree;
  }
  EXPECT_EQ(tree.find("NOT BOUND"), std::string::npos) << tree;

  // A target socket nobody binds an initiator to is refused too (SystemC would abort on its
  // unbound backward path).
  SramBuffer spare("spare", 8);
  Probe filler("filler");
  Probe reader("reader");
  Wiring spare_wiring;
  spare_wiring.connect(filler.socket, spare.dma_socket);
  try {
    HierarchyReport(spare, {&spare_wiring}).check_all_bound();
    FAIL() << "expected the unbound target socket to be reported";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "platform wiring: not bound: spare.datapath_socket (every port and initiator "
                 "socket must be connected, and an initiator to every target socket)");
  }
  spare_wiring.connect(reader.socket, spare.datapath_socket);
  EXPECT_NO_THROW(HierarchyReport(spare, {&spare_wiring}).check_all_bound());
  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // and SystemC agrees that everything is bound
}
