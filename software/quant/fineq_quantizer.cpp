#include "fineq_quantizer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "cluster_codec.hpp"
#include "row_quantization.hpp"
#include "scale_search.hpp"
#include "value_rounding.hpp"

namespace fineq {

namespace {

struct CodebookLevels {
  explicit CodebookLevels(const Codebook& codebook)
      : normal(codebook.normal_ascending()), outlier(codebook.outlier_ascending()) {}
  bool contiguous() const { return normal.contiguous() && outlier.contiguous(); }

  LevelSet<4> normal;
  LevelSet<8> outlier;
};

// One weight as a normal (2-bit) code, as an outlier (3-bit) code, and pruned. `mask` is 0
// for the zero padding of a row's last cluster, whose error must not count.
struct WeightCandidates {
  float normal_value;
  float outlier_value;
  float normal_error;
  float outlier_error;
  float pruned_error;
};

template <bool Contiguous>
inline WeightCandidates weight_candidates(float w, float mask, float scale, float divisor,
                                          const CodebookLevels& levels) {
  const float y = w / divisor;
  const float normal_value = levels.normal.nearest<Contiguous>(y);
  const float outlier_value = levels.outlier.nearest<Contiguous>(y);
  const float normal_diff = w - normal_value * scale;
  const float outlier_diff = w - outlier_value * scale;
  return {normal_value, outlier_value, mask * (normal_diff * normal_diff),
          mask * (outlier_diff * outlier_diff), mask * (w * w)};
}

struct ClusterChoice {
  float squared_error;
  int mode;  // ClusterMode as int, so that the search loop vectorizes
};

// The pruned position contributes w^2, the others their outlier error. The outlier code of
// a weight does not depend on which position is pruned, so the candidates are shared.
// The lowest error wins, ties in the order normal, prune 0, prune 1, prune 2 (strict <).
// When the modes a cluster may take are restricted (the paper rule fixes one beforehand),
// the forbidden ones get a +inf penalty: both rules share this code and the loop vectorizes
// (GCC does not if-convert a plain select by mode here).
template <bool Restricted>
inline ClusterChoice choose_cluster(const WeightCandidates& a, const WeightCandidates& b,
                                    const WeightCandidates& c, const float (&penalty)[4]) {
  float candidates[4] = {a.normal_error + b.normal_error + c.normal_error,
                         a.pruned_error + b.outlier_error + c.outlier_error,
                         a.outlier_error + b.pruned_error + c.outlier_error,
                         a.outlier_error + b.outlier_error + c.pruned_error};
  if constexpr (Restricted) {
    for (int mode = 0; mode < 4; ++mode) candidates[mode] += penalty[mode];
  }
  ClusterChoice best{candidates[0], 0};
  for (int mode = 1; mode < 4; ++mode) {
    if (candidates[mode] < best.squared_error) best = {candidates[mode], mode};
  }
  return best;
}

// Cluster bytes by mode and codebook ranks (positions in the ascending value lists), built
// once with encode_cluster so that the bit format stays defined in one place.
class ClusterByteTable {
 public:
  explicit ClusterByteTable(const Codebook& codebook) {
    const std::vector<int> normal = codebook.normal_ascending();
    const std::vector<int> outlier = codebook.outlier_ascending();
    for (int rank = 0; rank < 4; ++rank) normal_rank_[normal[rank] + 128] = rank;
    for (int rank = 0; rank < 8; ++rank) outlier_rank_[outlier[rank] + 128] = rank;
    for (int i = 0; i < 64; ++i) {
      const std::array<std::int8_t, 3> values = {static_cast<std::int8_t>(normal[i >> 4]),
                                                 static_cast<std::int8_t>(normal[(i >> 2) & 3]),
                                                 static_cast<std::int8_t>(normal[i & 3])};
      bytes_[0][i] = encode_cluster(ClusterMode::Normal, values, codebook);
    }
    for (int pruned = 0; pruned < kClusterSize; ++pruned) {
      for (int i = 0; i < 64; ++i) {
        std::array<std::int8_t, 3> values{};
        int slot = 0;
        for (int pos = 0; pos < kClusterSize; ++pos) {
          if (pos != pruned) values[pos] = static_cast<std::int8_t>(outlier[slot++ == 0 ? i >> 3 : i & 7]);
        }
        bytes_[pruned + 1][i] = encode_cluster(static_cast<ClusterMode>(pruned + 1), values, codebook);
      }
    }
  }

  std::uint8_t encode(int mode, const std::array<WeightCandidates, 3>& weights) const {
    if (mode == 0) {
      int index = 0;
      for (const WeightCandidates& w : weights) index = index * 4 + normal_rank(w.normal_value);
      return bytes_[0][index];
    }
    int index = 0;
    for (int pos = 0; pos < kClusterSize; ++pos) {
      if (pos != mode - 1) index = index * 8 + outlier_rank(weights[pos].outlier_value);
    }
    return bytes_[mode][index];
  }

