// The FP32 forward pass on the real checkpoints in ../shared/models, against figures that do
// not come from this code: the greedy token ids that the models README gives for en5M.
#include <gtest/gtest.h>

#include <vector>

#include "fp32_linear_layers.hpp"
#include "expect_contains.hpp"
#include "generation.hpp"
#include "shared_model.hpp"
#include "tokenizer.hpp"

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

TEST(LlmRealModels, En5mTokenizerDecodesTheReadmeText) {
  REQUIRE_SHARED_MODEL(path, "en5M.tokenizer.bin");
  const Tokenizer tokenizer = Tokenizer::load(path, 4096);
  const std::vector<std::uint32_t> ids = {3844, 3903, 3855, 411, 835, 261, 277, 553, 517, 303};
  std::string text;
  std::uint32_t previous = kBosToken;
  for (std::uint32_t id : ids) {
    text += tokenizer.decode(previous, id);
    previous = id;
  }
  // The models README: greedy generation starts " 2. To make a foolish or foolish manner; ..."
  // (the leading space is dropped after BOS, as run.c prints it).
  const std::string readme = "2. To make a foolish or foolish manner; to make a foolish";
  ASSERT_GE(text.size(), 10u);
  EXPECT_EQ(readme.substr(0, text.size()), text);
  // Encoding the decoded text and decoding again gives the text back.
  const std::vector<std::uint32_t> encoded = tokenizer.encode(text, true);
  std::string round_trip;
  previous = kBosToken;
  for (std::size_t i = 1; i < encoded.size(); ++i) {
    round_trip += tokenizer.decode(previous, encoded[i]);
    previous = encoded[i];
  }
  EXPECT_EQ(round_trip, text);
  EXPECT_CONTAINS(
      [&] {
        try {
          Tokenizer::load(path, 512);
        } catch (const std::runtime_error& e) {
          return std::string(e.what());
        }
        return std::string();
      }(),
      "do not match");
}
