// rtl/pulse_counter.v: a chain of column counters against the counting rule of docs/timing.md
// (column c's windows open c clocks after column 0's, p runs 0 .. Wf-1) and, clock by clock,
// against the column counters of the cycle-stepped array (model/engine/cycle_array.cpp)
// running temporal folds with dynamic windows 1..7 (a codebook holding 0 so that all-zero folds,
// window 1, occur).
#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <set>
#include <vector>

#include "VPulseCounter.h"
#include "cluster_codec.hpp"
#include "cycle_array.hpp"
#include "verilated_clock.hpp"

using fineq_rtl_test::clock_edge;

namespace {

// Column chain: column 0 starts at the edge where `start` is high, column c+1 one clock
// after column c. All inputs are taken from the state before the edge.
class CounterChain {
 public:
  explicit CounterChain(std::uint32_t columns) {
    for (std::uint32_t c = 0; c < columns; ++c) counters_.push_back(std::make_unique<VPulseCounter>());
    for (auto& counter : counters_) {
      counter->clear = 1;
      clock_edge(*counter);
      counter->clear = 0;
    }
  }
  void set_last_count(int last) {
    for (auto& counter : counters_) counter->last_count = static_cast<std::uint8_t>(last);
  }
  void clock(bool start) {
    std::vector<std::uint8_t> activate(counters_.size());
    for (std::size_t c = 0; c < counters_.size(); ++c) activate[c] = c == 0 ? start : counters_[c - 1]->active;
    for (std::size_t c = 0; c < counters_.size(); ++c) {
      counters_[c]->activate = activate[c];
      clock_edge(*counters_[c]);
    }
  }
  VPulseCounter& operator[](std::size_t c) { return *counters_[c]; }

 private:
  std::vector<std::unique_ptr<VPulseCounter>> counters_;
};

}  // namespace

TEST(RtlPulseCounter, ColumnsCountWindowsOneClockApart) {
  constexpr std::uint32_t kColumns = 5;
  for (int window = 1; window <= 7; ++window) {
    CounterChain chain(kColumns);
    chain.set_last_count(window - 1);
    for (int idle = 0; idle < 3; ++idle) {
      chain.clock(false);
      for (std::uint32_t c = 0; c < kColumns; ++c) ASSERT_EQ(chain[c].active, 0);
    }
    for (int t = 0; t < 40; ++t) {  // t: compute clock after the starting edge
      chain.clock(true);
      for (std::uint32_t c = 0; c < kColumns; ++c) {
        const int since = t - static_cast<int>(c);
        const bool active = since >= 0;
        ASSERT_EQ(chain[c].active, active ? 1 : 0) << "W=" << window << " t=" << t << " c=" << c;
        if (!active) continue;
        const int p = since % window;
        ASSERT_EQ(chain[c].count, p) << "W=" << window << " t=" << t << " c=" << c;
        ASSERT_EQ(chain[c].window_start, p == 0 ? 1 : 0);
        ASSERT_EQ(chain[c].window_end, p == window - 1 ? 1 : 0);
      }
    }
    chain[0].clear = 1;
    clock_edge(chain[0]);
    EXPECT_EQ(chain[0].active, 0);
    EXPECT_EQ(chain[0].count, 0);
  }
}

TEST(RtlPulseCounter, MatchesTheCycleArrayColumnCountersOnTemporalFolds) {
  std::mt19937 rng(31);
  auto pick = [&](std::uint32_t lo, std::uint32_t hi) {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
  };
  const fineq::Codebook codebook = fineq::Codebook::parse("-2,-1,0,1/-7,-4,-2,-1,0,1,3,7");
  std::set<std::uint32_t> windows_seen;
  for (int trial = 0; trial < 60; ++trial) {
    fineq::AcceleratorConfig config;
    config.rows = pick(1, 6);
    config.cols = pick(1, 8);
    config.pe = fineq::PeKind::Temporal;
    config.window = fineq::WindowPolicy::Dynamic;
    config.codebook = codebook;
    config.decoder_clusters_per_cycle = pick(1, 4);
    const std::uint32_t r_used = pick(1, config.rows);
    const std::uint32_t c_used = pick(1, config.cols);
    const std::uint32_t waves = pick(1, 4);
    const std::uint32_t first_weight = pick(0, 2);
    const std::uint32_t clusters_per_channel = (first_weight + r_used + 2) / 3;
    const int largest = static_cast<int>(pick(0, 7));  // bound on |w| in this fold
    std::vector<std::uint8_t> clusters(std::size_t{c_used} * clusters_per_channel);
    for (std::uint8_t& byte : clusters) {
      for (;;) {
        byte = static_cast<std::uint8_t>(pick(0, 255));
        const auto decoded = fineq::decode_cluster(byte, codebook);
        if (std::abs(decoded.weights[0]) <= largest && std::abs(decoded.weights[1]) <= largest &&
            std::abs(decoded.weights[2]) <= largest) {
          break;
        }
      }
    }
    std::vector<std::int8_t> activations(std::size_t{waves} * r_used);
    for (std::int8_t& a : activations) a = static_cast<std::int8_t>(pick(0, 254) - 127);
    std::vector<std::int32_t> sums(std::size_t{waves} * c_used);
    fineq::CycleFold fold;
    fold.r_used = r_used;
    fold.c_used = c_used;
    fold.waves = waves;
    fold.clusters = {clusters.data(), clusters_per_channel, c_used, clusters_per_channel,
                     first_weight, r_used};
    fold.activations = activations.data();
    fold.activation_stride = r_used;
    fold.sums = sums.data();
    fold.sum_stride = c_used;

    fineq::CycleArray array(config);
    array.begin_fold(fold);
    CounterChain chain(config.cols);
    bool done = false;
    bool counting = false;
    while (!done) {
      done = array.step();
      const bool latched = !counting && array.phase() != fineq::ArrayPhase::WeightLoad;
      chain.clock(latched || counting);
      if (latched) {
        // The window is known from the staged weights when the load ends.
        counting = true;
        chain.set_last_count(static_cast<int>(array.window()) - 1);
        windows_seen.insert(array.window());
      }
      if (!counting) continue;
      for (std::uint32_t c = 0; c < config.cols; ++c) {
        const int rtl = chain[c].active ? chain[c].count : -1;
        ASSERT_EQ(rtl, array.pulse_counter(c))
            << "trial " << trial << " column " << c << " fold clock " << array.fold_cycles();
      }
    }
  }
  EXPECT_GE(windows_seen.size(), 5u);  // dynamic windows from 1 up to 7 were exercised
}
