// Cycle-stepped array engine: randomized folds against direct dot products, and the fold's
// clock count and events against the docs/timing.md formulas written out here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <set>
#include <vector>

#include "cluster_codec.hpp"
#include "cycle_array.hpp"

using namespace fineq;

namespace {

// What a fold looks like to the test: operands plus the weights as plain integers.
struct FoldCase {
  AcceleratorConfig config;
  std::uint32_t r_used = 0, c_used = 0, waves = 0, first_weight = 0, clusters_per_channel = 0;
  std::vector<std::uint8_t> clusters;   // temporal: c_used x clusters_per_channel
  std::vector<std::int8_t> weights;     // c_used x r_used (decoded for the temporal PE)
  std::vector<std::int8_t> activations;  // waves x r_used
  std::vector<std::int32_t> initial;     // waves x c_used partial sums (accumulate)
  bool accumulate = false;

  CycleFold fold(std::vector<std::int32_t>& sums) const {
    sums = accumulate ? initial : std::vector<std::int32_t>(std::size_t{waves} * c_used, -1);
    CycleFold f;
    f.r_used = r_used;
    f.c_used = c_used;
    f.waves = waves;
    f.weights = weights.data();
    f.weight_stride = r_used;
    f.clusters = {clusters.data(), clusters_per_channel, c_used, clusters_per_channel,
                  first_weight, r_used};
    f.activations = activations.data();
    f.activation_stride = r_used;
    f.sums = sums.data();
    f.sum_stride = c_used;
    f.accumulate = accumulate;
    return f;
  }
};

enum class Values { Random, Zero, Extreme };

// A cluster byte whose decoded weights are all codebook extremes (largest magnitudes).
std::uint8_t extreme_cluster(std::mt19937& rng, const Codebook& codebook) {
  const auto outliers = codebook.outlier_ascending();
  for (;;) {
    const auto byte = static_cast<std::uint8_t>(0x40 | (rng() & 0xFF));  // idx >= 1
    const DecodedCluster decoded = decode_cluster(byte, codebook);
    bool extreme = true;
    for (int p = 0; p < kClusterSize; ++p) {
      if (p == pruned_position(decoded.mode)) continue;
      extreme &= decoded.weights[p] == outliers.front() || decoded.weights[p] == outliers.back();
    }
    if (extreme) return byte;
  }
}

FoldCase random_case(std::mt19937& rng) {
  auto pick = [&](std::uint32_t lo, std::uint32_t hi) {
    return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
  };
  FoldCase fc;
  fc.config.rows = pick(1, 16);
  fc.config.cols = pick(1, 16);
  fc.config.pe = static_cast<PeKind>(pick(0, 2));
  fc.config.window = static_cast<WindowPolicy>(pick(0, 1));
  // Largest magnitudes 4 (default, symmetric), 6, 7 and 8: fixed windows 4, 6, 7, 8; the
  // dynamic window takes every value 1..8.
  const Codebook codebooks[] = {Codebook::default_codebook(), Codebook::symmetric_codebook(),
                                Codebook::parse("-4,-1,1,4/-6,-5,-3,-1,1,3,5,6"),
                                Codebook::parse("-3,-1,1,3/-7,-5,-3,-1,1,3,5,7"),
                                Codebook::parse("-4,-1,1,4/-8,-5,-3,-1,1,3,5,8")};
  fc.config.codebook = codebooks[pick(0, 4)];
  fc.config.decoder_clusters_per_cycle = pick(1, 8);
  // Full folds, partial folds and single rows/columns all occur.
  fc.r_used = pick(0, 2) == 0 ? fc.config.rows : pick(1, fc.config.rows);
  fc.c_used = pick(0, 2) == 0 ? fc.config.cols : pick(1, fc.config.cols);
  fc.waves = pick(0, 3) == 0 ? 1 : pick(1, 12);
  fc.first_weight = pick(0, 2);
  fc.accumulate = pick(0, 3) == 0;
  const Values weight_values = static_cast<Values>(pick(0, 2));
  const Values activation_values = static_cast<Values>(pick(0, 2));

  fc.weights.assign(std::size_t{fc.c_used} * fc.r_used, 0);
  if (fc.config.pe == PeKind::Temporal) {
    fc.clusters_per_channel = (fc.first_weight + fc.r_used + 2) / 3;
    fc.clusters.resize(std::size_t{fc.c_used} * fc.clusters_per_channel);
    for (auto& byte : fc.clusters) {
      byte = weight_values == Values::Zero      ? 0x2A  // normal cluster of three zeros
             : weight_values == Values::Extreme ? extreme_cluster(rng, fc.config.codebook)
                                                : static_cast<std::uint8_t>(rng());
    }
    for (std::uint32_t c = 0; c < fc.c_used; ++c) {
      for (std::uint32_t r = 0; r < fc.r_used; ++r) {
        const std::uint32_t position = fc.first_weight + r;
        const std::uint8_t byte = fc.clusters[c * fc.clusters_per_channel + position / 3];
        fc.weights[c * fc.r_used + r] = decode_cluster(byte, fc.config.codebook).weights[position % 3];
      }
    }
  } else {
    const int low = fc.config.pe == PeKind::Int8x4 ? -8 : -128;
    const int high = fc.config.pe == PeKind::Int8x4 ? 7 : 127;
    for (auto& w : fc.weights) {
      w = static_cast<std::int8_t>(weight_values == Values::Zero      ? 0
                                   : weight_values == Values::Extreme ? (pick(0, 1) ? low : high)
                                                                      : std::uniform_int_distribution<int>(low, high)(rng));
    }
  }
  fc.activations.resize(std::size_t{fc.waves} * fc.r_used);
  for (auto& a : fc.activations) {
    a = static_cast<std::int8_t>(activation_values == Values::Zero      ? 0
                                 : activation_values == Values::Extreme ? (pick(0, 1) ? -127 : 127)
                                                                        : std::uniform_int_distribution<int>(-127, 127)(rng));
  }
  fc.initial.resize(std::size_t{fc.waves} * fc.c_used);
  for (auto& s : fc.initial) s = std::uniform_int_distribution<int>(-1000000, 1000000)(rng);
  return fc;
}

// The comparators only act in the temporal PE.
FoldCase random_temporal_case(std::mt19937& rng) {
  for (;;) {
    FoldCase candidate = random_case(rng);
    if (candidate.config.pe == PeKind::Temporal) return candidate;
  }
}

// Steps until the fold reports its last result, giving up (and failing) well past any
// plausible length so that a broken engine cannot hang the test.
std::uint64_t run_bounded(CycleArray& array, const CycleFold& fold) {
  array.begin_fold(fold);
  for (std::uint64_t clock = 0; clock < 1000000; ++clock) {
    if (array.step()) return array.fold_cycles();
  }
  ADD_FAILURE() << "fold did not finish";
  return 0;
}

// A bit-parallel fold of packed operands: weights c_used x r_used, activations waves x r_used.
CycleFold packed_fold(const std::vector<std::int8_t>& weights,
                      const std::vector<std::int8_t>& activations, std::vector<std::int32_t>& sums,
                      std::uint32_t r_used, std::uint32_t c_used, std::uint32_t waves) {
  sums.assign(std::size_t{waves} * c_used, 0);
  CycleFold fold;
  fold.r_used = r_used;
  fold.c_used = c_used;
  fold.waves = waves;
  fold.weights = weights.data();
  fold.weight_stride = r_used;
  fold.activations = activations.data();
  fold.activation_stride = r_used;
  fold.sums = sums.data();
  fold.sum_stride = c_used;
  return fold;
}

std::uint64_t sum_abs(const FoldCase& fc) {
  std::uint64_t total = 0;
  for (int w : fc.weights) total += static_cast<std::uint64_t>(std::abs(w));
  return total;
}

// docs/timing.md, "One fold", written out.
std::uint32_t expected_window(const FoldCase& fc) {
  if (fc.config.pe != PeKind::Temporal) return 1;
  if (fc.config.window == WindowPolicy::Fixed) return fc.config.codebook.max_magnitude();
  int largest = 0;
  for (int w : fc.weights) largest = std::max(largest, std::abs(w));
  return std::max(1, largest);
}

std::uint64_t expected_load(const FoldCase& fc) {
  const std::uint64_t rows = fc.config.rows;
  if (fc.config.pe != PeKind::Temporal) return rows;
  const std::uint64_t clusters = std::uint64_t{fc.c_used} * fc.clusters_per_channel;
  const std::uint64_t d = fc.config.decoder_clusters_per_cycle;
  return std::max(rows, (clusters + d - 1) / d);
}

std::uint64_t expected_compute(const FoldCase& fc) {
  return expected_load(fc) + (std::uint64_t{fc.waves} + fc.config.rows - 1) * expected_window(fc) +
         fc.config.cols - 1;
}

std::string describe(const FoldCase& fc) {
  return std::string("R=") + std::to_string(fc.config.rows) + " C=" + std::to_string(fc.config.cols) +
         " pe=" + pe_kind_name(fc.config.pe) + " window=" + window_policy_name(fc.config.window) +
         " D=" + std::to_string(fc.config.decoder_clusters_per_cycle) +
         " r_used=" + std::to_string(fc.r_used) + " c_used=" + std::to_string(fc.c_used) +
         " Mc=" + std::to_string(fc.waves) + " first=" + std::to_string(fc.first_weight) +
         " accumulate=" + std::to_string(fc.accumulate);
}

}  // namespace

