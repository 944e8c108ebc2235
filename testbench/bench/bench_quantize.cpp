// Quantizer throughput on a 4096 x 4096 LLM-like FP32 matrix with 16 clipping ratios:
// FineQ (min-error and paper rules) next to plain RTN INT4 with the same search, in
// weights per second, on one thread (Arg 1) and on all cores (Arg 0).
#include <benchmark/benchmark.h>

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

void run(benchmark::State& state, fineq::QuantizerConfig config) {
  config.clip_ratios = fineq::linspace_ratios(0.3, 1.0, 16);
  config.threads = static_cast<unsigned>(state.range(0));
  const std::vector<float>& w = weights();
  for (auto _ : state) {
    fineq::QuantizedMatrix q = fineq::quantize_matrix("bench", kRows, kCols, w.data(), config);
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

BENCHMARK_MAIN();
