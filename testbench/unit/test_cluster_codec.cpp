// FineQ-v1 bit format: every byte value decodes as the spec says and re-encodes to itself.
#include <gtest/gtest.h>

#include "cluster_codec.hpp"

using namespace fineq;

namespace {
int twos(int code, int bits) { return code >= (1 << (bits - 1)) ? code - (1 << bits) : code; }
}  // namespace

TEST(ClusterCodec, EveryByteDecodesPerSpecAndRoundTrips) {
  const Codebook book = Codebook::default_codebook();
  for (int byte = 0; byte < 256; ++byte) {
    const DecodedCluster c = decode_cluster(static_cast<std::uint8_t>(byte), book);
    const int idx = byte >> 6;
    const int payload = byte & 0x3F;
    if (idx == 0) {
      EXPECT_EQ(c.mode, ClusterMode::Normal);
      EXPECT_EQ(c.weights[0], twos((payload >> 4) & 3, 2));
      EXPECT_EQ(c.weights[1], twos((payload >> 2) & 3, 2));
      EXPECT_EQ(c.weights[2], twos(payload & 3, 2));
    } else {
      const int pruned = idx - 1;
      EXPECT_EQ(c.weights[pruned], 0) << byte;
      const int first = pruned == 0 ? 1 : 0;
      const int second = pruned == 2 ? 1 : 2;
      EXPECT_EQ(c.weights[first], twos((payload >> 3) & 7, 3)) << byte;
      EXPECT_EQ(c.weights[second], twos(payload & 7, 3)) << byte;
    }
    EXPECT_EQ(encode_cluster(c.mode, c.weights, book), byte);
  }
}

TEST(ClusterCodec, SpecExamples) {
  const Codebook book = Codebook::default_codebook();
  // Normal: weights {1, -2, -1} -> codes 01 10 11.
  EXPECT_EQ(encode_cluster(ClusterMode::Normal, {1, -2, -1}, book), 0b00011011);
  // Prune position 1: weights {-4, 0, 3} -> idx 2, codes 100 011.
  EXPECT_EQ(encode_cluster(ClusterMode::Prune1, {-4, 0, 3}, book), 0b10100011);
}

TEST(ClusterCodec, RejectsValuesOutsideTheCodebook) {
  const Codebook book = Codebook::default_codebook();
  EXPECT_THROW(encode_cluster(ClusterMode::Normal, {2, 0, 0}, book), std::invalid_argument);
  EXPECT_THROW(encode_cluster(ClusterMode::Prune0, {1, 4, 0}, book), std::invalid_argument);
  EXPECT_THROW(encode_cluster(ClusterMode::Prune2, {1, 1, 1}, book), std::invalid_argument);
}

TEST(ClusterCodec, CustomCodebookRoundTrips) {
  const Codebook book = Codebook::symmetric_codebook();
  EXPECT_EQ(book.max_magnitude(), 4);
  for (int byte = 0; byte < 256; ++byte) {
    const DecodedCluster c = decode_cluster(static_cast<std::uint8_t>(byte), book);
    EXPECT_EQ(encode_cluster(c.mode, c.weights, book), byte);
  }
  EXPECT_EQ(Codebook::parse(book.to_string()), book);
  EXPECT_EQ(Codebook::parse("-3,-1,1,3/-7,-5,-3,-1,1,3,5,7").max_magnitude(), 7);
  EXPECT_THROW(Codebook::parse("1,2,3/1,2,3,4,5,6,7,8"), std::invalid_argument);
  EXPECT_THROW(Codebook::parse("1,1,2,3/1,2,3,4,5,6,7,8"), std::invalid_argument);
  EXPECT_THROW(Codebook::parse("a,b"), std::invalid_argument);
}
