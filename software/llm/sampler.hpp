#pragma once
// Next-token sampling as llama2.c's run.c does it (without top-p): temperature 0 is greedy
// (argmax, the first of equal maxima); otherwise softmax(logits / T) sampled with run.c's
// xorshift64* generator seeded with `seed`, so a seed gives the same tokens as run.c.
#include <cstdint>

namespace fineq {

class Sampler {
 public:
  // Throws std::invalid_argument for a negative or non-finite temperature or seed 0 (the
  // xorshift state would stay 0).
  Sampler(float temperature, std::uint64_t seed);

  // Picks a token id from `vocab` logits (which it may overwrite).
  std::uint32_t sample(float* logits, std::uint32_t vocab);

  float temperature() const { return temperature_; }

 private:
  float random_unit();  // uniform in [0, 1), run.c's random_f32

  float temperature_;
  std::uint64_t state_;
};

// Index of the largest value, the first of equal maxima.
std::uint32_t argmax(const float* values, std::uint32_t count);

}  // namespace fineq
