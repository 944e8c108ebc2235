// Whole networks (docs/network.md):
// * BM_EstimateLlama2_7b: the timing-only estimate (`fineq network --functional off`) of
//   sweeps/topologies/llama2-7b.json, 450 layers (prefill M = 512 and decode M = 1), 32 x 32
//   temporal PE. Timed: generating and quantizing the weights (five distinct matrices, shared
//   by the layers of the same shape), their fold statistics, and the estimate of every layer;
//   `estimate_s` is the estimates alone.
// * BM_DecoderBlockSimulated: one decoder block of it (wq, wk, wv, wo, w1, w2, w3 of block 0)
//   fully simulated on the platform (fast mode) with M = state.range(0) tokens, each layer then
//   verified against the golden GEMM (untimed); next to the golden GEMM (activation
//   quantization + golden_gemm) on the same data in the same run: `sim_over_golden`.
#include <benchmark/benchmark.h>

#include <chrono>

#include "golden.hpp"
#include "layer_estimator.hpp"
#include "layer_weights.hpp"
#include "platform.hpp"
#include "synthetic.hpp"
#include "topology.hpp"

namespace {
const std::string kTopology = std::string(FINEQ_SOURCE_DIR) + "/sweeps/topologies/llama2-7b.json";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

fineq::QuantizerConfig fineq_quantizer() {
  fineq::QuantizerConfig quantizer;
  quantizer.threads = 0;
  return quantizer;
}

void BM_EstimateLlama2_7b(benchmark::State& state) {
  const fineq::Topology topology = fineq::read_topology(kTopology);
  const fineq::AcceleratorConfig config;
  double estimate_seconds = 0.0;
  std::uint64_t cycles = 0;
  for (auto _ : state) {
    fineq::LayerWeightSource weights(config, fineq_quantizer(), 1, topology.layers);
    estimate_seconds = 0.0;
    cycles = 0;
    for (std::size_t i = 0; i < topology.layers.size(); ++i) {
      const auto layer_weights = weights.weights_for(i);
      const auto start = std::chrono::steady_clock::now();
      const fineq::LayerEstimate estimate =
          fineq::estimate_layer(config, layer_weights->matrix, topology.layers[i].m, layer_weights->stats);
      estimate_seconds += seconds_since(start);
      cycles += estimate.counts.cycles.total;
    }
  }
  state.counters["layers"] = static_cast<double>(topology.layers.size());
  state.counters["estimate_s"] = estimate_seconds;
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
}

void BM_DecoderBlockSimulated(benchmark::State& state) {
  const auto m = static_cast<std::uint32_t>(state.range(0));
  fineq::Topology topology = fineq::read_topology(kTopology);
  std::vector<fineq::TopologyLayer> block;
  for (fineq::TopologyLayer layer : topology.layers) {
    if (layer.name.rfind("prefill.layers.0.", 0) != 0) continue;
    layer.m = m;
    block.push_back(layer);
  }
  fineq::AcceleratorConfig config;
  fineq::LayerWeightSource source(config, fineq_quantizer(), 1, block);
  std::vector<fineq::SimulationJob> jobs;
  for (std::size_t i = 0; i < block.size(); ++i) {
    fineq::SimulationJob job;
    job.config = config;
    job.weights = source.weights_for(i)->matrix;
    job.m = m;
    job.activations = fineq::make_llm_like_activations(m, block[i].k, 2);
    job.verify = false;
    jobs.push_back(std::move(job));
  }
  double simulate_seconds = 0.0;
  double golden_seconds = 0.0;
  std::uint64_t macs = 0;
  for (auto _ : state) {
    for (const fineq::SimulationJob& job : jobs) {
      auto start = std::chrono::steady_clock::now();
      const fineq::SimulationResult result = fineq::run_simulation(job);
      simulate_seconds += seconds_since(start);
      start = std::chrono::steady_clock::now();
      const fineq::Int8Activations x = fineq::quantize_activations(job.activations, job.m, job.weights.cols);
      const std::vector<float> golden = fineq::golden_gemm(x, job.weights);
      golden_seconds += seconds_since(start);
      if (!result.completed || result.y != golden) {
        state.SkipWithError("a layer is not bit-exact");
        return;
      }
      macs += result.activity.macs;
    }
  }
  state.counters["block_sim_s"] = simulate_seconds / static_cast<double>(state.iterations());
  state.counters["sim_MACs_per_s"] = static_cast<double>(macs) / simulate_seconds;
  state.counters["golden_MACs_per_s"] = static_cast<double>(macs) / golden_seconds;
  state.counters["sim_over_golden"] = golden_seconds / simulate_seconds;
  state.SetLabel("LLaMA-2-7B block 0, M=" + std::to_string(m) + ", bit-exact");
}
}  // namespace

BENCHMARK(BM_EstimateLlama2_7b)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_DecoderBlockSimulated)->Arg(1)->Arg(16)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// libsystemc provides main() and calls sc_main; the benchmarks run inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
