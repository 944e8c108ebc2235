// The Llama operators on cases derived by hand (values in the comments), and their invariants.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "llama_operators.hpp"
#include "sampler.hpp"

using namespace fineq;

TEST(LlmOperators, RmsnormOfThreeFour) {
  // mean(x^2) = (9 + 16) / 2 = 12.5, so out = w * x / sqrt(12.5 + 1e-5).
  const float x[2] = {3.0f, 4.0f}, w[2] = {1.0f, 2.0f};
  float out[2];
  rmsnorm(out, x, w, 2);
  const double inverse = 1.0 / std::sqrt(12.50001);
  EXPECT_NEAR(out[0], 3.0 * inverse, 1e-6);
  EXPECT_NEAR(out[1], 8.0 * inverse, 1e-6);
}

TEST(LlmOperators, RmsnormInPlace) {
  float x[4] = {2.0f, -2.0f, 2.0f, -2.0f};  // mean(x^2) = 4
  const float w[4] = {1.0f, 1.0f, 1.0f, 1.0f};
  rmsnorm(x, x, w, 4);
  EXPECT_NEAR(x[0], 2.0 / std::sqrt(4.00001), 1e-6);
  EXPECT_NEAR(x[1], -2.0 / std::sqrt(4.00001), 1e-6);
}

TEST(LlmOperators, SoftmaxOfZeroAndLogThree) {
  float x[2] = {0.0f, std::log(3.0f)};  // e^0 : e^ln3 = 1 : 3
  softmax(x, 2);
  EXPECT_NEAR(x[0], 0.25, 1e-6);
  EXPECT_NEAR(x[1], 0.75, 1e-6);
}

TEST(LlmOperators, SoftmaxOfLargeEqualValuesDoesNotOverflow) {
  float x[3] = {1000.0f, 1000.0f, -1000.0f};
  softmax(x, 3);
  EXPECT_NEAR(x[0], 0.5, 1e-6);
  EXPECT_NEAR(x[1], 0.5, 1e-6);
  EXPECT_EQ(x[2], 0.0f);
}

TEST(LlmOperators, RopeRotatesEachPairByItsAngle) {
  // Pair 0 by 90 degrees: (1, 0) -> (0, 1). Pair 1 by 60 degrees: (0, 2) -> (-2 sin60, 2 cos60).
  float v[4] = {1.0f, 0.0f, 0.0f, 2.0f};
  const float cos_row[2] = {0.0f, 0.5f}, sin_row[2] = {1.0f, std::sqrt(3.0f) / 2};
  rope_rotate(v, 1, 4, cos_row, sin_row);
  EXPECT_NEAR(v[0], 0.0, 1e-7);
  EXPECT_NEAR(v[1], 1.0, 1e-7);
  EXPECT_NEAR(v[2], -std::sqrt(3.0), 1e-6);
  EXPECT_NEAR(v[3], 1.0, 1e-6);
}

TEST(LlmOperators, RopeKeepsTheNormOfEveryHead) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  std::uniform_real_distribution<float> angle(-3.14159f, 3.14159f);
  const std::uint32_t heads = 3, head_size = 8;
  std::vector<float> v(heads * head_size), cos_row(head_size / 2), sin_row(head_size / 2);
  for (float& value : v) value = normal(rng);
  for (std::uint32_t i = 0; i < head_size / 2; ++i) {
    const float a = angle(rng);
    cos_row[i] = std::cos(a);
    sin_row[i] = std::sin(a);
  }
  std::vector<float> rotated = v;
  rope_rotate(rotated.data(), heads, head_size, cos_row.data(), sin_row.data());
  for (std::uint32_t h = 0; h < heads; ++h) {
    double before = 0, after = 0;
    for (std::uint32_t i = 0; i < head_size; ++i) {
      before += double(v[h * head_size + i]) * v[h * head_size + i];
      after += double(rotated[h * head_size + i]) * rotated[h * head_size + i];
    }
    EXPECT_NEAR(after, before, 1e-5 * before) << "head " << h;
    EXPECT_NE(rotated[h * head_size], v[h * head_size]);
  }
}

TEST(LlmOperators, AttentionOverOnePositionReturnsV) {
  const float q[3] = {5.0f, -1.0f, 2.0f}, k[3] = {0.3f, 0.7f, -9.0f}, v[3] = {1.5f, -2.5f, 4.0f};
  float scores[1], out[3];
  attention_head(q, k, v, 1, 3, 3, scores, out);
  EXPECT_EQ(scores[0], 1.0f);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(out[i], v[i]);
}

