// FineQ quantizer: the cluster rules on hand-made clusters (bytes worked out by hand from
// FINEQ-SPEC sections 2-3), and random matrices checked against the plain oracle: chosen
// codes, cluster modes, scale search, padding, and the error the search reports.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "quantizer.hpp"
#include "quantizer_oracle.hpp"
#include "synthetic.hpp"

using namespace fineq;

namespace {
// One ratio of 1.0: rows whose max|w| is 4 get scale 4/4 = 1, so weights are their own y.
QuantizerConfig unit_scale_config(ClusterRule rule, float threshold = 4.0f) {
  QuantizerConfig config;
  config.rule = rule;
  config.threshold = threshold;
  config.clip_ratios = {1.0f};
  return config;
}

std::vector<std::uint8_t> cluster_bytes(const std::vector<float>& row, const QuantizerConfig& config) {
  return quantize_matrix("t", 1, static_cast<std::uint32_t>(row.size()), row.data(), config).payload;
}
}  // namespace

TEST(FineqRules, PaperPrunesFirstSmallestMagnitudeAboveThreshold) {
  const QuantizerConfig paper = unit_scale_config(ClusterRule::Paper);
  // 4 > 4*0.5: prune position 2 (idx 3); 4 -> 3 (clamped, 011), 1 -> 001.
  EXPECT_EQ(cluster_bytes({4, 1, 0.5f}, paper)[0], 0b11011001);
  // Smallest magnitude twice: the first (position 0) is pruned; 4 -> 011, 0.5 -> 1 = 001.
  EXPECT_EQ(cluster_bytes({0.5f, 4, 0.5f}, paper)[0], 0b01011001);
  // Magnitudes 0.5 and 0.5 (signs differ): position 1 pruned; -4 -> 100, -0.5 -> -1 = 111.
  EXPECT_EQ(cluster_bytes({-4, 0.5f, -0.5f}, paper)[0], 0b10100111);
}

TEST(FineqRules, PaperThresholdBoundaryIsStrict) {
  // max|w| = 4 = T * min|w|: normal; values 4 -> 1 (clamped), 1, 1 = codes 01 01 01.
  EXPECT_EQ(cluster_bytes({4, 1, 1}, unit_scale_config(ClusterRule::Paper, 4.0f))[0], 0b00010101);
  // Just below: outlier, position 1 pruned (first smallest); 4 -> 011, 1 -> 001.
  EXPECT_EQ(cluster_bytes({4, 1, 1}, unit_scale_config(ClusterRule::Paper, 3.99f))[0], 0b10011001);
}

TEST(FineqRules, AllZeroClusterIsNormalUnderBothRules) {
  for (ClusterRule rule : {ClusterRule::Paper, ClusterRule::MinError}) {
    const std::vector<std::uint8_t> bytes = cluster_bytes({4, 0, 0, 0, 0, 0}, unit_scale_config(rule));
    EXPECT_EQ(bytes[1], 0x00) << rule_name(rule);
    // A whole all-zero row: scale 0, normal zero clusters, no division by zero.
    const std::vector<float> zeros(7, 0.0f);
    QuantizationResult r = quantize_matrix_measured("z", 1, 7, zeros.data(), unit_scale_config(rule));
    EXPECT_EQ(r.matrix.scales[0], 0);
    EXPECT_EQ(r.matrix.payload, std::vector<std::uint8_t>(3, 0x00));
    EXPECT_EQ(r.row_squared_error[0], 0.0);
  }
}

TEST(FineqRules, AllZeroClusterIsNormalEvenWithoutZeroInTheCodebook) {
  // Symmetric codebook: as normal, 0 becomes +1 (code 00 of {-2,-1,1,2}) and costs 3 s^2,
  // pruned it would cost 2 s^2; the spec still makes the all-zero cluster normal.
  QuantizerConfig config = unit_scale_config(ClusterRule::MinError);
  config.codebook = Codebook::symmetric_codebook();
  EXPECT_EQ(cluster_bytes({4, 0, 0, 0, 0, 0}, config)[1], 0x00);
  // A cluster with one non-zero weight is free to take the cheaper pruned mode.
  EXPECT_NE(cluster_bytes({4, 0, 0, 0, 0, 1}, config)[1] >> 6, 0);
}

