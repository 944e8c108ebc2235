// rtl/fineq_decoder_lane.v against decode_cluster() (software/quant/cluster_codec.cpp): all 256
// cluster bytes under several codebooks written into the lane's table, one lane reprogrammed
// from one codebook to the next.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "VDecoderLane.h"
#include "cluster_codec.hpp"
#include "verilated_clock.hpp"

using fineq_rtl_test::clock_edge;

namespace {

void write_entry(VDecoderLane& lane, int address, int value) {
  lane.table_write = 1;
  lane.table_address = static_cast<std::uint8_t>(address);
  lane.table_data = static_cast<std::uint8_t>(value);
  clock_edge(lane);
  lane.table_write = 0;
}

// Addresses 0..3: normal codes 0..3; 4..11: outlier codes 0..7 (rtl/fineq_decoder_lane.v).
void program(VDecoderLane& lane, const fineq::Codebook& book) {
  for (int code = 0; code < 4; ++code) write_entry(lane, code, book.normal[code]);
  for (int code = 0; code < 8; ++code) write_entry(lane, 4 + code, book.outlier[code]);
}

void expect_all_bytes_decode_like_the_codec(VDecoderLane& lane, const fineq::Codebook& book) {
  for (int byte = 0; byte < 256; ++byte) {
    lane.cluster = static_cast<std::uint8_t>(byte);
    lane.eval();
    const fineq::DecodedCluster expected = fineq::decode_cluster(static_cast<std::uint8_t>(byte), book);
    ASSERT_EQ(static_cast<std::int8_t>(lane.weight0), expected.weights[0]) << book.to_string() << " byte " << byte;
    ASSERT_EQ(static_cast<std::int8_t>(lane.weight1), expected.weights[1]) << book.to_string() << " byte " << byte;
    ASSERT_EQ(static_cast<std::int8_t>(lane.weight2), expected.weights[2]) << book.to_string() << " byte " << byte;
  }
}

// Strictly ascending distinct int8 values, drawn at random.
std::vector<int> random_ascending(std::mt19937& rng, std::size_t count) {
  std::uniform_int_distribution<int> value(-128, 127);
  std::set<int> values;
  while (values.size() < count) values.insert(value(rng));
  return {values.begin(), values.end()};
}

}  // namespace

TEST(RtlDecoderLane, AllBytesOfSeveralCodebooksMatchTheCodec) {
  std::mt19937 rng(2026);
  std::vector<fineq::Codebook> books = {
      fineq::Codebook::default_codebook(),
      fineq::Codebook::symmetric_codebook(),
      fineq::Codebook::from_values(random_ascending(rng, 4), random_ascending(rng, 8)),
      fineq::Codebook::from_values({-128, -1, 0, 127}, {-128, -100, -3, 0, 1, 5, 99, 127}),
  };
  VDecoderLane lane;
  for (const fineq::Codebook& book : books) {
    program(lane, book);
    expect_all_bytes_decode_like_the_codec(lane, book);
  }
}

TEST(RtlDecoderLane, WritesBeyondTheTableChangeNothing) {
  const fineq::Codebook book = fineq::Codebook::symmetric_codebook();
  VDecoderLane lane;
  program(lane, book);
  for (int address = 12; address < 16; ++address) write_entry(lane, address, 0x55);
  expect_all_bytes_decode_like_the_codec(lane, book);
}

TEST(RtlDecoderLane, TableHoldsWithoutWriteEnable) {
  const fineq::Codebook book = fineq::Codebook::default_codebook();
  VDecoderLane lane;
  program(lane, book);
  lane.table_address = 5;
  lane.table_data = 0x7f;
  clock_edge(lane);  // table_write low: outlier code 1 keeps its value
  expect_all_bytes_decode_like_the_codec(lane, book);
}