 private:
  int normal_rank(float value) const { return normal_rank_[static_cast<int>(value) + 128]; }
  int outlier_rank(float value) const { return outlier_rank_[static_cast<int>(value) + 128]; }

  std::array<std::uint8_t, 256> normal_rank_{};
  std::array<std::uint8_t, 256> outlier_rank_{};
  std::array<std::array<std::uint8_t, 64>, 4> bytes_{};
};

// Read-only state shared by all threads.
struct FineqSetup {
  explicit FineqSetup(const QuantizerConfig& config, std::uint32_t cols)
      : config(config), levels(config.codebook), table(config.codebook), cols(cols),
        clusters((cols + kClusterSize - 1) / kClusterSize), full_clusters(cols / kClusterSize),
        clusters_per_group(config.group == 0 ? clusters : config.group),
        groups((clusters + clusters_per_group - 1) / clusters_per_group) {}

  const QuantizerConfig& config;
  CodebookLevels levels;
  ClusterByteTable table;
  std::uint32_t cols;
  std::uint32_t clusters;       // per row, including a zero-padded last one
  std::uint32_t full_clusters;  // clusters without padding
  std::uint32_t clusters_per_group;
  std::uint32_t groups;
};

// Quantizes rows one at a time; holds one thread's scratch buffers. The row is kept as
// structure of arrays (position p of every cluster contiguous) so the loops vectorize.
// Restricted: some clusters may not take every mode: the paper rule (one mode per cluster),
// or min-error with a codebook without 0, where an all-zero cluster would otherwise prefer
// a pruned mode although the spec makes it normal.
template <bool Contiguous, bool Restricted>
class FineqRowQuantizer {
 public:
  explicit FineqRowQuantizer(const FineqSetup& setup) : setup_(setup) {
    for (auto& column : position_) column.resize(setup.clusters);
    if (Restricted) {
      for (auto& penalty : penalty_) penalty.resize(setup.clusters);
    }
    cluster_error_.resize(setup.clusters);
    group_max_abs_.resize(setup.groups);
    for (int pos = 0; pos < kClusterSize; ++pos) {
      tail_mask_[pos] = (setup.full_clusters * kClusterSize + pos < setup.cols) ? 1.0f : 0.0f;
    }
  }

  // Writes the row's scales and cluster bytes; returns its squared error as searched.
  double quantize_row(const float* w, std::uint16_t* scales, std::uint8_t* bytes) {
    load_row(w);
    search_group_scales(
        group_max_abs_, setup_.config.clip_ratios, setup_.config.largest_level(),
        [this](std::size_t g, float scale, float divisor) { return group_error(g, scale, divisor); },
        best_);
    double squared_error = 0.0;
    for (std::uint32_t g = 0; g < setup_.groups; ++g) {
      scales[g] = float_to_half(best_[g].scale);
      encode_group(g, best_[g].scale, bytes);
      squared_error += best_[g].squared_error;
    }
    return squared_error;
  }

 private:
  void load_row(const float* w) {
    for (auto& column : position_) column.back() = 0.0f;  // padding of the last cluster
    for (std::uint32_t k = 0; k < setup_.cols; ++k) position_[k % kClusterSize][k / kClusterSize] = w[k];
    for (std::uint32_t g = 0; g < setup_.groups; ++g) {
      float largest = 0.0f;
      for (std::uint32_t c = first_cluster(g); c < end_cluster(g); ++c) {
        for (const auto& column : position_) largest = std::max(largest, std::fabs(column[c]));
      }
      group_max_abs_[g] = largest;
    }
    if (Restricted) {
      for (std::uint32_t c = 0; c < setup_.clusters; ++c) {
        const float w0 = position_[0][c], w1 = position_[1][c], w2 = position_[2][c];
        const bool all_zero = w0 == 0.0f && w1 == 0.0f && w2 == 0.0f;
        const bool paper = setup_.config.rule == ClusterRule::Paper;
        const int only_mode = paper ? paper_mode(w0, w1, w2, setup_.config.threshold)
                                    : all_zero ? 0 : -1;  // -1: any mode
        for (int m = 0; m < 4; ++m) {
          penalty_[m][c] = only_mode < 0 || m == only_mode ? 0.0f : HUGE_VALF;
        }
      }
    }
  }

  std::uint32_t first_cluster(std::size_t g) const {
    return static_cast<std::uint32_t>(g) * setup_.clusters_per_group;
  }
  std::uint32_t end_cluster(std::size_t g) const {
    return std::min(setup_.clusters, first_cluster(g) + setup_.clusters_per_group);
  }

