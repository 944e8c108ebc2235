#include "synthetic.hpp"

#include <cmath>
#include <random>

namespace fineq {

namespace {
// Every 64th input channel is an outlier channel, scaled up.
constexpr std::uint32_t kOutlierChannelStride = 64;

std::vector<float> make_matrix(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed,
                               float outlier_gain) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> gaussian(0.0f, 1.0f);
  std::student_t_distribution<float> heavy(3.0f);
  std::lognormal_distribution<float> row_spread(0.0f, 0.3f);
  std::uniform_int_distribution<std::uint32_t> phase(0, kOutlierChannelStride - 1);
  const std::uint32_t outlier_phase = phase(rng);
  std::vector<float> values(static_cast<std::size_t>(rows) * cols);
  for (std::uint32_t r = 0; r < rows; ++r) {
    const float spread = 0.02f * row_spread(rng);
    const bool heavy_row = (r % 8) == 0;
    for (std::uint32_t c = 0; c < cols; ++c) {
      float v = heavy_row ? heavy(rng) : gaussian(rng);
      if (c % kOutlierChannelStride == outlier_phase) v *= outlier_gain;
      values[static_cast<std::size_t>(r) * cols + c] = spread * v;
    }
  }
  return values;
}
}  // namespace

std::vector<float> make_llm_like_weights(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed) {
  return make_matrix(rows, cols, seed, 4.0f);
}

std::vector<float> make_llm_like_activations(std::uint32_t rows, std::uint32_t cols,
                                             std::uint64_t seed) {
  return make_matrix(rows, cols, seed ^ 0x9E3779B97F4A7C15ull, 20.0f);
}

}  // namespace fineq
