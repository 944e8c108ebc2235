#pragma once
// The clipping-ratio scale search shared by the quantizers (FINEQ-SPEC section 3): for each
// scale group try scale = r * max|w| / largest_level for every ratio r, rounded to FP16 as
// stored, and keep the one with the lowest squared error of the group.
#include <cmath>
#include <cstddef>
#include <vector>

#include "fp16.hpp"

namespace fineq {

// The candidate scale exactly as it will be stored (FP16); codes are chosen with it.
inline float candidate_scale(float ratio, float max_abs, float largest_level) {
  return round_to_half(ratio * max_abs / largest_level);
}

// Divisor for y = w / divisor. A scale of 0 (all-zero group, or one below FP16's range)
// must map every weight to 0 instead of dividing by zero; w / inf is exactly +-0.
inline float divisor_for(float scale) { return scale > 0.0f ? scale : HUGE_VALF; }

// Sum in a fixed order (8 interleaved partial sums): without -ffast-math the compiler may
// only vectorize a float reduction written this way, and the order is the same for every
// caller and thread count.
inline float blocked_sum(const float* values, std::size_t n) {
  constexpr std::size_t kLanes = 8;
  float partial[kLanes] = {};
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) partial[lane] += values[i + lane];
  }
  for (std::size_t lane = 0; i < n; ++i, ++lane) partial[lane] += values[i];
  return ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
         ((partial[4] + partial[5]) + (partial[6] + partial[7]));
}

struct ScaleChoice {
  float scale = 0.0f;
  float squared_error = HUGE_VALF;
};

// For every group g: best[g] = the candidate with the lowest group_error(g, scale, divisor);
// a tie keeps the earlier ratio. Each group is searched to the end before the next one so
// its data stays in cache.
template <class GroupError>
void search_group_scales(const std::vector<float>& group_max_abs, const std::vector<float>& ratios,
                         float largest_level, GroupError&& group_error,
                         std::vector<ScaleChoice>& best) {
  best.assign(group_max_abs.size(), ScaleChoice{});
  for (std::size_t g = 0; g < group_max_abs.size(); ++g) {
    for (std::size_t r = 0; r < ratios.size(); ++r) {
      const float scale = candidate_scale(ratios[r], group_max_abs[g], largest_level);
      const float error = group_error(g, scale, divisor_for(scale));
      if (r == 0 || error < best[g].squared_error) best[g] = {scale, error};
    }
  }
}

}  // namespace fineq