  ClusterChoice evaluate(std::uint32_t c, float mask0, float mask1, float mask2, float scale,
                         float divisor, std::array<WeightCandidates, 3>& weights) const {
    const CodebookLevels& levels = setup_.levels;
    weights[0] = weight_candidates<Contiguous>(position_[0][c], mask0, scale, divisor, levels);
    weights[1] = weight_candidates<Contiguous>(position_[1][c], mask1, scale, divisor, levels);
    weights[2] = weight_candidates<Contiguous>(position_[2][c], mask2, scale, divisor, levels);
    float penalty[4] = {};
    if (Restricted) {
      for (int m = 0; m < 4; ++m) penalty[m] = penalty_[m][c];
    }
    return choose_cluster<Restricted>(weights[0], weights[1], weights[2], penalty);
  }

  // The hot loop: every cluster of the group at one candidate scale.
  float group_error(std::size_t g, float scale, float divisor) {
    const std::uint32_t first = first_cluster(g);
    const std::uint32_t end = end_cluster(g);
    const std::uint32_t full_end = std::min(end, setup_.full_clusters);
    float* errors = cluster_error_.data();
    for (std::uint32_t c = first; c < full_end; ++c) {
      std::array<WeightCandidates, 3> weights;
      errors[c] = evaluate(c, 1.0f, 1.0f, 1.0f, scale, divisor, weights).squared_error;
    }
    for (std::uint32_t c = full_end; c < end; ++c) {
      std::array<WeightCandidates, 3> weights;
      errors[c] = evaluate(c, tail_mask_[0], tail_mask_[1], tail_mask_[2], scale, divisor, weights)
                      .squared_error;
    }
    return blocked_sum(errors + first, end - first);
  }

  void encode_group(std::size_t g, float scale, std::uint8_t* bytes) const {
    const float divisor = divisor_for(scale);
    for (std::uint32_t c = first_cluster(g); c < end_cluster(g); ++c) {
      std::array<WeightCandidates, 3> weights;
      // The same masks as in the search, so that the padded cluster's choice is the same.
      const bool tail = c >= setup_.full_clusters;
      const ClusterChoice choice =
          evaluate(c, tail ? tail_mask_[0] : 1.0f, tail ? tail_mask_[1] : 1.0f,
                   tail ? tail_mask_[2] : 1.0f, scale, divisor, weights);
      bytes[c] = setup_.table.encode(choice.mode, weights);
    }
  }

  const FineqSetup& setup_;
  std::array<std::vector<float>, kClusterSize> position_;
  std::array<std::vector<float>, 4> penalty_;  // [mode][cluster]: 0 allowed, +inf forbidden
  std::vector<float> cluster_error_;
  std::vector<float> group_max_abs_;
  std::vector<ScaleChoice> best_;
  std::array<float, kClusterSize> tail_mask_{};
};

template <bool Contiguous, bool Restricted>
void quantize_rows(const FineqSetup& setup, const float* w, QuantizationResult& result) {
  quantize_all_rows(
      w, setup.config.threads, [&] { return FineqRowQuantizer<Contiguous, Restricted>(setup); }, result);
}

}  // namespace

int paper_mode(float w0, float w1, float w2, float threshold) {
  const float a0 = std::fabs(w0), a1 = std::fabs(w1), a2 = std::fabs(w2);
  const float largest = std::max({a0, a1, a2});
  const float smallest = std::min({a0, a1, a2});
  if (!(largest > threshold * smallest)) return 0;
  const int pruned = a0 == smallest ? 0 : a1 == smallest ? 1 : 2;
  return pruned + 1;
}

QuantizationResult quantize_fineq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                  const float* w, const QuantizerConfig& config) {
  QuantizationResult result = start_result(name, rows, cols, Encoding::FineQV1);
  QuantizedMatrix& m = result.matrix;
  m.bits = 0;
  m.codebook = config.codebook;
  m.rule = config.rule;
  m.threshold = config.rule == ClusterRule::Paper ? config.threshold : 0.0f;
  m.group_size = config.group_size_in_weights();
  const FineqSetup setup(config, cols);
  const bool contiguous = setup.levels.contiguous();
  // With 0 in the normal codebook an all-zero cluster costs nothing as normal, and
  // min-error's tie order already keeps it normal.
  const bool zero_is_normal_value = config.codebook.normal_code(0) >= 0;
  const bool restricted = config.rule == ClusterRule::Paper || !zero_is_normal_value;
  if (contiguous && restricted) quantize_rows<true, true>(setup, w, result);
  if (contiguous && !restricted) quantize_rows<true, false>(setup, w, result);
  if (!contiguous && restricted) quantize_rows<false, true>(setup, w, result);
  if (!contiguous && !restricted) quantize_rows<false, false>(setup, w, result);
  return result;
}

}  // namespace fineq
