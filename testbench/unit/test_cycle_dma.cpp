// Beat-level DMA channel: T(b) = L + ceil(b / B), T(0) = 0, ideal memory takes no clocks.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "cycle_dma.hpp"

using namespace fineq;

namespace {
AcceleratorConfig dram(std::uint32_t latency, std::uint32_t bytes_per_cycle) {
  AcceleratorConfig config;
  config.memory = MemoryKind::Dram;
  config.dram_latency_cycles = latency;
  config.dram_bytes_per_cycle = bytes_per_cycle;
  return config;
}

// Beats of one transfer, one entry per clock until the channel is idle again.
std::vector<std::uint32_t> beats(CycleDmaChannel& channel, std::uint64_t bytes) {
  channel.issue(bytes);
  std::vector<std::uint32_t> delivered;
  while (channel.busy()) delivered.push_back(channel.step());
  return delivered;
}
}  // namespace

TEST(CycleDma, BeatsByHand) {
  CycleDmaChannel channel(dram(3, 4));
  // 10 bytes, L = 3, B = 4: three clocks of latency, then beats 4, 4, 2: T = 3 + 3 = 6.
  EXPECT_EQ(beats(channel, 10), (std::vector<std::uint32_t>{0, 0, 0, 4, 4, 2}));
  EXPECT_EQ(beats(channel, 4), (std::vector<std::uint32_t>{0, 0, 0, 4}));
  EXPECT_TRUE(beats(channel, 0).empty());  // T(0) = 0
  CycleDmaChannel no_latency(dram(0, 16));
  EXPECT_EQ(beats(no_latency, 33), (std::vector<std::uint32_t>{16, 16, 1}));
  CycleDmaChannel ideal(AcceleratorConfig{});
  EXPECT_TRUE(beats(ideal, 1 << 20).empty());
}

TEST(CycleDma, RandomTransfersTakeLPlusCeilBOverB) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 300; ++trial) {
    const std::uint32_t latency = rng() % 50, per_beat = 1 + rng() % 64;
    const std::uint64_t bytes = rng() % 3000;
    CycleDmaChannel channel(dram(latency, per_beat));
    const auto delivered = beats(channel, bytes);
    const std::uint64_t expected = bytes == 0 ? 0 : latency + (bytes + per_beat - 1) / per_beat;
    ASSERT_EQ(delivered.size(), expected);
    std::uint64_t total = 0;
    for (auto beat : delivered) total += beat;
    EXPECT_EQ(total, bytes);
  }
}

TEST(CycleDma, OneTransferAtATime) {
  CycleDmaChannel channel(dram(2, 8));
  channel.issue(100);
  EXPECT_THROW(channel.issue(8), std::logic_error);
}
