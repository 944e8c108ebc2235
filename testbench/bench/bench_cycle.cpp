// Speed of the cycle-level mode, in PE-cycles per wall second (R * C * simulated clocks /
// wall time; goal: >= 1e8 on a 32 x 32 array without tracing):
// * BM_CycleModeTraced: one whole `--mode cycle` job with a VCD of a 4 x 4 PE window, next to
//   the same job untraced in the same run. SystemC accepts traces only before the first
//   sc_start(), so this must be the process's first platform job; it runs once.
// * BM_CycleModeJob: whole untraced cycle-mode jobs (host driver, TLM, controller, the
//   clocked process stepping DMA, decoder and array), next to the fast mode on the same job
//   in the same iteration.
// * BM_ArrayEngine: the plain C++ array engine alone, fold after fold.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <vector>

#include <unistd.h>

#include "cycle_array.hpp"
#include "platform.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

namespace {

using namespace fineq;

constexpr std::uint32_t kArray = 32;
constexpr std::uint32_t kM = 16;
constexpr std::uint32_t kK = 512;
constexpr std::uint32_t kN = 256;

// A 32 x 32 job on a generated LLM-like layer, quantized for the PE (setup, untimed).
const SimulationJob& job_for(PeKind pe) {
  static std::map<PeKind, SimulationJob> jobs;
  auto found = jobs.find(pe);
  if (found != jobs.end()) return found->second;
  QuantizerConfig quantizer;
  if (pe != PeKind::Temporal) {
    quantizer.method = QuantMethod::Rtn;
    quantizer.bits = pe == PeKind::Int8x4 ? 4 : 8;
  }
  const std::vector<float> w = make_llm_like_weights(kN, kK, 1);
  SimulationJob job;
  job.config.rows = kArray;
  job.config.cols = kArray;
  job.config.pe = pe;
  job.config.mode = SimMode::Cycle;
  job.weights = quantize_matrix("bench", kN, kK, w.data(), quantizer);
  job.m = kM;
  job.activations = make_llm_like_activations(kM, kK, 2);
  job.verify = false;
  return jobs.emplace(pe, std::move(job)).first->second;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Runs the job and returns its wall seconds; throws if the device failed.
double timed_run(const SimulationJob& job, std::uint64_t& cycles) {
  const auto start = std::chrono::steady_clock::now();
  const SimulationResult result = run_simulation(job);
  const double seconds = seconds_since(start);
  if (!result.completed) throw std::runtime_error("bench_cycle: " + result.error_message);
  cycles = result.cycles.total;
  return seconds;
}

double pe_cycles(std::uint64_t cycles) { return static_cast<double>(cycles) * kArray * kArray; }

bool platform_has_run = false;

void BM_CycleModeTraced(benchmark::State& state) {
  if (platform_has_run) {
    state.SkipWithError("needs to be the process's first platform job (SystemC adds traces "
                        "only before the first sc_start); run it alone or unfiltered");
    return;
  }
  platform_has_run = true;
  SimulationJob traced = job_for(PeKind::Temporal);
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("fineq_bench_cycle_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  traced.vcd_path = (directory / "bench.vcd").string();
  traced.trace_window = TraceWindow::parse("0:3,0:3");
  double traced_seconds = 0.0, untraced_seconds = 0.0;
  std::uint64_t cycles = 0, untraced_cycles = 0;
  for (auto _ : state) {
    traced_seconds = timed_run(traced, cycles);
    untraced_seconds = timed_run(job_for(PeKind::Temporal), untraced_cycles);
  }
  state.counters["vcd_bytes"] = static_cast<double>(std::filesystem::file_size(traced.vcd_path));
  std::filesystem::remove_all(directory);
  if (cycles != untraced_cycles) state.SkipWithError("traced and untraced cycle counts differ");
  state.counters["traced_pe_cycles_per_s"] = pe_cycles(cycles) / traced_seconds;
  state.counters["untraced_pe_cycles_per_s"] = pe_cycles(cycles) / untraced_seconds;
  state.counters["traced_over_untraced_time"] = traced_seconds / untraced_seconds;
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
  state.SetLabel("temporal 32x32, 4x4 PEs traced, M=16 K=512 N=256");
}

void BM_CycleModeJob(benchmark::State& state) {
  platform_has_run = true;
  const auto pe = static_cast<PeKind>(state.range(0));
  SimulationJob cycle_job = job_for(pe);
  SimulationJob fast_job = cycle_job;
  fast_job.config.mode = SimMode::Fast;
  double cycle_seconds = 0.0, fast_seconds = 0.0;
  std::uint64_t cycles = 0, fast_cycles = 0;
  for (auto _ : state) {
    cycle_seconds += timed_run(cycle_job, cycles);
    fast_seconds += timed_run(fast_job, fast_cycles);
  }
  if (cycles != fast_cycles) state.SkipWithError("cycle and fast mode cycle counts differ");
  const double runs = static_cast<double>(state.iterations());
  state.counters["pe_cycles_per_s"] = pe_cycles(cycles) * runs / cycle_seconds;
  state.counters["fast_pe_cycles_per_s"] = pe_cycles(cycles) * runs / fast_seconds;
  state.counters["cycle_over_fast_time"] = cycle_seconds / fast_seconds;
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
  state.SetLabel(std::string(pe_kind_name(pe)) + " 32x32, M=16 K=512 N=256");
}

// One full 32 x 32 fold of random operands for the engine alone.
struct EngineFold {
  AcceleratorConfig config;
  std::vector<std::uint8_t> clusters;
  std::vector<std::int8_t> weights;
  std::vector<std::int8_t> activations;
  std::vector<std::int32_t> sums;
  CycleFold fold;

  EngineFold(PeKind pe, std::uint32_t waves) {
    config.rows = kArray;
    config.cols = kArray;
    config.pe = pe;
    std::mt19937 rng(1);
    const std::uint32_t per_channel = (kArray + 2) / 3;
    clusters.resize(std::size_t{kArray} * per_channel);
    for (auto& byte : clusters) byte = static_cast<std::uint8_t>(rng());
    weights.resize(std::size_t{kArray} * kArray);
    for (auto& w : weights) w = static_cast<std::int8_t>(static_cast<int>(rng() % 16) - 8);
    activations.resize(std::size_t{waves} * kArray);
    for (auto& a : activations) a = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
    sums.resize(std::size_t{waves} * kArray);
    fold.r_used = kArray;
    fold.c_used = kArray;
    fold.waves = waves;
    fold.weights = weights.data();
    fold.weight_stride = kArray;
    fold.clusters = {clusters.data(), per_channel, kArray, per_channel, 0, kArray};
    fold.activations = activations.data();
    fold.activation_stride = kArray;
    fold.sums = sums.data();
    fold.sum_stride = kArray;
  }
};

void BM_ArrayEngine(benchmark::State& state) {
  EngineFold operands(static_cast<PeKind>(state.range(0)), static_cast<std::uint32_t>(state.range(1)));
  CycleArray array(operands.config);
  std::uint64_t clocks = 0;
  for (auto _ : state) {
    clocks += array.run_fold(operands.fold);
    benchmark::DoNotOptimize(operands.sums.data());
  }
  state.counters["pe_cycles_per_s"] = benchmark::Counter(pe_cycles(clocks), benchmark::Counter::kIsRate);
  state.counters["clocks_per_fold"] = static_cast<double>(array.fold_cycles());
  state.SetLabel(pe_kind_name(operands.config.pe));
}

}  // namespace

// Registration order is run order: the traced job first (see above).
BENCHMARK(BM_CycleModeTraced)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CycleModeJob)
    ->ArgName("pe")
    ->Arg(static_cast<int>(PeKind::Temporal))
    ->Arg(static_cast<int>(PeKind::Int8x8))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_ArrayEngine)
    ->ArgNames({"pe", "Mc"})
    ->ArgsProduct({{static_cast<int>(PeKind::Temporal), static_cast<int>(PeKind::Int8x8)}, {1, 64}})
    ->Unit(benchmark::kMicrosecond);

// libsystemc provides main() and calls sc_main; the benchmarks run inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
