// Cycle-level weight decoder: D clusters per clock into the staging register file.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "cycle_decoder.hpp"

using namespace fineq;

TEST(CycleDecoder, DecodesDClustersPerClockIntoStaging) {
  std::mt19937 rng(11);
  const Codebook codebook = Codebook::default_codebook();
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint32_t d = 1 + rng() % 6;
    const std::uint32_t channels = 1 + rng() % 9;
    const std::uint32_t first = rng() % 3;
    const std::uint32_t weights = 1 + rng() % 20;
    const std::uint32_t per_channel = (first + weights + 2) / 3;
    const std::size_t stride = per_channel + rng() % 3;  // rows of a wider packed matrix
    std::vector<std::uint8_t> bytes(channels * stride);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    const std::size_t staging_stride = channels + 2;
    std::vector<std::int32_t> staging(weights * staging_stride, 99);

    CycleDecoder decoder(codebook, d);
    decoder.start({bytes.data(), stride, channels, per_channel, first, weights}, staging.data(),
                  staging_stride);
    std::uint64_t clocks = 0;
    while (decoder.busy()) {
      decoder.step();
      ++clocks;
      const std::uint64_t left = std::uint64_t{channels} * per_channel - (clocks - 1) * d;
      EXPECT_EQ(decoder.clusters_last_cycle(), std::min<std::uint64_t>(d, left));
    }
    const std::uint64_t clusters = std::uint64_t{channels} * per_channel;
    EXPECT_EQ(clocks, (clusters + d - 1) / d);
    EXPECT_EQ(decoder.decoded_clusters(), clusters);
    for (std::uint32_t c = 0; c < channels; ++c) {
      for (std::uint32_t k = 0; k < weights; ++k) {
        const std::uint32_t position = first + k;
        const int expected = decode_cluster(bytes[c * stride + position / 3], codebook).weights[position % 3];
        EXPECT_EQ(staging[k * staging_stride + c], expected);
      }
      for (std::uint32_t k = 0; k < weights; ++k) {
        for (std::size_t pad = channels; pad < staging_stride; ++pad) {
          EXPECT_EQ(staging[k * staging_stride + pad], 99);  // untouched
        }
      }
    }
  }
}

TEST(CycleDecoder, RejectsAStreamOfTheWrongLength) {
  CycleDecoder decoder(Codebook::default_codebook(), 2);
  std::vector<std::uint8_t> bytes(4);
  std::vector<std::int32_t> staging(12);
  // 4 weights from position 2 overlap 2 clusters, not 1.
  EXPECT_THROW(decoder.start({bytes.data(), 1, 1, 1, 2, 4}, staging.data(), 1), std::invalid_argument);
  EXPECT_THROW(decoder.start({bytes.data(), 2, 1, 2, 3, 3}, staging.data(), 1), std::invalid_argument);
  EXPECT_THROW(CycleDecoder(Codebook::default_codebook(), 0), std::invalid_argument);
}
