// Speed of `--mode structural` (R x C PE sc_modules wired by sc_signals), in PE-cycles per
// wall second (R * C * simulated clocks / wall time; aim: >= 1e7 on 32 x 32), next to
// `--mode cycle` on the same job in the same iteration: the two modes give the same cycles
// (checked here too), so the ratio of their times is the price of the signal-level array.
// The process's first job builds the structural array (SystemC elaborates once), so this
// program benchmarks one array: temporal PEs, 32 x 32.
#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "platform.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

namespace {

using namespace fineq;

constexpr std::uint32_t kArray = 32;
constexpr std::uint32_t kM = 16;
constexpr std::uint32_t kK = 256;
constexpr std::uint32_t kN = 128;

SimulationJob make_job() {
  const std::vector<float> w = make_llm_like_weights(kN, kK, 1);
  SimulationJob job;
  job.config.rows = kArray;
  job.config.cols = kArray;
  job.config.pe = PeKind::Temporal;
  job.config.mode = SimMode::Structural;
  job.weights = quantize_matrix("bench", kN, kK, w.data(), QuantizerConfig{});
  job.m = kM;
  job.activations = make_llm_like_activations(kM, kK, 2);
  job.verify = false;
  return job;
}

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Runs the job; returns its wall seconds and adds its CPU seconds to `cpu` (on a shared
// machine the wall figure depends on the load, the CPU figure much less).
double timed_run(const SimulationJob& job, std::uint64_t& cycles, double& cpu) {
  const double cpu_start = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const SimulationResult result = run_simulation(job);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cpu += cpu_seconds() - cpu_start;
  if (!result.completed) throw std::runtime_error("bench_structural: " + result.error_message);
  cycles = result.cycles.total;
  return seconds;
}

void BM_StructuralModeJob(benchmark::State& state) {
  const SimulationJob structural_job = make_job();
  SimulationJob cycle_job = structural_job;
  cycle_job.config.mode = SimMode::Cycle;
  double structural_seconds = 0.0, cycle_seconds = 0.0, structural_cpu = 0.0, cycle_cpu = 0.0;
  std::uint64_t cycles = 0, cycle_cycles = 0;
  double untimed = 0.0;
  timed_run(structural_job, cycles, untimed);  // builds the platform and the PE modules
  for (auto _ : state) {
    structural_seconds += timed_run(structural_job, cycles, structural_cpu);
    cycle_seconds += timed_run(cycle_job, cycle_cycles, cycle_cpu);
  }
  if (cycles != cycle_cycles) state.SkipWithError("structural and cycle mode cycle counts differ");
  const double pe_cycles = static_cast<double>(cycles) * kArray * kArray * static_cast<double>(state.iterations());
  state.counters["pe_cycles_per_s"] = pe_cycles / structural_seconds;
  state.counters["cycle_mode_pe_cycles_per_s"] = pe_cycles / cycle_seconds;
  state.counters["pe_cycles_per_cpu_s"] = pe_cycles / structural_cpu;
  state.counters["cycle_mode_pe_cycles_per_cpu_s"] = pe_cycles / cycle_cpu;
  state.counters["structural_over_cycle_time"] = structural_seconds / cycle_seconds;
  state.counters["simulated_cycles"] = static_cast<double>(cycles);
  state.SetLabel("temporal 32x32, M=16 K=256 N=128");
}

}  // namespace

BENCHMARK(BM_StructuralModeJob)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

// libsystemc provides main() and calls sc_main; the benchmark runs inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
