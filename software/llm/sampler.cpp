#include "sampler.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "llama_operators.hpp"

namespace fineq {

std::uint32_t argmax(const float* values, std::uint32_t count) {
  std::uint32_t best = 0;
  for (std::uint32_t i = 1; i < count; ++i) {
    if (values[i] > values[best]) best = i;
  }
  return best;
}

Sampler::Sampler(float temperature, std::uint64_t seed) : temperature_(temperature), state_(seed) {
  if (!std::isfinite(temperature) || temperature < 0.0f) {
    throw std::invalid_argument("temperature must be a finite number >= 0, got " +
                                std::to_string(temperature));
  }
  if (seed == 0) throw std::invalid_argument("seed must be > 0 (xorshift generator)");
}

float Sampler::random_unit() {
  state_ ^= state_ >> 12;
  state_ ^= state_ << 25;
  state_ ^= state_ >> 27;
  const auto bits = static_cast<std::uint32_t>((state_ * 0x2545F4914F6CDD1Dull) >> 32);
  return static_cast<float>(bits >> 8) / 16777216.0f;
}

std::uint32_t Sampler::sample(float* logits, std::uint32_t vocab) {
  if (temperature_ == 0.0f) return argmax(logits, vocab);
  for (std::uint32_t i = 0; i < vocab; ++i) logits[i] /= temperature_;
  softmax(logits, vocab);
  const float coin = random_unit();
  float cumulative = 0.0f;
  for (std::uint32_t i = 0; i < vocab; ++i) {
    cumulative += logits[i];
    if (coin < cumulative) return i;
  }
  return vocab - 1;  // rounding: the cumulative sum ended just below coin
}

}  // namespace fineq
