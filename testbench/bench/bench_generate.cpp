// `fineq generate --accelerator --steps 32` as a benchmark: wall time of greedy generation of
// 32 tokens from BOS with every block linear layer run as a job on the SystemC platform
// (fast mode, 32 x 32 temporal PEs, FineQ min-error weights resident in device memory, every
// job's Y compared with golden_gemm), on stories260K and en5M from ../shared/models; next to
// the software integer path on the same quantized model in the same run (ratio counter).
// Goal (issue 12): under a minute each on the 2-core development machine.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <systemc>  // declares sc_main extern "C", which the definition below must match

#include "accelerator_linear_layers.hpp"
#include "generation.hpp"
#include "integer_linear_layers.hpp"
#include "weight_method.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::uint32_t> greedy(const fineq::Llama2cCheckpoint& checkpoint, fineq::LinearLayers& linears,
                                  std::uint32_t steps) {
  fineq::Transformer transformer(checkpoint, linears);
  fineq::Sampler sampler(0.0f, 1);
  return fineq::generate_tokens(transformer, sampler, {fineq::kBosToken}, steps);
}

void BM_GenerateOnAccelerator(benchmark::State& state, const char* file) {
  const std::string path = std::string(FINEQ_SHARED_DIR) + "/models/" + file;
  if (!std::filesystem::exists(path)) {
    state.SkipWithError((path + " not present").c_str());
    return;
  }
  const fineq::Llama2cCheckpoint checkpoint = fineq::load_llama2c_checkpoint(path);
  const fineq::QuantizedModel model =
      fineq::quantize_model(checkpoint, *fineq::parse_weight_method("fineq-min-error").quantizer);
  constexpr std::uint32_t kSteps = 32;
  fineq::AcceleratorConfig config;  // 32 x 32 temporal, fast mode
  double accelerator_seconds = 0.0, software_seconds = 0.0;
  std::size_t tokens = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    fineq::AcceleratorLinearLayers device(config, model);
    const std::vector<std::uint32_t> on_device = greedy(checkpoint, device, kSteps);
    accelerator_seconds += seconds_since(start);
    start = std::chrono::steady_clock::now();
    fineq::IntegerLinearLayers software(model);
    const std::vector<std::uint32_t> in_software = greedy(checkpoint, software, kSteps);
    software_seconds += seconds_since(start);
    if (on_device != in_software) state.SkipWithError("accelerator tokens differ from the software integer path");
    tokens = on_device.size();
  }
  const double iterations = static_cast<double>(state.iterations());
  state.counters["accelerator_s"] = accelerator_seconds / iterations;
  state.counters["software_integer_s"] = software_seconds / iterations;
  state.counters["accelerator_over_software"] = accelerator_seconds / software_seconds;
  state.counters["tokens"] = static_cast<double>(tokens);
  state.SetLabel(std::string(file) + ", 32 steps, temporal 32x32 fast mode");
}

}  // namespace

BENCHMARK_CAPTURE(BM_GenerateOnAccelerator, stories260K, "stories260K.bin")
    ->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_GenerateOnAccelerator, en5M, "en5M.bin")->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// libsystemc provides main() and calls sc_main; the benchmarks run inside it.
int sc_main(int argc, char* argv[]) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
