// The forward pass on tiny checkpoints written by the test, against the independent
// double-precision oracle of tiny_llama.hpp; batching; generation; the observer hook.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fp32_linear_layers.hpp"
#include "generation.hpp"
#include "tiny_llama.hpp"

using namespace fineq;
using fineq::test::TinyLlama;

namespace {

void expect_logits_match(const TinyLlama& tiny, const std::string& name) {
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write(name));
  Fp32LinearLayers linears(checkpoint);
  const std::vector<std::uint32_t> tokens = {1, 7, 3, 10, 0};
  const auto oracle = tiny.oracle_logits(tokens);

  Transformer one_at_a_time(checkpoint, linears);
  for (std::uint32_t pos = 0; pos < tokens.size(); ++pos) {
    const std::vector<float>& logits = one_at_a_time.forward(&tokens[pos], 1, pos);
    for (std::int32_t v = 0; v < tiny.vocab; ++v) {
      EXPECT_NEAR(logits[v], oracle[pos][v], 1e-4) << "position " << pos << " token " << v;
    }
  }
  // The same tokens as a prompt of 2 and a batch of 3 give the same logits.
  Transformer batched(checkpoint, linears);
  batched.forward(tokens.data(), 2, 0);
  const std::vector<float>& logits = batched.forward(tokens.data() + 2, 3, 2);
  for (std::uint32_t i = 0; i < 3; ++i) {
    for (std::int32_t v = 0; v < tiny.vocab; ++v) {
      EXPECT_NEAR(logits[i * tiny.vocab + v], oracle[2 + i][v], 1e-4) << "batch row " << i;
    }
  }
}

}  // namespace

TEST(LlmTransformer, SharedClassifierGqaMatchesTheOracle) {
  TinyLlama tiny;  // 4 heads sharing 2 KV heads
  tiny.randomize(1);
  expect_logits_match(tiny, "tiny_shared.bin");
}

TEST(LlmTransformer, SeparateClassifierMultiHeadMatchesTheOracle) {
  TinyLlama tiny;
  tiny.shared_classifier = false;
  tiny.kv_heads = 4;  // plain multi-head attention
  tiny.randomize(2);
  expect_logits_match(tiny, "tiny_separate.bin");
}

TEST(LlmTransformer, ZeroBlocksLeaveTheEmbeddingToTheClassifier) {
  // With wo = w2 = 0 the blocks add nothing: logits = E * rmsnorm(E[t]) with E = 2 * identity
  // (dim = vocab = 4, unit gains): rmsnorm(2 e_t) = 2 e_t / sqrt(1 + 1e-5), logits 4/sqrt(1+1e-5) at t.
  TinyLlama tiny;
  tiny.dim = 4, tiny.hidden = 4, tiny.layers = 1, tiny.heads = 2, tiny.kv_heads = 1, tiny.vocab = 4;
  tiny.randomize(3);
  std::fill(tiny.wo.begin(), tiny.wo.end(), 0.0f);
  std::fill(tiny.w2.begin(), tiny.w2.end(), 0.0f);
  std::fill(tiny.rms_final.begin(), tiny.rms_final.end(), 1.0f);
  std::fill(tiny.embedding.begin(), tiny.embedding.end(), 0.0f);
  for (int t = 0; t < 4; ++t) tiny.embedding[t * 4 + t] = 2.0f;
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write("tiny_zero.bin"));
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  const std::uint32_t token = 2;
  const std::vector<float>& logits = transformer.forward(&token, 1, 0);
  for (int v = 0; v < 4; ++v) EXPECT_NEAR(logits[v], v == 2 ? 4.0 / std::sqrt(1.00001) : 0.0, 1e-6);
}

TEST(LlmTransformer, ObserverSeesEveryLinearInputInOrder) {
  TinyLlama tiny;
  tiny.randomize(4);
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write("tiny_observer.bin"));
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  struct Recorder : LinearInputObserver {
    std::vector<std::string> calls;
    void observe(std::uint32_t layer, LinearKind kind, const float*, std::uint32_t m, std::uint32_t k) override {
      calls.push_back(std::to_string(layer) + linear_kind_name(kind) + "/" + std::to_string(m) + "x" + std::to_string(k));
    }
  } recorder;
  transformer.set_observer(&recorder);
  const std::uint32_t tokens[3] = {1, 2, 3};
  transformer.forward(tokens, 3, 0);
  const std::vector<std::string> expected = {
      "0wq/3x8", "0wk/3x8", "0wv/3x8", "0wo/3x8", "0w1/3x8", "0w3/3x8", "0w2/3x12",
      "1wq/3x8", "1wk/3x8", "1wv/3x8", "1wo/3x8", "1w1/3x8", "1w3/3x8", "1w2/3x12"};
  EXPECT_EQ(recorder.calls, expected);
}

TEST(LlmTransformer, GreedyGenerationFollowsTheOraclesArgmax) {
  TinyLlama tiny;
  tiny.randomize(5, 0.8f);
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write("tiny_generate.bin"));
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  Sampler greedy(0.0f, 1);
  std::vector<std::uint32_t> positions;
  const std::vector<std::uint32_t> generated = generate_tokens(
      transformer, greedy, {1, 4}, 5, [&](const GenerationStep& step) { positions.push_back(step.position); });
  // Each token is the oracle's argmax after the sequence so far (BOS would stop generation).
  std::vector<std::uint32_t> sequence = {1, 4};
  for (std::uint32_t token : generated) {
    const std::vector<double> last = tiny.oracle_logits(sequence).back();
    const auto best = std::uint32_t(std::max_element(last.begin(), last.end()) - last.begin());
    EXPECT_EQ(token, best);
    sequence.push_back(token);
  }
  if (generated.size() < 5) {
    const std::vector<double> last = tiny.oracle_logits(sequence).back();
    EXPECT_EQ(std::max_element(last.begin(), last.end()) - last.begin(), 1) << "stopped without BOS";
  }
  EXPECT_EQ(positions.size(), generated.size());
  if (!positions.empty()) {
    EXPECT_EQ(positions[0], 2u);
  }
}

TEST(LlmTransformer, RejectsStepsBeyondSeqLenAndBadTokens) {
  TinyLlama tiny;  // seq_len 6
  tiny.randomize(6);
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write("tiny_limits.bin"));
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  Sampler greedy(0.0f, 1);
  EXPECT_THROW(generate_tokens(transformer, greedy, {1}, 0), std::invalid_argument);
  EXPECT_THROW(generate_tokens(transformer, greedy, {1, 2}, 6), std::invalid_argument);  // 2 + 6 - 1 > 6
  const std::uint32_t bad = 11;
  EXPECT_THROW(transformer.forward(&bad, 1, 0), std::out_of_range);
  const std::uint32_t ok = 3;
  EXPECT_THROW(transformer.forward(&ok, 1, 6), std::out_of_range);
}
