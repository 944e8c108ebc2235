#include "fineq_ef_quantizer.hpp"

#include <array>
#include <cmath>

#include "cluster_codec.hpp"
#include "error_feedback.hpp"
#include "fineq_quantizer.hpp"
#include "fp16.hpp"
#include "row_parallel.hpp"
#include "row_quantization.hpp"
#include "scale_search.hpp"
#include "value_rounding.hpp"

namespace fineq {

namespace {

// The plain FineQ config whose clipping-ratio search gives the scales.
QuantizerConfig fineq_config(const QuantizerConfig& config, std::uint32_t group) {
  QuantizerConfig fineq = config;
  fineq.method = QuantMethod::FineQ;
  fineq.group = group;
  fineq.threads = 1;
  return fineq;
}

// One tile of rows: chooses each cluster's mode and codes; writes bytes and scales.
class ClusterUnitQuantizer {
 public:
  ClusterUnitQuantizer(const QuantizerConfig& config, const InverseHessianFactor& factor,
                       const float* tile, std::uint32_t first_row, std::uint32_t tile_rows,
                       QuantizedMatrix& out)
      : config_(config), factor_(factor), tile_(tile), first_row_(first_row), tile_rows_(tile_rows),
        out_(out), normal_(config.codebook.normal_ascending()),
        outlier_(config.codebook.outlier_ascending()),
        contiguous_(normal_.contiguous() && outlier_.contiguous()), loss_(tile_rows, 0.0) {}

  // Hessian-aware search: every group's scale from this one clipping ratio (of its weights
  // as quantization reaches it); 0 = FineQ's own search on the weights. Resets the losses.
  void use_ratio(float ratio) {
    ratio_ = ratio;
    std::fill(loss_.begin(), loss_.end(), 0.0);
  }
  // The rise of the layer's output error from the tile row so far: sum of z^2 (GPTQ's loss).
  double loss(std::uint32_t tile_row) const { return loss_[tile_row]; }

  void start_group(std::uint32_t first_col, std::uint32_t end_col) {
    const std::uint32_t group = out_.group_of(first_col);
    if (ratio_ > 0.0f) {
      for (std::uint32_t r = 0; r < tile_rows_; ++r) {
        const float* row = tile_ + static_cast<std::size_t>(r) * out_.cols;
        float largest = 0.0f;
        for (std::uint32_t k = first_col; k < end_col; ++k) largest = std::max(largest, std::fabs(row[k]));
        const float scale = candidate_scale(ratio_, largest, config_.largest_level());
        require_finite_scale(scale, first_row_ + r, first_col);
        out_.scales[static_cast<std::size_t>(first_row_ + r) * out_.groups_per_row() + group] = float_to_half(scale);
      }
      return;
    }
    const std::uint32_t width = end_col - first_col;
    std::vector<float> segment(static_cast<std::size_t>(tile_rows_) * width);
    for (std::uint32_t r = 0; r < tile_rows_; ++r) {
      const float* row = tile_ + static_cast<std::size_t>(r) * out_.cols + first_col;
      std::copy(row, row + width, segment.begin() + static_cast<std::ptrdiff_t>(r) * width);
    }
    const QuantizedMatrix scales =
        quantize_fineq("", tile_rows_, width, segment.data(), fineq_config(config_, 0)).matrix;
    require_finite_scales(scales, first_row_, first_col);
    for (std::uint32_t r = 0; r < tile_rows_; ++r) {
      out_.scales[static_cast<std::size_t>(first_row_ + r) * out_.groups_per_row() + group] = scales.scales[r];
    }
  }

  void quantize_unit(std::uint32_t tile_row, std::uint32_t col, std::uint32_t count, float* w, float* z) {
    const std::uint32_t row = first_row_ + tile_row;
    const float scale = out_.scale(row, out_.group_of(col));
    const float divisor = divisor_for(scale);
    // Padding of a row's last cluster: weight 0, its error does not count.
    const std::array<float, 3> weights = {w[0], count > 1 ? w[1] : 0.0f, count > 2 ? w[2] : 0.0f};
    int only_mode = -1;  // -1: every mode competes
    if (config_.rule == ClusterRule::Paper) {
      only_mode = paper_mode(weights[0], weights[1], weights[2], config_.threshold);
    } else if (weights[0] == 0.0f && weights[1] == 0.0f && weights[2] == 0.0f) {
      only_mode = 0;  // an all-zero cluster is normal (FINEQ-SPEC section 3)
    }
    Candidate best;
    for (int mode = 0; mode < 4; ++mode) {
      if (only_mode >= 0 && mode != only_mode) continue;
      const Candidate candidate = try_mode(mode, weights, col, count, scale, divisor);
      if (candidate.loss < best.loss) best = candidate;  // ties: the earlier mode
    }
    for (std::uint32_t j = 0; j < count; ++j) {
      w[j] = best.fed_back[j];
      z[j] = best.z[j];
    }
    loss_[tile_row] += best.loss;
    std::array<std::int8_t, 3> values{};
    for (int p = 0; p < 3; ++p) values[p] = static_cast<std::int8_t>(best.values[p]);
    out_.payload[static_cast<std::size_t>(row) * out_.row_bytes() + col / kClusterSize] =
        encode_cluster(static_cast<ClusterMode>(best.mode), values, config_.codebook);
  }

