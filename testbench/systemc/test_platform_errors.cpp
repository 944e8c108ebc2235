// Bad CSR programming and jobs that do not fit end in STATUS.ERROR with a cause, and the host
// driver turns it into a clear message; the platform keeps running good jobs afterwards.
#include <gtest/gtest.h>

#include "platform.hpp"
#include "platform_test_support.hpp"
#include "register_map.hpp"

using namespace fineq;

namespace {
SimulationJob good_job(std::uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  AcceleratorConfig config;
  config.rows = 8;
  config.cols = 8;
  return test::make_job(config,
                        test::random_matrix(Encoding::FineQV1, 0, 20, 50, 0, rng), 4,
                        test::random_activations(4, 50, rng));
}

SimulationResult run_with(std::uint32_t offset, std::uint32_t value) {
  SimulationJob job = good_job();
  job.register_overrides.push_back({offset, value});
  return run_simulation(job);
}

void expect_error(const SimulationResult& result, ErrorCause cause, const std::string& message) {
  EXPECT_FALSE(result.completed);
  EXPECT_EQ(result.error_cause, cause);
  EXPECT_EQ(result.error_message, message);
  EXPECT_TRUE(result.y.empty());
  EXPECT_FALSE(result.verified);
}
}  // namespace

// First in the file on purpose: it throws on the main stack, and once SystemC has switched
// to its coroutine stacks AddressSanitizer can no longer unwind the main stack correctly
// (google/sanitizers issue 189) and reports false stack-buffer errors after such a throw.
TEST(PlatformErrors, HostRejectsWhatItCannotSubmit) {
  {
    // The process's first job decides the DRAM size; one needing more device memory than lies
    // below the CSR block (Y alone: 4 * 65536 * 2^20 bytes) is refused with its size.
    std::mt19937_64 rng(4);
    AcceleratorConfig config;
    const SimulationJob huge = test::make_job(
        config, test::random_matrix(Encoding::FineQV1, 0, 1u << 20, 1, 0, rng), 65536,
        test::random_activations(65536, 1, rng));
    try {
      run_simulation(huge);
      ADD_FAILURE() << "a job larger than the address map was accepted";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("bytes of device memory"), std::string::npos)
          << error.what();
    }
  }
  SimulationJob job = good_job();
  job.activations.pop_back();
  EXPECT_THROW(run_simulation(job), std::invalid_argument);
  job = good_job();
  job.config.rows = 0;
  EXPECT_THROW(run_simulation(job), std::invalid_argument);
  job = good_job();
  job.weights.scales.pop_back();
  EXPECT_THROW(run_simulation(job), std::invalid_argument);
  // An OWQ-style tensor that happens to keep no FP16 column still has encoding 3, which the
  // device refuses: the host says why before submitting (not "WEIGHT_FORMAT = 771").
  for (const std::vector<std::uint32_t>& columns : {std::vector<std::uint32_t>{},
                                                    std::vector<std::uint32_t>{3}}) {
    std::mt19937_64 rng(5);
    AcceleratorConfig int8x8;
    int8x8.pe = PeKind::Int8x8;
    job = test::make_job(int8x8, test::random_matrix(Encoding::IntB, 4, 6, 9, 0, rng), 2,
                         test::random_activations(2, 9, rng));
    job.weights.name = "owq";
    job.weights.encoding = Encoding::IntBWithFp16Cols;
    job.weights.fp16_columns = columns;
    job.weights.fp16_values.assign(std::size_t{job.weights.rows} * columns.size(), 0);
    try {
      run_simulation(job);
      ADD_FAILURE() << "an intb+fp16cols tensor with " << columns.size() << " columns was submitted";
    } catch (const std::invalid_argument& error) {
      EXPECT_STREQ(error.what(), "tensor 'owq' keeps FP16 columns (encoding intb+fp16cols), which "
                                 "the integer datapath cannot run");
    }
  }
}

TEST(PlatformErrors, ShapeRegisters) {
  expect_error(run_with(csr::kK, 0), ErrorCause::ShapeK,
               "accelerator error: K = 0 (shape register out of range 1..1048576)");
  expect_error(run_with(csr::kM, 0), ErrorCause::ShapeM,
               "accelerator error: M = 0 (shape register out of range 1..65536)");
  expect_error(run_with(csr::kN, 0xFFFFFFFF), ErrorCause::ShapeN,
               "accelerator error: N = 4294967295 (shape register out of range 1..1048576)");
}

