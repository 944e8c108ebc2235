// The DMA engine module through its sockets: descriptor chains from DRAM (a Dram module on its
// memory socket) into SRAM buffer modules, gathered from strided rows; a store back to DRAM;
// the delay it annotates per transfer (T(b) = L + ceil(b / B), docs/timing.md) worked out by
// hand; its DRAM byte counters; the same with DMI off; and a bus error as a job error.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include <numeric>
#include <vector>

#include "dma_engine.hpp"
#include "dram.hpp"
#include "job_error.hpp"
#include "sram_buffer.hpp"

using namespace fineq;

namespace {

constexpr std::uint64_t kDramBytes = 256;

// Stands in for the datapath side of a buffer; the test reads and writes the buffer through
// the DMI pointer it grants.
struct Probe : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Probe> socket;
  explicit Probe(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}
  std::uint8_t* bytes() {
    tlm::tlm_generic_payload trans;
    tlm::tlm_dmi dmi;
    trans.set_address(0);
    EXPECT_TRUE(socket->get_direct_mem_ptr(trans, dmi));
    return dmi.get_dmi_ptr();
  }
};

struct Bench {
  Dram dram{"dram", kDramBytes};
  DmaEngine dma{"dma", 16};  // 16-byte bursts
  SramBuffer weights{"weights", 32};
  SramBuffer activations{"activations", 32};
  SramBuffer outputs{"outputs", 32};
  SramBuffer scales{"scales", 8};
  Probe weights_probe{"weights_probe"};
  Probe activations_probe{"activations_probe"};
  Probe outputs_probe{"outputs_probe"};
  Probe scales_probe{"scales_probe"};
  Bench() {
    weights_probe.socket.bind(weights.datapath_socket);
    activations_probe.socket.bind(activations.datapath_socket);
    outputs_probe.socket.bind(outputs.datapath_socket);
    scales_probe.socket.bind(scales.datapath_socket);
    dma.memory_socket.bind(dram.socket);
    const std::pair<BufferPort*, SramBuffer*> ports[] = {{&dma.weight_port, &weights},
                                                         {&dma.activation_port, &activations},
                                                         {&dma.output_port, &outputs},
                                                         {&dma.scale_port, &scales}};
    for (const auto& [port, buffer] : ports) {
      port->socket.bind(buffer->dma_socket);
      port->meter.bind(*buffer);
    }
  }
};

Bench& bench() {
  static Bench* b = [] {
    auto* created = new Bench();
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    return created;
  }();
  return *b;
}

}  // namespace

TEST(DmaEngine, MovesChainsBothWaysAndAnnotatesTheirTransferCycles) {
  Bench& b = bench();
  AcceleratorConfig config;
  config.memory = MemoryKind::Dram;
  config.dram_latency_cycles = 10;
  config.dram_bytes_per_cycle = 4;
  b.dma.configure(config);
  for (const bool use_dmi : {false, true}) {
    SCOPED_TRACE(use_dmi ? "DMI" : "b_transport");
    b.dma.set_use_dmi(use_dmi);
    b.dma.reset_counters();
    // DRAM bytes 0..255 hold their own address, through a store from the output buffer.
    std::uint8_t* out = b.outputs_probe.bytes();
    for (std::uint64_t base = 0; base < kDramBytes; base += 32) {
      std::iota(out, out + 32, static_cast<std::uint8_t>(base));
      const DmaTransfer store = b.dma.store(DmaTarget::OutputBuffer, 0, 32, base);
      EXPECT_EQ(store.cycles, 10u + 8u);  // 32 bytes at 4 per cycle
      EXPECT_TRUE(store.write);
    }
    EXPECT_EQ(b.dma.write_bytes(), kDramBytes);

    // Three rows of 5 bytes, 40 apart from address 7, to buffer offset 8; then 2 scale bytes
    // of each row 20 further, right behind them.
    DmaBlocks rows{7, 40, 5, 3, DmaTarget::WeightBuffer, 8};
    DmaBlocks row_scales{27, 40, 2, 3, DmaTarget::WeightBuffer, 8 + 15};
    const DmaTransfer load = b.dma.load({rows, row_scales});
    EXPECT_EQ(load.address, 7u);
    EXPECT_EQ(load.bytes, 21u);
    EXPECT_EQ(load.cycles, 10u + 6u);  // ceil(21 / 4) = 6
    const std::uint8_t* w = b.weights_probe.bytes();
    EXPECT_EQ(std::vector<std::uint8_t>(w + 8, w + 29),
              (std::vector<std::uint8_t>{7, 8, 9, 10, 11, 47, 48, 49, 50, 51, 87, 88, 89, 90, 91,
                                         27, 28, 67, 68, 107, 108}));

    // One contiguous block and the activation scales: one chain, one transfer.
    const DmaTransfer activations = b.dma.load(
        {DmaBlocks{100, 0, 12, 1, DmaTarget::ActivationBuffer, 0},
         DmaBlocks{200, 0, 8, 1, DmaTarget::ActivationScales, 0}});
    EXPECT_EQ(activations.cycles, 10u + 5u);  // ceil(20 / 4) = 5
    EXPECT_EQ(b.activations_probe.bytes()[11], 111);
    EXPECT_EQ(b.scales_probe.bytes()[7], 207);
    EXPECT_EQ(b.dma.read_bytes(), 21u + 20u);
  }
}

TEST(DmaEngine, IdealMemoryTakesNoCyclesAndABusErrorIsAJobError) {
  Bench& b = bench();
  b.dma.configure(AcceleratorConfig{});  // ideal memory
  EXPECT_EQ(b.dma.load({DmaBlocks{0, 0, 8, 1, DmaTarget::ActivationBuffer, 0}}).cycles, 0u);
  try {
    b.dma.load({DmaBlocks{kDramBytes - 4, 0, 8, 1, DmaTarget::ActivationBuffer, 0}});
    FAIL() << "expected a DMA error";
  } catch (const JobError& error) {
    EXPECT_EQ(error.cause(), ErrorCause::DmaError);
    EXPECT_EQ(error.detail(), kDramBytes - 4);
  }
}
