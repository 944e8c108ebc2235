// Speed of the fast loosely-timed mode: simulated MACs per wall-clock second for a 4096 x 4096
// weight matrix with M = 1 and M = 64 on a 32 x 32 array, next to the golden software GEMM on
// the same data in the same run (goal: fast mode >= 0.3x the golden GEMM's speed).
//
// What is timed: for the platform, one whole job on the already elaborated platform (the first
// job, which elaborates SystemC, runs untimed during setup): the driver quantizing X, writing
// W, scales and X into device DRAM over TLM, programming the CSRs, the accelerator's DMA,
// decoding, tile computation and output stage, and reading Y back; the golden comparison is
// switched off. For the golden reference: fineq::quantize_activations + fineq::golden_gemm
// (which decodes W itself). BM_FastModeVsGolden times both in each iteration and reports the
// ratio as a counter.
#include <benchmark/benchmark.h>

#include <chrono>
#include <map>

#include "golden.hpp"
#include "platform.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

namespace {
constexpr std::uint32_t kK = 4096;
constexpr std::uint32_t kN = 4096;

// Quantized once per PE kind and M, shared by every benchmark.
const fineq::SimulationJob& job_for(fineq::PeKind pe, std::uint32_t m) {
  static std::map<std::pair<int, std::uint32_t>, fineq::SimulationJob> jobs;
  const auto key = std::make_pair(static_cast<int>(pe), m);
  auto found = jobs.find(key);
  if (found != jobs.end()) return found->second;
  static const std::vector<float> weights = fineq::make_llm_like_weights(kN, kK, 1);
  fineq::QuantizerConfig quantizer;
  if (pe == fineq::PeKind::Temporal) {
    quantizer.method = fineq::QuantMethod::FineQ;
  } else {
    quantizer.method = fineq::QuantMethod::Rtn;
    quantizer.bits = pe == fineq::PeKind::Int8x4 ? 4 : 8;
  }
  quantizer.threads = 0;
  fineq::SimulationJob job;
  job.config.rows = 32;
  job.config.cols = 32;
  job.config.pe = pe;
  job.weights = fineq::quantize_matrix("bench", kN, kK, weights.data(), quantizer);
  job.m = m;
  job.activations = fineq::make_llm_like_activations(m, kK, 2);
  job.verify = false;
  // Elaborates the platform on the first call and checks the job once, untimed.
  fineq::SimulationJob checked = job;
  checked.verify = true;
  const fineq::SimulationResult result = fineq::run_simulation(checked);
  if (!result.bit_exact) throw std::runtime_error("bench_simulate: the job is not bit-exact");
  return jobs.emplace(key, std::move(job)).first->second;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void BM_FastModeVsGolden(benchmark::State& state) {
  const auto pe = static_cast<fineq::PeKind>(state.range(0));
  const auto m = static_cast<std::uint32_t>(state.range(1));
  const fineq::SimulationJob& job = job_for(pe, m);
  double simulate_seconds = 0.0;
  double golden_seconds = 0.0;
  std::uint64_t cycles = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    const fineq::SimulationResult result = fineq::run_simulation(job);
    simulate_seconds += seconds_since(start);
    cycles = result.cycles.total;
    benchmark::DoNotOptimize(result.y.data());

    start = std::chrono::steady_clock::now();
    const fineq::Int8Activations x = fineq::quantize_activations(job.activations, m, kK);
    const std::vector<float> y = fineq::golden_gemm(x, job.weights);
    golden_seconds += seconds_since(start);
    benchmark::DoNotOptimize(y.data());
  }
  const double macs = static_cast<double>(m) * kN * kK * static_cast<double>(state.iterations());
  state.counters["sim_MACs_per_s"] = macs / simulate_seconds;
  state.counters["golden_MACs_per_s"] = macs / golden_seconds;
  state.counters["sim_over_golden"] = golden_seconds / simulate_seconds;
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
  state.SetLabel(std::string(fineq::pe_kind_name(pe)) + " M=" + std::to_string(m));
}

// Each alone, for the usual per-iteration times.
void BM_FastMode(benchmark::State& state) {
  const auto pe = static_cast<fineq::PeKind>(state.range(0));
  const auto m = static_cast<std::uint32_t>(state.range(1));
  const fineq::SimulationJob& job = job_for(pe, m);
  for (auto _ : state) benchmark::DoNotOptimize(fineq::run_simulation(job).y.data());
  state.counters["MACs_per_s"] = benchmark::Counter(static_cast<double>(m) * kN * kK,
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void BM_GoldenGemm(benchmark::State& state) {
  const auto pe = static_cast<fineq::PeKind>(state.range(0));
  const auto m = static_cast<std::uint32_t>(state.range(1));
  const fineq::SimulationJob& job = job_for(pe, m);
  for (auto _ : state) {
    const fineq::Int8Activations x = fineq::quantize_activations(job.activations, m, kK);
    benchmark::DoNotOptimize(fineq::golden_gemm(x, job.weights).data());
  }
  state.counters["MACs_per_s"] = benchmark::Counter(static_cast<double>(m) * kN * kK,
                                                    benchmark::Counter::kIsIterationInvariantRate);
}

void shapes(benchmark::internal::Benchmark* bench) {
  for (const auto pe : {fineq::PeKind::Temporal, fineq::PeKind::Int8x8}) {
    for (const std::int64_t m : {1, 64}) bench->Args({static_cast<std::int64_t>(pe), m});
  }
  bench->Unit(benchmark::kMillisecond)->UseRealTime();
}
}  // namespace

BENCHMARK(BM_FastModeVsGolden)->Apply(shapes);
BENCHMARK(BM_FastMode)->Apply(shapes);
BENCHMARK(BM_GoldenGemm)->Apply(shapes);

// libsystemc provides main() and calls sc_main; the benchmarks run inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
