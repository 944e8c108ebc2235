// The controller's job checks: every error cause from the register values alone, and the
// driver-facing messages.
#include <gtest/gtest.h>

#include "job_setup.hpp"

using namespace fineq;

namespace {
constexpr std::uint64_t kMemory = 1 << 20;
constexpr MemorySpan kWindow{0, kMemory};

// A valid fineq-v1 job: M=2, K=10, N=5, regions back to back.
JobRegisters valid_job() {
  JobRegisters r;
  r.m = 2;
  r.k = 10;
  r.n = 5;
  r.weight_format = weight_format_value(1, 0);
  codebook_to_registers(Codebook::default_codebook(), r);
  r.weights_addr = 0;          // 5 * 4 = 20 bytes
  r.weight_scales_addr = 64;   // 10 bytes
  r.activations_addr = 128;    // 20 bytes
  r.activation_scales_addr = 192;  // 8 bytes
  r.y_addr = 256;              // 40 bytes
  return r;
}

ErrorCause cause_of(const JobRegisters& r, const AcceleratorConfig& config = {},
                    std::uint32_t* detail = nullptr) {
  try {
    check_job(r, config, kWindow);
  } catch (const JobError& error) {
    if (detail) *detail = error.detail();
    return error.cause();
  }
  return ErrorCause::None;
}
}  // namespace

TEST(JobSetup, ValidJobPasses) {
  const JobSetup setup = check_job(valid_job(), AcceleratorConfig{}, kWindow);
  EXPECT_EQ(setup.shape.k, 10u);
  EXPECT_EQ(setup.codebook, Codebook::default_codebook());
  EXPECT_EQ(setup.regions[4].bytes, 40u);
  EXPECT_EQ(setup.plan.folds.size(), 1u);
}

TEST(JobSetup, CodebookRegistersRoundTrip) {
  const Codebook book = Codebook::parse("-3,-1,1,3/-7,-5,-3,-1,1,3,5,7");
  JobRegisters r;
  codebook_to_registers(book, r);
  EXPECT_EQ(codebook_from_registers(r), book);
}

TEST(JobSetup, EveryCause) {
  std::uint32_t detail = 0;
  JobRegisters r = valid_job();
  r.k = 0;
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::ShapeK);
  EXPECT_EQ(describe_job_error(ErrorCause::ShapeK, detail),
            "K = 0 (shape register out of range 1..1048576)");
  r = valid_job();
  r.m = kMaxM + 1;
  EXPECT_EQ(cause_of(r), ErrorCause::ShapeM);
  r = valid_job();
  r.n = 0;
  EXPECT_EQ(cause_of(r), ErrorCause::ShapeN);
  r = valid_job();
  r.weight_format = weight_format_value(2, 9);
  EXPECT_EQ(cause_of(r), ErrorCause::WeightFormat);
  r.weight_format = weight_format_value(3, 4);  // intb + FP16 columns: not runnable
  EXPECT_EQ(cause_of(r), ErrorCause::WeightFormat);
  r.weight_format = weight_format_value(2, 4);  // valid, but not for the temporal PE
  EXPECT_EQ(cause_of(r), ErrorCause::PeFormatMismatch);
  AcceleratorConfig int8x4;
  int8x4.pe = PeKind::Int8x4;
  r.weight_format = weight_format_value(2, 5);
  EXPECT_EQ(cause_of(r, int8x4), ErrorCause::PeFormatMismatch);
  r.weight_format = weight_format_value(2, 4);  // 4-bit rows of 5 bytes still fit the map
  EXPECT_EQ(cause_of(r, int8x4), ErrorCause::None);
  r = valid_job();
  r.group_size = 4;
  EXPECT_EQ(cause_of(r), ErrorCause::GroupSize);
  r = valid_job();
  r.codebook_normal = 0x01010101;
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::Codebook);
  EXPECT_EQ(detail, 0u);
  r = valid_job();
  r.y_addr = kMemory - 39;
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::AddressOutOfMemory);
  EXPECT_EQ(detail, 4u);
  EXPECT_EQ(describe_job_error(ErrorCause::AddressOutOfMemory, detail),
            "the Y region lies (partly) outside device memory");
  r.y_addr = kMemory - 40;
  EXPECT_EQ(cause_of(r), ErrorCause::None);
  r = valid_job();
  r.y_addr = 140;  // inside the activations
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::RegionOverlap);
  EXPECT_EQ(detail, (2u << 8) | 4u);
  r = valid_job();
  r.weight_scales_addr = 19;  // touches the last weight byte
  EXPECT_EQ(cause_of(r), ErrorCause::RegionOverlap);
  r.weight_scales_addr = 20;
  EXPECT_EQ(cause_of(r), ErrorCause::None);
  AcceleratorConfig tiny;
  tiny.activation_buffer_bytes = 9;
  EXPECT_EQ(cause_of(valid_job(), tiny), ErrorCause::ActivationBufferTooSmall);
  tiny = AcceleratorConfig{};
  tiny.weight_buffer_bytes = 10;
  EXPECT_EQ(cause_of(valid_job(), tiny), ErrorCause::WeightFoldTooLarge);
}

