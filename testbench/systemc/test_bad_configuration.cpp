// Bad accelerator configurations are refused with a clear error naming the field before any
// simulation runs, and leave the process's platform usable for the next job (no SystemC
// abort, no half-configured modules).
#include <gtest/gtest.h>

#include <sstream>

#include "platform.hpp"
#include "platform_test_support.hpp"

using namespace fineq;

namespace {
std::string refusal(const SimulationJob& job) {
  try {
    run_simulation(job);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}
}  // namespace

TEST(BadConfiguration, RefusedBeforeSimulationAndThePlatformStillRuns) {
  std::mt19937_64 rng(5);
  const QuantizedMatrix w = test::random_matrix(Encoding::IntB, 8, 4, 6, 0, rng);
  const std::vector<float> x = test::random_activations(2, 6, rng);
  AcceleratorConfig good;
  good.pe = PeKind::Int8x8;
  good.rows = good.cols = 4;
  // Build the platform without simulating: a throw on the main stack after SystemC has run
  // its threads trips AddressSanitizer's false positive (google/sanitizers issue 189).
  std::ostringstream tree;
  print_platform_hierarchy(tree);
  ASSERT_NE(tree.str().find("accelerator  Accelerator"), std::string::npos);

  AcceleratorConfig too_large = good;
  too_large.rows = 5000;  // the array's limit is 4096 x 4096
  EXPECT_EQ(refusal(test::make_job(too_large, w, 2, x)),
            "rows: expected 1..4096, got '5000'");
  const sc_core::sc_time before = sc_core::sc_time_stamp();
  AcceleratorConfig no_output_buffer = good;
  no_output_buffer.output_buffer_bytes = 0;
  EXPECT_EQ(refusal(test::make_job(no_output_buffer, w, 2, x)),
            "output_buffer_bytes: expected 1..4294967296, got '0'");
  EXPECT_EQ(sc_core::sc_time_stamp(), before);  // nothing was simulated

  const SimulationResult result = run_simulation(test::make_job(good, w, 2, x));
  ASSERT_TRUE(result.completed) << result.error_message;
  EXPECT_TRUE(result.bit_exact);
}
