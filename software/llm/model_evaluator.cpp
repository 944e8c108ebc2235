#include "model_evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "fp32_linear_layers.hpp"
#include "row_parallel.hpp"
#include "sampler.hpp"
#include "transformer.hpp"

namespace fineq {

namespace {
// log-softmax of one row, in double for the sums, stored as float.
void log_softmax(const float* logits, std::uint32_t vocab, float* out) {
  const float max_value = *std::max_element(logits, logits + vocab);
  double sum = 0.0;
  for (std::uint32_t v = 0; v < vocab; ++v) sum += std::exp(double(logits[v]) - max_value);
  const double log_sum = std::log(sum) + max_value;
  for (std::uint32_t v = 0; v < vocab; ++v) out[v] = static_cast<float>(logits[v] - log_sum);
}

// Per-sequence sums, added up in sequence order so the result does not depend on threads.
struct Partial {
  double nll = 0.0, kl = 0.0;
  std::uint64_t agree = 0, tokens = 0;
};

EvaluationScore total(const std::vector<Partial>& partials) {
  Partial sum;
  for (const Partial& p : partials) {
    sum.nll += p.nll;
    sum.kl += p.kl;
    sum.agree += p.agree;
    sum.tokens += p.tokens;
  }
  EvaluationScore score;
  score.tokens = sum.tokens;
  score.perplexity = std::exp(sum.nll / double(sum.tokens));
  score.kl_vs_fp32 = sum.kl / double(sum.tokens);
  score.top1_agreement = double(sum.agree) / double(sum.tokens);
  return score;
}
}  // namespace

ModelEvaluator::ModelEvaluator(const Llama2cCheckpoint& checkpoint, const EvaluationSet& set, unsigned threads)
    : checkpoint_(checkpoint), set_(set), threads_(resolve_thread_count(threads)) {
  const std::uint32_t vocab = checkpoint.config.vocab_size;
  reference_log_probs_.resize(set.sequences.size());
  reference_top1_.resize(set.sequences.size());
  std::vector<Partial> partials(set.sequences.size());
  Fp32LinearLayers fp32(checkpoint);
  run(fp32,
      [&](std::size_t s, const std::vector<float>& logits) {
        const std::vector<std::uint32_t>& tokens = set.sequences[s];
        const std::uint32_t length = static_cast<std::uint32_t>(tokens.size() - 1);
        std::vector<float>& log_probs = reference_log_probs_[s];
        log_probs.resize(std::size_t(length) * vocab);
        for (std::uint32_t i = 0; i < length; ++i) {
          float* row = log_probs.data() + std::size_t(i) * vocab;
          log_softmax(logits.data() + std::size_t(i) * vocab, vocab, row);
          reference_top1_[s].push_back(argmax(logits.data() + std::size_t(i) * vocab, vocab));
          partials[s].nll -= row[tokens[i + 1]];
        }
        partials[s].agree = length;
        partials[s].tokens = length;
      },
      {});
  fp32_score_ = total(partials);
}

void ModelEvaluator::run(LinearLayers& linears,
                         const std::function<void(std::size_t, const std::vector<float>&)>& score,
                         const std::function<void(std::size_t, std::size_t)>& on_sequence_done) const {
  const std::size_t count = set_.sequences.size();
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress;
  std::vector<std::exception_ptr> errors(count);
  auto work = [&] {
    Transformer transformer(checkpoint_, linears);
    for (std::size_t s = next++; s < count; s = next++) {
      try {
        const std::vector<std::uint32_t>& tokens = set_.sequences[s];
        score(s, transformer.forward(tokens.data(), static_cast<std::uint32_t>(tokens.size() - 1), 0));
      } catch (...) {
        errors[s] = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(progress);
      ++done;
      if (on_sequence_done) on_sequence_done(done, count);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<std::size_t>(threads_, count); ++t) pool.emplace_back(work);
  work();
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

EvaluationScore ModelEvaluator::evaluate(LinearLayers& linears,
                                         const std::function<void(std::size_t, std::size_t)>& on_sequence_done) const {
  const std::uint32_t vocab = checkpoint_.config.vocab_size;
  std::vector<Partial> partials(set_.sequences.size());
  run(linears,
      [&](std::size_t s, const std::vector<float>& logits) {
        const std::vector<std::uint32_t>& tokens = set_.sequences[s];
        const std::uint32_t length = static_cast<std::uint32_t>(tokens.size() - 1);
        std::vector<float> row(vocab);
        for (std::uint32_t i = 0; i < length; ++i) {
          const float* method_logits = logits.data() + std::size_t(i) * vocab;
          log_softmax(method_logits, vocab, row.data());
          const float* reference = reference_log_probs_[s].data() + std::size_t(i) * vocab;
          double kl = 0.0;
          for (std::uint32_t v = 0; v < vocab; ++v) {
            kl += std::exp(double(reference[v])) * (double(reference[v]) - row[v]);
          }
          partials[s].kl += kl;
          partials[s].nll -= row[tokens[i + 1]];
          partials[s].agree += argmax(method_logits, vocab) == reference_top1_[s][i];
        }
        partials[s].tokens = length;
      },
      on_sequence_done);
  return total(partials);
}

}  // namespace fineq
