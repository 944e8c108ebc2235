#pragma once
// Seeded, LLM-like data for demos, tests and benchmarks (no model files needed):
// weights with a Gaussian bulk, rows of varying spread and heavy tails, and a few outlier
// input channels; activations with a few large-magnitude channels, as in real LLMs.
#include <cstdint>
#include <vector>

namespace fineq {

std::vector<float> make_llm_like_weights(std::uint32_t rows, std::uint32_t cols, std::uint64_t seed);
std::vector<float> make_llm_like_activations(std::uint32_t rows, std::uint32_t cols,
                                             std::uint64_t seed);

}  // namespace fineq