TEST(LlmOperators, AttentionOverTwoPositionsWeighsByScaledScores) {
  // head_size 2, scale 1/sqrt(2): k1 = (sqrt(2) ln 3, 0) gives scores 0 and ln 3 for q = (1, 0),
  // probabilities 1/4 and 3/4, out = 1/4 (4, 0) + 3/4 (0, 8) = (1, 6).
  const float q[2] = {1.0f, 0.0f};
  const float ln3 = std::log(3.0f);
  // keys/values of positions 0 and 1 with a stride of 3 (one unused float between them).
  const float keys[5] = {0.0f, 0.0f, 99.0f, std::sqrt(2.0f) * ln3, 0.0f};
  const float values[5] = {4.0f, 0.0f, 99.0f, 0.0f, 8.0f};
  float scores[2], out[2];
  attention_head(q, keys, values, 2, 3, 2, scores, out);
  EXPECT_NEAR(scores[0], 0.25, 1e-6);
  EXPECT_NEAR(scores[1], 0.75, 1e-6);
  EXPECT_NEAR(out[0], 1.0, 1e-5);
  EXPECT_NEAR(out[1], 6.0, 1e-5);
}

TEST(LlmOperators, AttentionOverThreeEqualScoresAveragesValues) {
  const float q[2] = {0.0f, 0.0f};  // every score 0
  const float keys[6] = {1, 2, 3, 4, 5, 6}, values[6] = {3, 0, 6, 3, 0, 9};
  float scores[3], out[2];
  attention_head(q, keys, values, 3, 2, 2, scores, out);
  EXPECT_NEAR(out[0], 3.0, 1e-6);
  EXPECT_NEAR(out[1], 4.0, 1e-6);
}

TEST(LlmOperators, SwigluOfZeroAndLogThree) {
  // silu(0) = 0; silu(ln 3) = ln 3 / (1 + 1/3) = 0.75 ln 3; times up = 2 gives 1.5 ln 3.
  float gate[3] = {0.0f, std::log(3.0f), -50.0f};
  const float up[3] = {7.0f, 2.0f, 1.0f};
  swiglu(gate, up, 3);
  EXPECT_EQ(gate[0], 0.0f);
  EXPECT_NEAR(gate[1], 1.5 * std::log(3.0), 1e-6);
  EXPECT_NEAR(gate[2], 0.0, 1e-15);
}

TEST(LlmOperators, MatmulCoversLanesAndTail) {
  // K = 10 (one block of 8 lanes and a tail of 2). Row 0 of W is all ones: 1+...+10 = 55;
  // row 1 alternates +1/-1: (1-2)+(3-4)+...+(9-10) = -5. Second token x = 2: 110 and -10.
  std::vector<float> x(20), w(20);
  for (int k = 0; k < 10; ++k) {
    x[k] = float(k + 1);
    x[10 + k] = 2.0f * float(k + 1);
    w[k] = 1.0f;
    w[10 + k] = (k % 2 == 0) ? 1.0f : -1.0f;
  }
  float y[4];
  matmul_fp32(x.data(), 2, 10, w.data(), 2, y);
  EXPECT_EQ(y[0], 55.0f);
  EXPECT_EQ(y[1], -5.0f);
  EXPECT_EQ(y[2], 110.0f);
  EXPECT_EQ(y[3], -10.0f);
}

TEST(LlmSampler, GreedyTakesTheFirstMaximum) {
  float logits[4] = {0.5f, 2.0f, 2.0f, -1.0f};
  Sampler greedy(0.0f, 1);
  EXPECT_EQ(greedy.sample(logits, 4), 1u);
}

TEST(LlmSampler, TemperatureSamplingFollowsTheDistribution) {
  // logits ln1, ln3 at T = 1: token 1 with probability 3/4; 4000 draws, 3 sigma ~ 0.02.
  Sampler sampler(1.0f, 42);
  int ones = 0;
  for (int i = 0; i < 4000; ++i) {
    float logits[2] = {0.0f, std::log(3.0f)};
    ones += sampler.sample(logits, 2) == 1u;
  }
  EXPECT_NEAR(ones / 4000.0, 0.75, 0.025);
}

TEST(LlmSampler, SameSeedSameTokensOtherSeedOtherTokens) {
  auto draw = [](std::uint64_t seed) {
    Sampler sampler(0.8f, seed);
    std::vector<std::uint32_t> tokens;
    for (int i = 0; i < 64; ++i) {
      float logits[8] = {0, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f};
      tokens.push_back(sampler.sample(logits, 8));
    }
    return tokens;
  };
  EXPECT_EQ(draw(5), draw(5));
  EXPECT_NE(draw(5), draw(6));
}

TEST(LlmSampler, RejectsNegativeOrNanTemperatureAndSeedZero) {
  EXPECT_THROW(Sampler(-0.1f, 1), std::invalid_argument);
  EXPECT_THROW(Sampler(std::nanf(""), 1), std::invalid_argument);
  EXPECT_THROW(Sampler(1.0f, 0), std::invalid_argument);
}
