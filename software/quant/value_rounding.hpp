#pragma once
// Mapping a scaled weight y = w / scale onto a set of integer levels (FINEQ-SPEC section 3).
// The quantizers call these in their innermost loops, so they avoid std::round and branches:
// the compiler then vectorizes those loops. Both functions give exactly the spec's results
// (tested against std::round).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

namespace fineq {

// clamp(std::round(y), lo, hi) for finite y and integer-valued lo <= hi: round half away
// from zero. Clamping before rounding gives the same result (rounding is monotonic and keeps
// integers) and keeps the int conversion in range; the remainder y - trunc(y) is exact.
inline float round_half_away_clamped(float y, float lo, float hi) {
  const float clamped = std::min(std::max(y, lo), hi);
  const int truncated = static_cast<int>(clamped);
  const float remainder = clamped - static_cast<float>(truncated);
  // Integer adds of the comparison results: written with float selects instead, GCC does
  // not if-convert the loop under its default -ftrapping-math.
  return static_cast<float>(truncated + (remainder >= 0.5f) - (remainder <= -0.5f));
}

// N ascending integer levels (a codebook). nearest() picks the closest level; a tie goes to
// the level of larger magnitude, and between equal magnitudes (-1 and 1 around 0) to the
// positive one. For contiguous levels that is exactly round_half_away_clamped.
template <std::size_t N>
class LevelSet {
 public:
  explicit LevelSet(const std::vector<int>& ascending) {
    if (ascending.size() != N) throw std::invalid_argument("LevelSet: wrong number of levels");
    lowest_level_ = ascending.front();
    lowest_ = static_cast<float>(ascending.front());
    highest_ = static_cast<float>(ascending.back());
    contiguous_ = ascending.back() - ascending.front() == static_cast<int>(N) - 1;
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const int below = ascending[i];
      const int above = ascending[i + 1];
      const float midpoint = 0.5f * static_cast<float>(below + above);  // exact: small integers
      const bool tie_goes_up = std::abs(above) >= std::abs(below);
      // "y >= threshold" then means "closer to `above`, or tied and `above` wins the tie".
      up_threshold_[i] = tie_goes_up ? midpoint : std::nextafter(midpoint, HUGE_VALF);
      step_[i] = above - below;
    }
  }

  bool contiguous() const { return contiguous_; }
  float lowest() const { return lowest_; }
  float highest() const { return highest_; }

  // Contiguous selects the cheaper formula; it must match contiguous().
  template <bool Contiguous>
  float nearest(float y) const {
    if constexpr (Contiguous) {
      return round_half_away_clamped(y, lowest_, highest_);
    } else {
      return nearest_general(y, std::make_index_sequence<N - 1>());
    }
  }

 private:
  // lowest + the steps of all thresholds y reaches, in integers: a float step * 0/1 would
  // leave GCC a possibly trapping multiply by 0.0, and the quantizer's loops would not
  // vectorize. Unrolled by the fold for the same reason.
  template <std::size_t... I>
  float nearest_general(float y, std::index_sequence<I...>) const {
    return static_cast<float>((lowest_level_ + ... + (-static_cast<int>(y >= up_threshold_[I]) & step_[I])));
  }

  int lowest_level_ = 0;
  float lowest_ = 0.0f;
  float highest_ = 0.0f;
  bool contiguous_ = true;
  std::array<float, N - 1> up_threshold_{};
  std::array<int, N - 1> step_{};
};

}  // namespace fineq
