// The FineQ decoder module through its ports: clusters written into an SRAM buffer module over
// TLM are read by the decoder over its weight port, and the tile it delivers to a sink on its
// tile port is checked against weights derived by hand from the bit format documented in
// cluster_codec.hpp (idx = byte >> 6; idx 0: three 2-bit codes in bits 5..4, 3..2, 1..0;
// idx p: weight p-1 pruned, the other two as 3-bit codes in bits 5..3 and 2..0) with the
// default codebook (two's complement: 2-bit {0, 1, -2, -1}, 3-bit {0, 1, 2, 3, -4, -3, -2, -1}).
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include <vector>

#include "fineq_decoder.hpp"
#include "sram_buffer.hpp"

using namespace fineq;

namespace {

struct TileRecorder : sc_core::sc_module, WeightTileSink {
  std::vector<std::int8_t> weights;
  std::vector<std::uint8_t> packed;
  std::vector<std::uint8_t> scales;
  std::uint64_t decode_cycles = 0;
  int tiles = 0;

  explicit TileRecorder(sc_core::sc_module_name name) : sc_module(name) {}
  void load_tile(const WeightTile& tile) override {
    const Fold& fold = *tile.fold;
    weights.assign(tile.weights, tile.weights + std::size_t{fold.c_used} * fold.r_used);
    packed.assign(tile.packed, tile.packed + fold.packed_bytes());
    scales.assign(tile.fp16_scales, tile.fp16_scales + 2 * fold.c_used);
    decode_cycles = tile.decode_cycles;
    ++tiles;
  }
};

struct Loader : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Loader> socket;
  explicit Loader(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}
  void write(std::uint64_t addr, std::vector<std::uint8_t> bytes) {
    tlm::tlm_generic_payload trans;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(addr);
    trans.set_data_ptr(bytes.data());
    trans.set_data_length(static_cast<unsigned>(bytes.size()));
    trans.set_streaming_width(static_cast<unsigned>(bytes.size()));
    socket->b_transport(trans, delay);
    ASSERT_EQ(trans.get_response_status(), tlm::TLM_OK_RESPONSE);
  }
};

struct Bench {
  Loader dma{"dma"};
  SramBuffer weight_buffer{"weight_buffer", 64};
  FineqDecoder decoder{"decoder"};
  TileRecorder array{"array"};
  Bench() {
    dma.socket.bind(weight_buffer.dma_socket);
    decoder.weight_port.socket.bind(weight_buffer.datapath_socket);
    decoder.weight_port.meter.bind(weight_buffer);
    decoder.tile_out.bind(array);
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

// Two channels, K range [1, 5): both rows' clusters 0 (k 0..2) and 1 (k 3..5) overlap it.
Fold two_channel_fold() {
  Fold fold;
  fold.n0 = 0;
  fold.c_used = 2;
  fold.k0 = 1;
  fold.r_used = 4;
  fold.first_byte = 0;
  fold.bytes_per_channel = 2;
  fold.clusters_per_channel = 2;
  fold.first_of_segment = fold.last_of_segment = true;
  return fold;
}

}  // namespace

TEST(FineqDecoder, DeliversTheHandDecodedTileOfClustersInTheWeightBuffer) {
  Bench& b = bench();
  AcceleratorConfig config;  // temporal PE
  config.decoder_clusters_per_cycle = 3;
  b.decoder.configure(config);
  WeightLayout layout;  // fineq-v1, one scale per channel
  b.decoder.program(layout, Codebook::default_codebook());
  // Channel 0: 0x1B = idx 0, codes 01 10 11 -> [1, -2, -1];
  //            0x5C = idx 1 (k 0 pruned), codes 011 100 -> [0, 3, -4].
  // Channel 1: 0xB9 = idx 2 (k 1 pruned), codes 111 001 -> [-1, 0, 1];
  //            0xD6 = idx 3 (k 2 pruned), codes 010 110 -> [2, -2, 0].
  // Scales: FP16 1.0 (0x3C00) and 2.0 (0x4000), little endian.
  const std::vector<std::uint8_t> fold_bytes = {0x1B, 0x5C, 0xB9, 0xD6, 0x00, 0x3C, 0x00, 0x40};
  const std::uint64_t half = 32;  // the second half of a 2 x 32-byte double buffer
  b.dma.write(half, fold_bytes);
  b.weight_buffer.reset_counters();
  const Fold fold = two_channel_fold();

  // Twice: the first read goes through b_transport, the second through the DMI pointer the
  // buffer granted after it; the tile and the counters must not differ.
  for (int pass = 1; pass <= 2; ++pass) {
    b.decoder.decode_fold(fold, half);
    ASSERT_EQ(b.array.tiles, pass);
    // K positions 1..4 of each row: channel 0 [-2, -1, 0, 3], channel 1 [0, 1, 2, -2].
    EXPECT_EQ(b.array.weights, (std::vector<std::int8_t>{-2, -1, 0, 3, 0, 1, 2, -2}));
    EXPECT_EQ(b.array.packed, (std::vector<std::uint8_t>{0x1B, 0x5C, 0xB9, 0xD6}));
    EXPECT_EQ(b.array.scales, (std::vector<std::uint8_t>{0x00, 0x3C, 0x00, 0x40}));
    // 4 clusters at D = 3 per cycle: 2 cycles.
    EXPECT_EQ(b.array.decode_cycles, 2u);
    EXPECT_EQ(b.decoder.decoded_clusters(), 4u * pass);
    EXPECT_EQ(b.weight_buffer.read_bytes(), 8u * pass);  // packed bytes and scales
    EXPECT_EQ(b.weight_buffer.write_bytes(), 0u);
  }
}

TEST(FineqDecoder, BitParallelPeTakesNoDecodeCycles) {
  Bench& b = bench();
  AcceleratorConfig config;
  config.pe = PeKind::Int8x8;
  b.decoder.configure(config);
  WeightLayout layout;
  layout.encoding = Encoding::IntB;
  layout.bits = 8;
  b.decoder.program(layout, Codebook::default_codebook());
  // Two channels of two INT8 weights each (k 0..1), then the two FP16 scales.
  b.dma.write(0, {0x7F, 0x80, 0xFF, 0x05, 0x00, 0x3C, 0x00, 0x3C});
  Fold fold;
  fold.c_used = 2;
  fold.r_used = 2;
  fold.bytes_per_channel = 2;
  b.decoder.decode_fold(fold, 0);
  EXPECT_EQ(b.array.weights, (std::vector<std::int8_t>{127, -128, -1, 5}));
  EXPECT_EQ(b.array.decode_cycles, 0u);
  EXPECT_EQ(b.decoder.decoded_clusters(), 0u);
}

TEST(FineqDecoder, AFoldOutsideTheWeightBufferIsAClearError) {
  Bench& b = bench();
  WeightLayout layout;
  b.decoder.configure(AcceleratorConfig{});
  b.decoder.program(layout, Codebook::default_codebook());
  const Fold fold = two_channel_fold();
  try {
    b.decoder.decode_fold(fold, 60);  // 8 bytes at 60 cross the 64-byte buffer's end
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("decoder.weight_socket"), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("TLM_ADDRESS_ERROR_RESPONSE"), std::string::npos) << error.what();
  }
}
