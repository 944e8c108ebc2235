// The FP32 forward pass on the real checkpoints in ../shared/models, against figures that do
// not come from this code: the greedy token ids that the models README gives for en5M.
#include <gtest/gtest.h>

#include <vector>

#include "fp32_linear_layers.hpp"
#include "generation.hpp"
#include "shared_model.hpp"

using namespace fineq;

TEST(LlmRealModels, En5mGreedyFromBosMatchesTheModelsReadme) {
  REQUIRE_SHARED_MODEL(path, "en5M.bin");
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(path);
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  Sampler greedy(0.0f, 1);
  const std::vector<std::uint32_t> tokens = generate_tokens(transformer, greedy, {kBosToken}, 10);
  const std::vector<std::uint32_t> expected = {3844, 3903, 3855, 411, 835, 261, 277, 553, 517, 303};
  EXPECT_EQ(tokens, expected);
}