 private:
  struct Candidate {
    float loss = HUGE_VALF;
    int mode = 0;
    std::array<float, 3> values{};    // codebook values
    std::array<float, 3> fed_back{};  // the weights after the feedback inside the cluster
    std::array<float, 3> z{};
  };

  float nearest_normal(float y) const {
    return contiguous_ ? normal_.nearest<true>(y) : normal_.nearest<false>(y);
  }
  float nearest_outlier(float y) const {
    return contiguous_ ? outlier_.nearest<true>(y) : outlier_.nearest<false>(y);
  }

  // GPTQ inside the cluster: position j is rounded after the errors of positions < j were
  // fed into it.
  Candidate try_mode(int mode, std::array<float, 3> w, std::uint32_t col, std::uint32_t count,
                     float scale, float divisor) const {
    Candidate c;
    c.mode = mode;
    c.loss = 0.0f;
    for (std::uint32_t j = 0; j < 3; ++j) {
      const float y = w[j] / divisor;
      c.values[j] = mode == 0 ? nearest_normal(y) : static_cast<int>(j) == mode - 1 ? 0.0f : nearest_outlier(y);
      if (j >= count) continue;
      c.fed_back[j] = w[j];
      c.z[j] = (w[j] - c.values[j] * scale) / factor_.at(col + j, col + j);
      c.loss += c.z[j] * c.z[j];
      for (std::uint32_t l = j + 1; l < count; ++l) w[l] -= c.z[j] * factor_.at(col + j, col + l);
    }
    return c;
  }

  const QuantizerConfig& config_;
  const InverseHessianFactor& factor_;
  const float* tile_;
  std::uint32_t first_row_;
  std::uint32_t tile_rows_;
  QuantizedMatrix& out_;
  LevelSet<4> normal_;
  LevelSet<8> outlier_;
  bool contiguous_;
  float ratio_ = 0.0f;
  std::vector<double> loss_;
};

}  // namespace

QuantizationResult quantize_fineq_ef(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                     const float* w, const QuantizerConfig& config,
                                     const LayerHessian& hessian) {
  const InverseHessianFactor factor(hessian, config.damping, {}, "matrix '" + name + "'");
  // Plain FineQ fixes the header fields and, per row, the scales (the first group's too).
  QuantizationResult result = quantize_fineq(name, rows, cols, w, fineq_config(config, config.group));
  QuantizedMatrix& m = result.matrix;
  FeedbackLayout layout;
  layout.unit = kClusterSize;
  layout.block = config.block_size;
  layout.group_cols = config.group * kClusterSize;
  if (config.hessian_scale_search) {
    layout.group_cols = config.group == 0 ? cols : config.group * kClusterSize;  // per row: one group
  }
  const std::uint32_t groups = m.groups_per_row();
  const std::uint32_t row_bytes = m.row_bytes();
  for_each_row_range(rows, config.threads, [&](std::uint32_t first, std::uint32_t last) {
    const std::uint32_t tile_rows = last - first;
    const float* source = w + static_cast<std::size_t>(first) * cols;
    std::vector<float> tile(source, source + static_cast<std::size_t>(tile_rows) * cols);
    ClusterUnitQuantizer quantizer(config, factor, tile.data(), first, tile_rows, m);
    if (!config.hessian_scale_search) {
      run_error_feedback(tile.data(), tile_rows, cols, factor, layout, quantizer);
      return;
    }
    // Per row, the ratio whose whole error-feedback pass adds the least output error; ties
    // keep the earlier ratio.
    std::vector<double> best_loss(tile_rows, HUGE_VAL);
    std::vector<std::uint8_t> best_bytes(static_cast<std::size_t>(tile_rows) * row_bytes);
    std::vector<std::uint16_t> best_scales(static_cast<std::size_t>(tile_rows) * groups);
    std::uint8_t* bytes = m.payload.data() + static_cast<std::size_t>(first) * row_bytes;
    std::uint16_t* scales = m.scales.data() + static_cast<std::size_t>(first) * groups;
    for (float ratio : config.clip_ratios) {
      std::copy(source, source + tile.size(), tile.begin());
      quantizer.use_ratio(ratio);
      run_error_feedback(tile.data(), tile_rows, cols, factor, layout, quantizer);
      for (std::uint32_t r = 0; r < tile_rows; ++r) {
        if (!(quantizer.loss(r) < best_loss[r])) continue;
        best_loss[r] = quantizer.loss(r);
        std::copy(bytes + r * row_bytes, bytes + (r + 1) * row_bytes, best_bytes.begin() + r * row_bytes);
        std::copy(scales + r * groups, scales + (r + 1) * groups, best_scales.begin() + r * groups);
      }
    }
    std::copy(best_bytes.begin(), best_bytes.end(), bytes);
    std::copy(best_scales.begin(), best_scales.end(), scales);
  });
  measure_row_errors(w, result);
  return result;
}

}  // namespace fineq
