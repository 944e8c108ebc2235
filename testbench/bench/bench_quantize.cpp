// Quantizer throughput on a 4096 x 4096 LLM-like FP32 matrix with 16 clipping ratios:
// FineQ (min-error and paper rules) next to plain RTN INT4 with the same search, in
// weights per second, on one thread (Arg 1) and on all cores (Arg 0). Also FineQ with error
// feedback and GPTQ INT3 with a given H (factorization included), in seconds on one thread,
// next to plain FineQ min-error in the same run.
#include <benchmark/benchmark.h>

#include <random>

#include "quantizer.hpp"
#include "row_parallel.hpp"
#include "synthetic.hpp"

namespace {

constexpr std::uint32_t kRows = 4096;
constexpr std::uint32_t kCols = 4096;

const std::vector<float>& weights() {
  static const std::vector<float> values = fineq::make_llm_like_weights(kRows, kCols, 2025);
  return values;
}

// H = X^T X of 512 correlated inputs (8 latent factors plus noise), like a layer's inputs;
// rank-deficient on purpose, so the 1 % damping is what makes it invertible.
const fineq::LayerHessian& hessian() {
  static const fineq::LayerHessian h = [] {
    std::mt19937_64 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    constexpr std::uint32_t kInputs = 512, kFactors = 8;
    std::vector<float> mixing(kFactors * kCols);
    for (float& m : mixing) m = normal(rng);
    std::vector<float> x(static_cast<std::size_t>(kInputs) * kCols);
    for (std::uint32_t t = 0; t < kInputs; ++t) {
      float latent[kFactors];
      for (float& l : latent) l = normal(rng);
      for (std::uint32_t k = 0; k < kCols; ++k) {
        float value = 0.3f * normal(rng);
        for (std::uint32_t f = 0; f < kFactors; ++f) value += latent[f] * mixing[f * kCols + k];
        x[static_cast<std::size_t>(t) * kCols + k] = value;
      }
    }
    fineq::LayerHessian result(kCols);
    result.add_inputs(x.data(), kInputs);
    return result;
  }();
  return h;
}

void run(benchmark::State& state, fineq::QuantizerConfig config) {
  config.clip_ratios = fineq::linspace_ratios(0.3, 1.0, 16);
  config.threads = static_cast<unsigned>(state.range(0));
  const std::vector<float>& w = weights();
  const fineq::LayerHessian* h = fineq::needs_calibration(config.method) ? &hessian() : nullptr;
  for (auto _ : state) {
    fineq::QuantizedMatrix q = fineq::quantize_matrix("bench", kRows, kCols, w.data(), config, h);
    benchmark::DoNotOptimize(q.payload.data());
  }
  state.counters["threads"] = fineq::resolve_thread_count(config.threads);
  state.counters["weights_per_second"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * kRows * kCols, benchmark::Counter::kIsRate);
}

void BM_RtnInt4(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.method = fineq::QuantMethod::Rtn;
  config.bits = 4;
  run(state, config);
}

void BM_FineqMinError(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.rule = fineq::ClusterRule::MinError;
  run(state, config);
}

void BM_FineqPaper(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.rule = fineq::ClusterRule::Paper;
  run(state, config);
}

// A non-contiguous codebook takes the general (slower) rounding path.
void BM_FineqMinErrorSymmetricCodebook(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.rule = fineq::ClusterRule::MinError;
  config.codebook = fineq::Codebook::symmetric_codebook();
  run(state, config);
}

void BM_FineqErrorFeedbackMinError(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.method = fineq::QuantMethod::FineqEf;
  config.rule = fineq::ClusterRule::MinError;
  run(state, config);
}

void BM_GptqInt3(benchmark::State& state) {
  fineq::QuantizerConfig config;
  config.method = fineq::QuantMethod::Gptq;
  config.bits = 3;
  run(state, config);
}

}  // namespace

// One thread: the rate is per CPU second of that thread (robust on a shared machine).
// All cores: per wall-clock second (the main thread's CPU time says nothing there).
BENCHMARK(BM_RtnInt4)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RtnInt4)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FineqMinError)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FineqMinError)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FineqPaper)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FineqPaper)->Arg(0)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FineqMinErrorSymmetricCodebook)->Arg(1)->Unit(benchmark::kMillisecond);
// Error feedback: seconds per 4096 x 4096 layer (H given, its factorization included).
BENCHMARK(BM_FineqErrorFeedbackMinError)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_GptqInt3)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond);

BENCHMARK_MAIN();