TEST(PlatformErrors, FormatAndCodebook) {
  expect_error(run_with(csr::kWeightFormat, 0x907), ErrorCause::WeightFormat,
               "accelerator error: WEIGHT_FORMAT = 2311 (expected encoding 1 = fineq-v1 with bits "
               "0, or 2 = intb with bits 2..8)");
  expect_error(run_with(csr::kWeightFormat, weight_format_value(2, 8)),
               ErrorCause::PeFormatMismatch,
               "accelerator error: WEIGHT_FORMAT = 2050 is not supported by this PE (temporal: "
               "fineq-v1; int8x4: intb with bits <= 4; int8x8: intb with bits <= 8)");
  expect_error(run_with(csr::kGroupSize, 7), ErrorCause::GroupSize,
               "accelerator error: GROUP_SIZE = 7 (fineq-v1 scale groups must hold whole "
               "3-weight clusters: a multiple of 3)");
  expect_error(run_with(csr::kCodebookOutlierHigh, 0), ErrorCause::Codebook,
               "accelerator error: the outlier codebook registers do not hold distinct values");
}

TEST(PlatformErrors, AddressesOutsideMemoryAndOverlaps) {
  expect_error(run_with(csr::kYAddr, static_cast<std::uint32_t>(kDefaultDramBytes - 4)),
               ErrorCause::AddressOutOfMemory,
               "accelerator error: the Y region lies (partly) outside device memory");
  expect_error(run_with(csr::kWeightScalesAddr, 0xEFFFFFFF), ErrorCause::AddressOutOfMemory,
               "accelerator error: the weight scales region lies (partly) outside device memory");
  expect_error(run_with(csr::kYAddr, 0), ErrorCause::RegionOverlap,
               "accelerator error: the weights and Y regions overlap");
}

TEST(PlatformErrors, JobsThatDoNotFitTheBuffers) {
  SimulationJob job = good_job();
  job.config.activation_buffer_bytes = 49;  // one row of K = 50 does not fit
  expect_error(run_simulation(job), ErrorCause::ActivationBufferTooSmall,
               "accelerator error: one activation row and its outputs need 50 bytes, more than "
               "the activation or output buffer holds (Mc = 0)");
  job = good_job();
  // The largest fold, k [8,16), overlaps clusters 2..5: 8 channels x (4 bytes + 2 scale bytes).
  job.config.weight_buffer_bytes = 47;
  expect_error(run_simulation(job), ErrorCause::WeightFoldTooLarge,
               "accelerator error: a weight fold needs 48 bytes, more than half the weight buffer");
  job.config.weight_buffer_bytes = 48;
  EXPECT_TRUE(run_simulation(job).bit_exact);
}

TEST(PlatformErrors, AccumulatorOverflowRiskIsRefused) {
  std::mt19937_64 rng(3);
  AcceleratorConfig config;
  config.pe = PeKind::Int8x8;
  const std::uint32_t k = 132105;  // K * 128 * 128 > 2^31 - 1
  const SimulationJob job = test::make_job(
      config, test::random_matrix(Encoding::IntB, 8, 1, k, 0, rng), 1,
      test::random_activations(1, k, rng));
  expect_error(run_simulation(job), ErrorCause::AccumulatorOverflowRisk,
               "accelerator error: an INT32 accumulator over 132105 products of the largest "
               "activation and weight could overflow");
  // Exactly at the threshold: 131072 x 128 x 128 = 2^31 (one below runs: test_platform_bit_exact).
  const std::uint32_t at_threshold = 131072;
  const SimulationJob boundary = test::make_job(
      config, test::random_matrix(Encoding::IntB, 8, 1, at_threshold, 0, rng), 1,
      test::random_activations(1, at_threshold, rng));
  expect_error(run_simulation(boundary), ErrorCause::AccumulatorOverflowRisk,
               "accelerator error: an INT32 accumulator over 131072 products of the largest "
               "activation and weight could overflow");
}

TEST(PlatformErrors, GoodJobsStillRunAfterErrors) {
  run_with(csr::kK, 0);
  const SimulationResult result = run_simulation(good_job(2));
  EXPECT_TRUE(result.completed) << result.error_message;
  EXPECT_TRUE(result.bit_exact);
}
