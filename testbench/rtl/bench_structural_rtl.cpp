// Speed of `--mode structural --pe-model rtl` (the Verilated RTL PEs in the structural array)
// in PE-cycles per wall second (R * C * simulated clocks / wall time), next to the structural
// mode with the C++ PE modules (`--pe-model systemc`) and the cycle mode on the same job in the
// same run. SystemC elaborates once per process and a process builds one structural array, so
// every measurement runs in a child process of its own (one after the other, never at the same
// time): the child runs the job once to build the platform, then times a second run.
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform.hpp"
#include "quantizer.hpp"
#include "rtl_pe_models.hpp"
#include "synthetic.hpp"

namespace {

using namespace fineq;

constexpr std::uint32_t kM = 16;
constexpr std::uint32_t kK = 256;
constexpr std::uint32_t kN = 64;

SimulationJob make_job(PeKind pe, std::uint32_t array) {
  const std::vector<float> w = make_llm_like_weights(kN, kK, 1);
  SimulationJob job;
  job.config.rows = array;
  job.config.cols = array;
  job.config.pe = pe;
  QuantizerConfig quantizer;
  if (pe != PeKind::Temporal) {
    quantizer.method = QuantMethod::Rtn;
    quantizer.bits = pe == PeKind::Int8x4 ? 4 : 8;
  }
  job.weights = quantize_matrix("bench", kN, kK, w.data(), quantizer);
  job.m = kM;
  job.activations = make_llm_like_activations(kM, kK, 2);
  job.verify = false;
  return job;
}

struct Timing {
  double seconds = 0.0;
  std::uint64_t cycles = 0;
};

// Runs `job` twice in a child process and returns the second run's wall time and cycles.
Timing time_in_child(const SimulationJob& job) {
  int channel[2];
  if (pipe(channel) != 0) throw std::runtime_error("bench_structural_rtl: pipe failed");
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("bench_structural_rtl: fork failed");
  if (pid == 0) {
    close(channel[0]);
    Timing timing;
    register_rtl_pe_models();
    bool ok = run_simulation(job).completed;
    const auto start = std::chrono::steady_clock::now();
    const SimulationResult result = run_simulation(job);
    timing.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    timing.cycles = result.cycles.total;
    ok = ok && result.completed;
    if (!ok) timing.seconds = -1.0;
    const bool written = write(channel[1], &timing, sizeof timing) == static_cast<ssize_t>(sizeof timing);
    _exit(written ? 0 : 1);
  }
  close(channel[1]);
  Timing timing;
  const bool read_all = read(channel[0], &timing, sizeof timing) == static_cast<ssize_t>(sizeof timing);
  close(channel[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!read_all || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || timing.seconds < 0) {
    throw std::runtime_error("bench_structural_rtl: the child's simulation failed");
  }
  return timing;
}

void BM_StructuralRtl(benchmark::State& state) {
  const auto pe = static_cast<PeKind>(state.range(0));
  const auto array = static_cast<std::uint32_t>(state.range(1));
  SimulationJob rtl = make_job(pe, array);
  rtl.config.mode = SimMode::Structural;
  rtl.config.pe_model = "rtl";
  SimulationJob structural = rtl;
  structural.config.pe_model = "systemc";
  SimulationJob cycle = rtl;
  cycle.config.mode = SimMode::Cycle;
  cycle.config.pe_model = "systemc";
  Timing rtl_total, structural_total, cycle_total;
  try {
    for (auto _ : state) {
      const Timing a = time_in_child(rtl), b = time_in_child(structural), c = time_in_child(cycle);
      if (a.cycles != b.cycles || a.cycles != c.cycles) {
        state.SkipWithError("the three modes report different cycle counts");
        return;
      }
      rtl_total.seconds += a.seconds;
      structural_total.seconds += b.seconds;
      cycle_total.seconds += c.seconds;
      rtl_total.cycles = a.cycles;
      state.SetIterationTime(a.seconds);
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  const double pe_cycles = static_cast<double>(rtl_total.cycles) * array * array *
                           static_cast<double>(state.iterations());
  state.counters["rtl_pe_cycles_per_s"] = pe_cycles / rtl_total.seconds;
  state.counters["structural_pe_cycles_per_s"] = pe_cycles / structural_total.seconds;
  state.counters["cycle_pe_cycles_per_s"] = pe_cycles / cycle_total.seconds;
  state.counters["rtl_over_structural_time"] = rtl_total.seconds / structural_total.seconds;
  state.counters["simulated_cycles"] = static_cast<double>(rtl_total.cycles);
  state.SetLabel(std::string(pe_kind_name(pe)) + " " + std::to_string(array) + "x" +
                 std::to_string(array) + ", M=16 K=256 N=64");
}

}  // namespace

BENCHMARK(BM_StructuralRtl)
    ->Args({static_cast<int>(PeKind::Temporal), 16})
    ->Args({static_cast<int>(PeKind::Temporal), 32})
    ->Args({static_cast<int>(PeKind::Int8x8), 32})
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(3);

// libsystemc provides main() and calls sc_main; the benchmark runs inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
