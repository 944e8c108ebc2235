#pragma once
// Scores a model's linear-layer back end on an EvaluationSet against the FP32 model:
// perplexity on the sequences' next tokens, mean per-token KL divergence KL(p_fp32 || p_method)
// of the next-token distributions, and how often both pick the same most likely token.
// Sequences run in parallel threads, each as one batch (positions 0..length-1).
#include <cstdint>
#include <functional>
#include <vector>

#include "evaluation_set.hpp"
#include "linear_layers.hpp"

namespace fineq {

struct EvaluationScore {
  double perplexity = 0.0;      // exp(mean negative log-likelihood, nats)
  double kl_vs_fp32 = 0.0;      // mean over positions, nats
  double top1_agreement = 0.0;  // share of positions whose argmax equals FP32's
  std::uint64_t tokens = 0;     // positions scored
};

class ModelEvaluator {
 public:
  // Runs the FP32 reference over the set once (kept as log-probabilities). `threads`: 0 = all
  // cores. The checkpoint and the set must outlive this object.
  ModelEvaluator(const Llama2cCheckpoint& checkpoint, const EvaluationSet& set, unsigned threads);

  // `linears` must be safe to call from several threads at once (the FP32, dequantized and
  // integer back ends are). on_sequence_done(done, total) reports progress.
  EvaluationScore evaluate(LinearLayers& linears,
                           const std::function<void(std::size_t, std::size_t)>& on_sequence_done = {}) const;

  const EvaluationScore& fp32_score() const { return fp32_score_; }

 private:
  // Calls score(sequence index, logits) for every sequence, on the worker threads.
  void run(LinearLayers& linears, const std::function<void(std::size_t, const std::vector<float>&)>& score,
           const std::function<void(std::size_t, std::size_t)>& on_sequence_done) const;

  const Llama2cCheckpoint& checkpoint_;
  const EvaluationSet& set_;
  unsigned threads_;
  std::vector<std::vector<float>> reference_log_probs_;  // per sequence: length x vocab
  std::vector<std::vector<std::uint32_t>> reference_top1_;
  EvaluationScore fp32_score_;
};

}  // namespace fineq
