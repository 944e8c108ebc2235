#pragma once
// The token sequences a model is evaluated on: consecutive held-out windows, or sequences
// sampled from the FP32 model. Each sequence has length + 1 tokens: the model reads the
// first `length` and is scored on predicting tokens 1..length.
#include <cstdint>
#include <string>
#include <vector>

#include "llama2c_checkpoint.hpp"

namespace fineq {

struct EvaluationSet {
  std::vector<std::vector<std::uint32_t>> sequences;
  std::string description;  // for reports, e.g. "en5M.heldout.u16: 16 windows of 257 tokens"

  std::uint64_t scored_tokens() const;
};

// Windows w = 0..windows-1 of `length + 1` consecutive ids from a uint16 little-endian file
// (tokens [w*(length+1), (w+1)*(length+1))). Throws std::runtime_error naming the file for an
// odd byte count, an id >= vocab_size (with its index), or too few tokens for the windows.
EvaluationSet load_heldout_windows(const std::string& path, std::uint32_t vocab_size, std::uint32_t length,
                                   std::uint32_t windows);

// `count` sequences sampled from the FP32 model at temperature 1 (run.c's sampler), sequence
// i from BOS with seed `seed + i`; a BOS the model emits stays in (it starts a new paragraph).
EvaluationSet sample_sequences(const Llama2cCheckpoint& checkpoint, std::uint32_t count, std::uint32_t length,
                               std::uint64_t seed);

}  // namespace fineq