TEST(FineqRules, MinErrorPicksLowestErrorWithTieOrder) {
  const QuantizerConfig min_error = unit_scale_config(ClusterRule::MinError);
  // [0 0 3]: normal costs (3-1)^2 = 4, prune 0 and prune 1 cost 0: the tie goes to prune 0
  //   (idx 1, kept 0 -> 000, 3 -> 011).
  // [4 0 0]: normal 9, prune 0 16, prune 1 and prune 2 cost (4-3)^2 = 1: prune 1 (idx 2,
  //   kept 4 -> 3 = 011, 0 -> 000).
  EXPECT_EQ(cluster_bytes({0, 0, 3, 4, 0, 0}, min_error),
            (std::vector<std::uint8_t>{0b01000011, 0b10011000}));
  // [0 1 1]: normal and prune 0 both exact: normal wins the tie (codes 00 01 01).
  EXPECT_EQ(cluster_bytes({0, 1, 1, 4, 0, 0}, min_error)[0], 0b00000101);
  // [0.2 3 -3]: normal 0.04 + 4 + 1, prune 0 only 0.04: idx 1, 3 -> 011, -3 -> 101.
  EXPECT_EQ(cluster_bytes({0.2f, 3, -3, 4, 0, 0}, min_error)[0], 0b01011101);
}

TEST(FineqRules, HalfwayValuesRoundAwayFromZero) {
  // Normal (T large): 0.5 -> 1, -0.5 -> -1, -1.5 -> -2: codes 01 11 10.
  EXPECT_EQ(cluster_bytes({0.5f, -0.5f, -1.5f, 4, 0, 0}, unit_scale_config(ClusterRule::Paper, 100.0f))[0],
            0b00011110);
  // Outlier: 2.5 -> 3 (011), -2.5 -> -3 (101), 0.1 pruned (idx 3).
  EXPECT_EQ(cluster_bytes({2.5f, -2.5f, 0.1f, 4, 0, 0}, unit_scale_config(ClusterRule::Paper))[0],
            0b11011101);
}

TEST(FineqRules, CodesAreChosenWithTheFp16Scale) {
  // max|w| = 4 (1 + 2^-12): the exact scale 1 + 2^-12 rounds to FP16 1.0. With 1.0, 0.5 is a
  // tie that rounds to 1 (codes 01 01 01); with the unrounded scale it would round to 0.
  const float largest = 4.0f * (1.0f + std::ldexp(1.0f, -12));
  const QuantizedMatrix q = quantize_matrix("t", 1, 6, std::vector<float>{largest, 0, 0, 0.5f, 0.5f, 0.5f}.data(),
                                            unit_scale_config(ClusterRule::MinError));
  EXPECT_EQ(q.scales[0], float_to_half(1.0f));
  EXPECT_EQ(q.payload[1], 0b00010101);
}

