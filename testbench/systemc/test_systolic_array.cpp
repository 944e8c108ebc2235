// The systolic array module through its sockets: activations and activation scales written
// into buffer modules over TLM, a tile handed to its tile port, and the FP32 Y its output
// stage writes into the output buffer read back over TLM and compared with values worked out
// by hand (FINEQ-SPEC section 4), together with the fold's cycles and the buffers' counters.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include <cstring>
#include <vector>

#include "fast_tile_engine.hpp"
#include "sram_buffer.hpp"
#include "systolic_array.hpp"

using namespace fineq;

namespace {

struct Loader : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Loader> socket;
  explicit Loader(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}
  void access(tlm::tlm_command command, std::uint64_t addr, void* data, unsigned length) {
    tlm::tlm_generic_payload trans;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    trans.set_command(command);
    trans.set_address(addr);
    trans.set_data_ptr(static_cast<unsigned char*>(data));
    trans.set_data_length(length);
    trans.set_streaming_width(length);
    socket->b_transport(trans, delay);
    ASSERT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
  }
};

struct Bench {
  Loader activation_dma{"activation_dma"};
  Loader scale_dma{"scale_dma"};
  Loader output_dma{"output_dma"};
  SramBuffer activation_buffer{"activation_buffer", 64};
  SramBuffer output_buffer{"output_buffer", 64};
  SystolicArray array{"array"};
  Bench() {
    activation_dma.socket.bind(activation_buffer.dma_socket);
    scale_dma.socket.bind(array.scale_registers.dma_socket);
    output_dma.socket.bind(output_buffer.dma_socket);
    array.activation_port.socket.bind(activation_buffer.datapath_socket);
    array.activation_port.meter.bind(activation_buffer);
    array.output_port.socket.bind(output_buffer.datapath_socket);
    array.output_port.meter.bind(output_buffer);
    array.scale_port.socket.bind(array.scale_registers.datapath_socket);
    array.scale_port.meter.bind(array.scale_registers);
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

std::vector<float> read_y(Bench& b) {
  std::vector<float> y(4);
  b.output_dma.access(tlm::TLM_READ_COMMAND, 0, y.data(), 16);
  return y;
}

}  // namespace

TEST(SystolicArray, RunsAFoldFromItsBuffersAndScalesIntoTheOutputBuffer) {
  Bench& b = bench();
  AcceleratorConfig config;
  config.pe = PeKind::Int8x8;
  config.rows = 4;
  config.cols = 2;
  b.array.configure(config, std::make_unique<FastTileEngine>());
  for (const bool use_dmi : {false, true}) {
    SCOPED_TRACE(use_dmi ? "through DMI" : "through b_transport");
    b.array.set_use_dmi(use_dmi);
    // Y[2 x 2] = X[2 x 3] * W[2 x 3]^T on a 4 x 2 array: one fold, one scale group.
    JobSetup setup;
    setup.shape = {2, 3, 2};
    setup.layout = WeightLayout{Encoding::IntB, 8, 0};
    setup.plan.chunk_rows = 2;
    b.array.begin_job(setup);
    std::int8_t x[6] = {1, 2, 3, -1, 0, 4};
    b.activation_dma.access(tlm::TLM_WRITE_COMMAND, 0, x, 6);
    float activation_scales[2] = {0.5f, 2.0f};
    b.scale_dma.access(tlm::TLM_WRITE_COMMAND, 0, activation_scales, 8);
    b.activation_buffer.reset_counters();
    b.output_buffer.reset_counters();

    Fold fold;
    fold.c_used = 2;
    fold.r_used = 3;
    fold.bytes_per_channel = 3;
    fold.first_of_segment = fold.last_of_segment = true;
    const std::int8_t weights[6] = {1, 1, 1, 2, -1, 0};
    const std::uint8_t fp16_scales[4] = {0x00, 0x3C, 0x00, 0x40};  // 1.0, 2.0
    WeightTile tile;
    tile.fold = &fold;
    tile.weights = weights;
    tile.fp16_scales = fp16_scales;
    b.array.load_tile(tile);
    const MChunk chunk{0, 2};
    const FoldOutcome outcome = b.array.run_fold(fold, chunk);
    // Sums: row 0 (1+2+3, 2-2+0) = (6, 0), row 1 (-1+0+4, -2+0+0) = (3, -2); scaled by
    // weight scale x activation scale: (6*1*0.5, 0*2*0.5, 3*1*2, -2*2*2).
    EXPECT_EQ(outcome.compute_cycles, 10u);  // 2R + C + Mc - 2 = 8 + 2 + 2 - 2
    EXPECT_EQ(outcome.activity.multiplies, 12u);  // Mc x r_used x c_used
    EXPECT_EQ(b.activation_buffer.read_bytes(), 6u);  // Mc x r_used
    EXPECT_EQ(b.output_buffer.write_bytes(), 16u);
    EXPECT_EQ(b.output_buffer.read_bytes(), 0u);  // the first group only writes
    EXPECT_EQ(read_y(b), (std::vector<float>{3.0f, 0.0f, 6.0f, -8.0f}));

    // A second scale group over the same K range reads the running Y and adds to it.
    b.output_buffer.reset_counters();
    fold.segment = 1;
    b.array.run_fold(fold, chunk);
    EXPECT_EQ(b.output_buffer.read_bytes(), 16u);
    EXPECT_EQ(b.output_buffer.write_bytes(), 16u);
    EXPECT_EQ(read_y(b), (std::vector<float>{6.0f, 0.0f, 12.0f, -16.0f}));
    EXPECT_EQ(b.array.output_scalings(), 8u);
  }
}
