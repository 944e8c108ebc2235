#pragma once
// Which tokens calibrate the quantizers. With a token file (e.g. en5M.heldout.u16): its
// LAST `count` tokens, so that evaluation on the file's first windows never sees them.
// Without one: sequences sampled from the FP32 model at temperature 1 with a seed.
#include <cstdint>
#include <string>
#include <vector>

#include "llama2c_checkpoint.hpp"

namespace fineq {

// Consecutive windows of `window` tokens (the last one may be shorter), each run from
// position 0 by the forward pass.
using TokenSequences = std::vector<std::vector<std::uint32_t>>;

// The last `count` tokens of a little-endian uint16 token file, cut into windows. Throws
// std::runtime_error naming the file for a missing file, an odd byte count, a token id >=
// vocab_size, or fewer than `count` tokens.
TokenSequences calibration_tokens_from_file(const std::string& path, std::uint32_t vocab_size,
                                            std::uint64_t count, std::uint32_t window);

// `count` tokens sampled from the FP32 model (temperature 1, run.c's sampler seeded with
// `seed`), in sequences of `window` tokens each starting from BOS.
TokenSequences sampled_calibration_tokens(const Llama2cCheckpoint& checkpoint, std::uint64_t count,
                                          std::uint32_t window, std::uint64_t seed);

std::uint64_t token_count(const TokenSequences& sequences);

}  // namespace fineq