namespace {
struct FineqCase {
  std::uint32_t rows;
  std::uint32_t cols;
  std::uint32_t group;  // clusters per scale
  ClusterRule rule;
  Codebook codebook;
};

std::vector<float> test_weights(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed) {
  std::vector<float> w = make_llm_like_weights(rows, cols, seed);
  std::mt19937 rng(static_cast<std::uint32_t>(seed));
  for (float& v : w) {
    if (rng() % 11 == 0) v = 0.0f;  // exact zeros make ties and all-zero clusters
  }
  if (rows > 2) std::fill(w.begin() + cols, w.begin() + 2 * cols, 0.0f);  // an all-zero row
  for (std::uint32_t r = 0; r < rows && cols >= 6; ++r) {
    std::fill_n(w.begin() + r * cols + 3, 3, 0.0f);  // an all-zero cluster in a non-zero row
  }
  return w;
}

// Checks one quantized matrix against the oracle: every cluster's mode and values, every
// group's scale against all candidates, and the reported per-row error.
void check_against_oracle(const FineqCase& c, const QuantizerConfig& config, const std::vector<float>& w,
                          const QuantizationResult& result) {
  const QuantizedMatrix& q = result.matrix;
  ASSERT_NO_THROW(q.validate());
  ASSERT_EQ(q.group_size, 3 * c.group);
  const std::vector<std::int8_t> decoded = q.decode_all();
  const std::vector<float> dequantized = q.dequantize();
  const std::uint32_t clusters = (c.cols + 2) / 3;
  const std::uint32_t per_group = c.group == 0 ? clusters : c.group;
  const float largest_level = static_cast<float>(c.codebook.max_magnitude());

  auto cluster_at = [&](std::uint32_t row, std::uint32_t cluster, std::array<float, 3>& values,
                        std::array<bool, 3>& real) {
    for (int p = 0; p < 3; ++p) {
      const std::uint32_t k = cluster * 3 + p;
      real[p] = k < c.cols;
      values[p] = real[p] ? w[static_cast<std::size_t>(row) * c.cols + k] : 0.0f;
    }
  };
  // Error of a whole group at `scale` under the rule (min-error: the best mode per cluster).
  auto group_error = [&](std::uint32_t row, std::uint32_t g, float scale) {
    double total = 0.0;
    for (std::uint32_t cl = g * per_group; cl < std::min(clusters, (g + 1) * per_group); ++cl) {
      std::array<float, 3> values{};
      std::array<bool, 3> real{};
      cluster_at(row, cl, values, real);
      const oracle::ClusterOptions options = oracle::cluster_options(values, real, scale, c.codebook);
      total += c.rule == ClusterRule::Paper
                   ? options.error[oracle::paper_mode(values, config.threshold)]
                   : oracle::min_error_rule_error(options, values);
    }
    return total;
  };

  for (std::uint32_t row = 0; row < c.rows; ++row) {
    double row_error = 0.0;
    for (std::uint32_t k = 0; k < c.cols; ++k) {
      const std::size_t i = static_cast<std::size_t>(row) * c.cols + k;
      row_error += (static_cast<double>(w[i]) - dequantized[i]) * (static_cast<double>(w[i]) - dequantized[i]);
    }
    EXPECT_NEAR(result.row_squared_error[row], row_error, 1e-5 * row_error + 1e-30) << "row " << row;

    for (std::uint32_t g = 0; g < q.groups_per_row(); ++g) {
      const float scale = q.scale(row, g);
      float max_abs = 0.0f;
      for (std::uint32_t k = g * per_group * 3; k < std::min(c.cols, (g + 1) * per_group * 3); ++k) {
        max_abs = std::max(max_abs, std::fabs(w[static_cast<std::size_t>(row) * c.cols + k]));
      }
      bool is_candidate = false;
      double best_candidate = HUGE_VAL;
      for (float ratio : config.clip_ratios) {
        const float candidate = round_to_half(ratio * max_abs / largest_level);
        is_candidate = is_candidate || candidate == scale;
        best_candidate = std::min(best_candidate, group_error(row, g, candidate));
      }
      EXPECT_TRUE(is_candidate) << "row " << row << " group " << g << " scale " << scale;
      EXPECT_LE(group_error(row, g, scale), best_candidate * (1 + 1e-5) + 1e-30) << "row " << row << " group " << g;

      for (std::uint32_t cl = g * per_group; cl < std::min(clusters, (g + 1) * per_group); ++cl) {
        std::array<float, 3> values{};
        std::array<bool, 3> real{};
        cluster_at(row, cl, values, real);
        const oracle::ClusterOptions options = oracle::cluster_options(values, real, scale, c.codebook);
        const int mode = q.payload[static_cast<std::size_t>(row) * q.row_bytes() + cl] >> 6;
        if (c.rule == ClusterRule::Paper) {
          ASSERT_EQ(mode, oracle::paper_mode(values, config.threshold)) << "row " << row << " cluster " << cl;
        } else {
          // Float and double sums may order near-ties differently; a clear winner must match.
          const double best = oracle::min_error_rule_error(options, values);
          ASSERT_LE(options.error[mode], best * (1 + 1e-5) + 1e-30) << "row " << row << " cluster " << cl;
          int clear_winner = -1;
          for (int m = 0; m < 4; ++m) {
            bool beats_all = true;
            for (int other = 0; other < 4; ++other) {
              if (other != m && !(options.error[m] * (1 + 1e-4) < options.error[other])) beats_all = false;
            }
            if (beats_all) clear_winner = m;
          }
          if (values == std::array<float, 3>{}) {
            ASSERT_EQ(mode, 0) << "all-zero cluster, row " << row << " cluster " << cl;
          } else if (clear_winner >= 0) {
            ASSERT_EQ(mode, clear_winner) << "row " << row << " cluster " << cl;
          }
        }
        for (int p = 0; p < 3; ++p) {
          if (!real[p]) continue;
          ASSERT_EQ(decoded[static_cast<std::size_t>(row) * c.cols + cl * 3 + p], options.values[mode][p])
              << "row " << row << " cluster " << cl << " position " << p;
        }
      }
    }
  }
}
}  // namespace

