// Speed of the cycle-level mode, in PE-cycles per wall second (R * C * simulated clocks):
// the plain C++ array engine alone, on 32 x 32 folds of each PE kind.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "cycle_array.hpp"

namespace {

using namespace fineq;

// One full 32 x 32 fold with Mc waves of random operands.
struct FoldOperands {
  AcceleratorConfig config;
  std::vector<std::uint8_t> clusters;
  std::vector<std::int8_t> weights;
  std::vector<std::int8_t> activations;
  std::vector<std::int32_t> sums;
  CycleFold fold;

  FoldOperands(PeKind pe, std::uint32_t waves) {
    config.rows = 32;
    config.cols = 32;
    config.pe = pe;
    std::mt19937 rng(1);
    const std::uint32_t per_channel = (config.rows + 2) / 3;
    clusters.resize(std::size_t{config.cols} * per_channel);
    for (auto& byte : clusters) byte = static_cast<std::uint8_t>(rng());
    weights.resize(std::size_t{config.cols} * config.rows);
    for (auto& w : weights) w = static_cast<std::int8_t>(static_cast<int>(rng() % 16) - 8);
    activations.resize(std::size_t{waves} * config.rows);
    for (auto& a : activations) a = static_cast<std::int8_t>(static_cast<int>(rng() % 255) - 127);
    sums.resize(std::size_t{waves} * config.cols);
    fold.r_used = config.rows;
    fold.c_used = config.cols;
    fold.waves = waves;
    fold.weights = weights.data();
    fold.weight_stride = config.rows;
    fold.clusters = {clusters.data(), per_channel, config.cols, per_channel, 0, config.rows};
    fold.activations = activations.data();
    fold.activation_stride = config.rows;
    fold.sums = sums.data();
    fold.sum_stride = config.cols;
  }
};

void BM_ArrayEngine(benchmark::State& state) {
  FoldOperands operands(static_cast<PeKind>(state.range(0)), static_cast<std::uint32_t>(state.range(1)));
  CycleArray array(operands.config);
  std::uint64_t clocks = 0;
  for (auto _ : state) {
    clocks += array.run_fold(operands.fold);
    benchmark::DoNotOptimize(operands.sums.data());
  }
  const double pe_cycles = static_cast<double>(clocks) * operands.config.rows * operands.config.cols;
  state.counters["pe_cycles_per_second"] = benchmark::Counter(pe_cycles, benchmark::Counter::kIsRate);
  state.counters["clocks_per_fold"] = static_cast<double>(array.fold_cycles());
  state.SetLabel(pe_kind_name(operands.config.pe));
}
BENCHMARK(BM_ArrayEngine)
    ->ArgNames({"pe", "Mc"})
    ->ArgsProduct({{static_cast<int>(PeKind::Temporal), static_cast<int>(PeKind::Int8x8)}, {1, 64}})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
