// Weights resident in device memory across jobs (WeightPlacement): a job that skips writing
// weights reads what an earlier job left at its placed address; the host writes only the
// activations then; a skipped write at a fresh address really leaves the device without
// weights; data regions that overlap the weights are refused before anything runs.
#include <gtest/gtest.h>

#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

namespace {

Platform& platform() {
  static Platform* instance = new Platform("platform");  // elaborated once per process
  return *instance;
}

SimulationJob placed_job(const QuantizedMatrix& w, std::uint32_t m, std::mt19937_64& rng, std::uint64_t weights_addr,
                         std::uint64_t data_addr, bool write_weights) {
  AcceleratorConfig config;
  config.rows = 8;
  config.cols = 8;
  SimulationJob job = test::make_job(config, w, m, test::random_activations(m, w.cols, rng));
  WeightPlacement placement;
  placement.weights_addr = weights_addr;
  placement.scales_addr = weights_addr + 64 * 1024;
  placement.data_addr = data_addr;
  placement.write_weights = write_weights;
  job.weight_placement = placement;
  return job;
}

}  // namespace

TEST(ResidentWeights, LaterJobsReuseWeightsWrittenOnce) {
  std::mt19937_64 rng(3);
  const QuantizedMatrix a = test::random_matrix(Encoding::FineQV1, 0, 24, 40, 0, rng);
  const QuantizedMatrix b = test::random_matrix(Encoding::FineQV1, 0, 16, 40, 0, rng);
  const std::uint64_t data = 1 << 20;
  for (const SimulationJob& job : {placed_job(a, 3, rng, 0, data, true), placed_job(b, 2, rng, 128 * 1024, data, true)}) {
    const SimulationResult result = platform().run(job);
    ASSERT_TRUE(result.completed) << result.error_message;
    EXPECT_TRUE(result.bit_exact);
  }
  // a again, new activations, weights not written: still == golden, and the host wrote only
  // INT8 activations (M x K bytes) and their FP32 scales (4 M bytes).
  const std::uint64_t written_before = platform().host().memory_write_bytes();
  const SimulationResult again = platform().run(placed_job(a, 5, rng, 0, data, false));
  ASSERT_TRUE(again.completed) << again.error_message;
  EXPECT_TRUE(again.bit_exact) << again.mismatches << " mismatches";
  EXPECT_EQ(platform().host().memory_write_bytes() - written_before, 5u * 40 + 4 * 5);
}

TEST(ResidentWeights, SkippingTheWriteAtAFreshAddressLeavesNoWeights) {
  std::mt19937_64 rng(4);
  const QuantizedMatrix w = test::random_matrix(Encoding::FineQV1, 0, 8, 30, 0, rng);
  // Device memory at 8 MiB was never written (zeros): Y comes out 0, unlike golden.
  const SimulationResult result = platform().run(placed_job(w, 2, rng, 8 << 20, 16 << 20, false));
  ASSERT_TRUE(result.completed) << result.error_message;
  EXPECT_FALSE(result.bit_exact);
  EXPECT_GT(result.mismatches, 0u);
}

TEST(ResidentWeights, DataOverlappingTheWeightsIsRefused) {
  std::mt19937_64 rng(5);
  const QuantizedMatrix w = test::random_matrix(Encoding::FineQV1, 0, 8, 30, 0, rng);
  try {
    platform().run(placed_job(w, 2, rng, 4096, 4096 + 32, true));
    ADD_FAILURE() << "overlap accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("would overlap the placed weights region"), std::string::npos)
        << error.what();
  }
}
