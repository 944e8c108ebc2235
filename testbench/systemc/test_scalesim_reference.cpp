// The SCALE-Sim reference shape through the whole module hierarchy, in both timing modes:
// 64 x 512 x 512 (M x K x N) on a 32 x 32 int8x8 array with ideal memory. By hand
// (docs/timing.md): K and N cut into 16 chunks each, 256 folds of the full array, Mc = 64, and
// every fold takes 2R + C + Mc - 2 = 64 + 32 + 64 - 2 = 158 cycles, so 256 x 158 = 40448
// cycles, all of them compute. SCALE-Sim reports 40447 for this layer: its count is the
// 0-based index of the last cycle, ours the number of cycles.
#include <gtest/gtest.h>

#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

TEST(ScaleSimReference, Int8x8On32x32TakesTheHandCountedCyclesInBothModes) {
  std::mt19937_64 rng(64);
  const std::uint32_t m = 64, k = 512, n = 512;
  const QuantizedMatrix w = test::random_matrix(Encoding::IntB, 8, n, k, 0, rng);
  const std::vector<float> x = test::random_activations(m, k, rng);
  for (const SimMode mode : {SimMode::Fast, SimMode::Cycle}) {
    AcceleratorConfig config;  // 32 x 32, ideal memory
    config.pe = PeKind::Int8x8;
    config.mode = mode;
    SCOPED_TRACE(sim_mode_name(mode));
    const SimulationResult result = run_simulation(test::make_job(config, w, m, x));
    ASSERT_TRUE(result.completed) << result.error_message;
    EXPECT_TRUE(result.bit_exact);
    EXPECT_EQ(result.cycles.total, 40448u);
    EXPECT_EQ(result.cycles.compute, 40448u);
    EXPECT_EQ(result.cycles.stall, 0u);
  }
}