TEST(CycleArray, RandomFoldsMatchDotProductsAndTheTimingFormula) {
  std::mt19937 rng(20240611);
  std::set<std::uint32_t> windows_seen;
  for (int trial = 0; trial < 600; ++trial) {
    const FoldCase fc = random_case(rng);
    SCOPED_TRACE(describe(fc));
    CycleArray array(fc.config);
    std::vector<std::int32_t> sums;
    const std::uint64_t cycles = run_bounded(array, fc.fold(sums));

    for (std::uint32_t m = 0; m < fc.waves; ++m) {
      for (std::uint32_t c = 0; c < fc.c_used; ++c) {
        std::int32_t expected = fc.accumulate ? fc.initial[m * fc.c_used + c] : 0;
        for (std::uint32_t r = 0; r < fc.r_used; ++r) {
          expected += fc.weights[c * fc.r_used + r] * fc.activations[m * fc.r_used + r];
        }
        ASSERT_EQ(sums[m * fc.c_used + c], expected) << "wave " << m << " channel " << c;
      }
    }
    EXPECT_EQ(array.window(), expected_window(fc));
    windows_seen.insert(array.window());
    EXPECT_EQ(array.load_cycles(), expected_load(fc));
    ASSERT_EQ(cycles, expected_compute(fc));
    EXPECT_FALSE(array.busy());

    // docs/timing.md, "Counted events".
    const ActivityCounts counts = array.fold_activity();
    const std::uint64_t slots = std::uint64_t{fc.waves} * fc.r_used * fc.c_used;
    EXPECT_EQ(counts.pe_mac_slots, slots);
    EXPECT_EQ(counts.weight_register_loads, std::uint64_t{fc.r_used} * fc.c_used);
    if (fc.config.pe == PeKind::Temporal) {
      const std::uint64_t pulses = fc.waves * sum_abs(fc);
      EXPECT_EQ(counts.pulses, pulses);
      EXPECT_EQ(counts.adds, pulses);
      EXPECT_EQ(counts.idle_window_cycles,
                fc.waves * (std::uint64_t{fc.r_used} * fc.c_used * expected_window(fc) - sum_abs(fc)));
      EXPECT_EQ(counts.decoded_clusters, std::uint64_t{fc.c_used} * fc.clusters_per_channel);
      EXPECT_EQ(counts.multiplies, 0u);
    } else {
      EXPECT_EQ(counts.multiplies, slots);
      EXPECT_EQ(counts.adds, slots);
      EXPECT_EQ(counts.pulses, 0u);
      EXPECT_EQ(counts.decoded_clusters, 0u);
    }
  }
  // The sample reaches every window length 1..8.
  EXPECT_EQ(windows_seen, (std::set<std::uint32_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

// Clock by clock, every PE's window, the column pulse counters and the comparator outputs
// follow docs/timing.md: PE (r, c) holds wave m during [(m + r) * Wf + c, (m + r + 1) * Wf + c).
TEST(CycleArray, StateFollowsTheWaveWindowsClockByClock) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    const FoldCase fc = random_temporal_case(rng);
    SCOPED_TRACE(describe(fc));
    CycleArray array(fc.config);
    std::vector<std::int32_t> sums;
    array.begin_fold(fc.fold(sums));
    while (array.phase() == ArrayPhase::WeightLoad) array.step();
    const std::int64_t wf = array.window();
    const std::int64_t R = fc.config.rows, C = fc.config.cols;
    auto wave_at = [&](std::int64_t t, std::int64_t r, std::int64_t c) {
      return t < c ? -1 : (t - c) / wf - r;  // may be out of 0..Mc-1
    };
    for (std::int64_t t = 0;; ++t) {  // t: the compute clock whose state the accessors show
      for (std::int64_t c = 0; c < C; ++c) {
        ASSERT_EQ(array.pulse_counter(c), t < c ? -1 : (t - c) % wf) << "t=" << t << " c=" << c;
        for (std::int64_t r = 0; r < R; ++r) {
          const std::int64_t m = wave_at(t, r, c);
          const bool valid = m >= 0 && m < fc.waves;
          ASSERT_EQ(array.activation_valid(r, c), valid) << "t=" << t << " r=" << r << " c=" << c;
          const bool real = valid && r < fc.r_used;
          ASSERT_EQ(array.activation(r, c), real ? fc.activations[m * fc.r_used + r] : 0);
          const int w = r < fc.r_used && c < fc.c_used ? fc.weights[c * fc.r_used + r] : 0;
          ASSERT_EQ(array.weight(r, c), w);
          if (t > 0) {
            const std::int64_t before = wave_at(t - 1, r, c);
            const bool fired = before >= 0 && before < fc.waves && (t - 1 - c) % wf < std::abs(w);
            ASSERT_EQ(array.pulse(r, c), fired) << "t=" << t << " r=" << r << " c=" << c;
          }
        }
      }
      if (array.step()) break;
      ASSERT_LT(t, 1000000) << "fold did not finish";
    }
  }
}

TEST(CycleArray, RejectsOperandsThatDoNotFit) {
  AcceleratorConfig config;
  config.rows = 4;
  config.cols = 4;
  config.pe = PeKind::Int8x4;
  CycleArray array(config);
  std::vector<std::int8_t> weights(16, 1), activations(16, 1);
  std::vector<std::int32_t> sums;
  CycleFold fold = packed_fold(weights, activations, sums, 4, 4, 4);
  weights[5] = 8;  // does not fit an INT4 weight register
  EXPECT_THROW(array.begin_fold(fold), std::invalid_argument);
  weights[5] = -8;
  EXPECT_EQ(run_bounded(array, fold), 2u * 4 + 4 + 4 - 2);  // 2R + C + Mc - 2
  fold.r_used = 5;
  EXPECT_THROW(array.begin_fold(fold), std::invalid_argument);
  fold.r_used = 4;
  fold.waves = 0;
  EXPECT_THROW(array.begin_fold(fold), std::invalid_argument);
  fold.waves = 4;
  fold.sum_stride = 3;
  EXPECT_THROW(array.begin_fold(fold), std::invalid_argument);
}

TEST(CycleArray, BitParallelFoldCostsTheScaleSimFormula) {
  // 2R + C + Mc - 2 for an 8 x 5 array, a 3 x 2 partial fold and 6 waves.
  AcceleratorConfig config;
  config.rows = 8;
  config.cols = 5;
  config.pe = PeKind::Int8x8;
  CycleArray array(config);
  const std::vector<std::int8_t> weights = {1, 2, 3, -4, -5, -6};
  const std::vector<std::int8_t> activations = {1, 1, 1, 2, 0, -1, 0, 0, 0, 127, 127, 127,
                                                -127, 0, 0, 5, 6, 7};
  std::vector<std::int32_t> sums;
  const CycleFold fold = packed_fold(weights, activations, sums, 3, 2, 6);
  EXPECT_EQ(run_bounded(array, fold), 2u * 8 + 5 + 6 - 2);
  const std::vector<std::int32_t> expected = {6, -15, -1, -2, 0, 0, 762, -1905, -127, 508, 38, -92};
  EXPECT_EQ(sums, expected);
}

TEST(CycleArray, DecodesWithTheProgrammedCodebook) {
  // A job's codebook replaces the config's: the decoder's table and the fixed window follow.
  AcceleratorConfig config;
  config.rows = 3;
  config.cols = 1;
  config.decoder_clusters_per_cycle = 1;
  CycleArray array(config);
  array.program_codebook(Codebook::parse("-3,-1,1,3/-7,-5,-3,-1,1,3,5,7"));
  // Codes keep the default's order (code 0 = third smallest value, 1 = largest, 2 = smallest,
  // 3 = second smallest), so the normal cluster with codes 0, 3, 1 holds 1, -1, 3.
  const std::uint8_t byte = 0b00'00'11'01;
  const std::vector<std::int8_t> activations = {10, 20, 30};
  std::vector<std::int32_t> sums(1);
  CycleFold fold;
  fold.r_used = 3;
  fold.c_used = 1;
  fold.waves = 1;
  fold.clusters = {&byte, 1, 1, 1, 0, 3};
  fold.activations = activations.data();
  fold.activation_stride = 3;
  fold.sums = sums.data();
  fold.sum_stride = 1;
  // Lf = max(3, 1) = 3, Wf = 7 (largest magnitude of the codebook): 3 + (1 + 2) * 7 + 0.
  EXPECT_EQ(run_bounded(array, fold), 24u);
  EXPECT_EQ(array.window(), 7u);
  EXPECT_EQ(sums[0], 1 * 10 - 1 * 20 + 3 * 30);
}