TEST(JobSetup, AccumulatorOverflowRisk) {
  // int8 weights and activations (device memory may hold -128, whatever the host's quantizer
  // does): K * 128 * 128 > 2^31 - 1 from K = 131072 on; all -128 there sum to exactly 2^31.
  AcceleratorConfig int8x8;
  int8x8.pe = PeKind::Int8x8;
  JobRegisters r = valid_job();
  r.m = 1;
  r.n = 1;
  r.k = 132105;
  r.weight_format = weight_format_value(2, 8);
  r.weights_addr = 0;
  r.weight_scales_addr = 200000;
  r.activations_addr = 300000;
  r.activation_scales_addr = 500000;
  r.y_addr = 500100;
  std::uint32_t detail = 0;
  EXPECT_EQ(cause_of(r, int8x8, &detail), ErrorCause::AccumulatorOverflowRisk);
  EXPECT_EQ(detail, 132105u);
  r.k = 131072;
  EXPECT_EQ(cause_of(r, int8x8), ErrorCause::AccumulatorOverflowRisk);
  r.k = 131071;
  EXPECT_EQ(cause_of(r, int8x8), ErrorCause::None);
  r.k = 132105;
  r.group_size = 128;  // groups keep each INT32 sum short
  EXPECT_EQ(cause_of(r, int8x8), ErrorCause::None);
}

TEST(JobSetup, RegionsMustLieInTheMemoryWindow) {
  const MemorySpan window{0x1000, kMemory};
  JobRegisters r = valid_job();
  for (std::uint32_t* addr : {&r.weights_addr, &r.weight_scales_addr, &r.activations_addr,
                              &r.activation_scales_addr, &r.y_addr}) {
    *addr += 0x1000;
  }
  EXPECT_NO_THROW(check_job(r, AcceleratorConfig{}, window));
  r.weights_addr = 0xFFF;  // one byte below the window
  try {
    check_job(r, AcceleratorConfig{}, window);
    FAIL() << "expected JobError";
  } catch (const JobError& error) {
    EXPECT_EQ(error.cause(), ErrorCause::AddressOutOfMemory);
    EXPECT_EQ(error.detail(), 0u);
  }
}

// A GROUP_SIZE above the register limit is refused for its size, not for "a multiple of 3"
// (3145728 is a multiple of 3 and was once reported as if it were not).
TEST(JobSetup, GroupSizeMessageNamesTheRealCause) {
  JobRegisters r = valid_job();
  r.group_size = 3u << 20;  // 3145728 weights: a multiple of 3, above kMaxK = 1048576
  std::uint32_t detail = 0;
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::GroupSize);
  EXPECT_EQ(describe_job_error(ErrorCause::GroupSize, detail),
            "GROUP_SIZE = 3145728 (register out of range 0..1048576)");
  r.group_size = 4;
  EXPECT_EQ(cause_of(r, {}, &detail), ErrorCause::GroupSize);
  EXPECT_EQ(describe_job_error(ErrorCause::GroupSize, detail),
            "GROUP_SIZE = 4 (fineq-v1 scale groups must hold whole 3-weight clusters: a multiple of 3)");
}