TEST(FineqQuantizer, RandomMatricesMatchTheOracle) {
  const Codebook custom = Codebook::parse("-3,-1,0,2/-9,-5,-2,0,1,2,6,7");
  const std::vector<FineqCase> cases = {
      {5, 1, 0, ClusterRule::MinError, Codebook::default_codebook()},
      {3, 2, 0, ClusterRule::Paper, Codebook::default_codebook()},
      {7, 7, 1, ClusterRule::MinError, Codebook::default_codebook()},
      {9, 64, 0, ClusterRule::MinError, Codebook::default_codebook()},
      {9, 64, 0, ClusterRule::Paper, Codebook::default_codebook()},
      {4, 172, 5, ClusterRule::MinError, Codebook::default_codebook()},
      {4, 172, 5, ClusterRule::Paper, Codebook::default_codebook()},
      {6, 100, 2, ClusterRule::MinError, Codebook::symmetric_codebook()},
      {6, 101, 0, ClusterRule::Paper, Codebook::symmetric_codebook()},
      // K % 3 == 2 under min-error without 0 in the codebook: the padded third weight of the
      // last cluster must not count (a surviving mutant masked it with the second's mask).
      {8, 101, 2, ClusterRule::MinError, Codebook::symmetric_codebook()},
      {8, 47, 0, ClusterRule::MinError, Codebook::symmetric_codebook()},
      {5, 50, 100, ClusterRule::MinError, custom},
      {5, 50, 4, ClusterRule::Paper, custom},
  };
  std::uint64_t seed = 1;
  for (const FineqCase& c : cases) {
    SCOPED_TRACE(std::to_string(c.rows) + "x" + std::to_string(c.cols) + " G=" + std::to_string(c.group) +
                 " " + rule_name(c.rule) + " " + c.codebook.to_string());
    QuantizerConfig config;
    config.rule = c.rule;
    config.group = c.group;
    config.codebook = c.codebook;
    config.threshold = 3.0f;
    const std::vector<float> w = test_weights(c.rows, c.cols, seed++);
    check_against_oracle(c, config, w, quantize_matrix_measured("t", c.rows, c.cols, w.data(), config));
  }
}

TEST(FineqQuantizer, RowPaddingActsAsZeroColumns) {
  // K = 64 is padded to 66; quantizing the same weights with two explicit zero columns gives
  // the same scales and bytes.
  const std::uint32_t rows = 12;
  const std::vector<float> w = make_llm_like_weights(rows, 64, 99);
  std::vector<float> widened;
  for (std::uint32_t r = 0; r < rows; ++r) {
    widened.insert(widened.end(), w.begin() + r * 64, w.begin() + (r + 1) * 64);
    widened.insert(widened.end(), {0.0f, 0.0f});
  }
  for (ClusterRule rule : {ClusterRule::MinError, ClusterRule::Paper}) {
    for (std::uint32_t group : {0u, 5u}) {
      QuantizerConfig config;
      config.rule = rule;
      config.group = group;
      const QuantizedMatrix padded = quantize_matrix("a", rows, 64, w.data(), config);
      const QuantizedMatrix explicit_zeros = quantize_matrix("b", rows, 66, widened.data(), config);
      EXPECT_EQ(padded.scales, explicit_zeros.scales) << rule_name(rule) << " G=" << group;
      EXPECT_EQ(padded.payload, explicit_zeros.payload) << rule_name(rule) << " G=" << group;
    }
  }
}
