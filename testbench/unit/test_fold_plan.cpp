// Fold planner: segments by scale group, k-chunks, n-chunks, packed byte ranges and buffer
// checks, on hand-worked cases.
#include <gtest/gtest.h>

#include "fold_plan.hpp"
#include "job_error.hpp"

using namespace fineq;

namespace {
AcceleratorConfig array(std::uint32_t rows, std::uint32_t cols) {
  AcceleratorConfig config;
  config.rows = rows;
  config.cols = cols;
  return config;
}
}  // namespace

TEST(FoldPlan, FineQClustersOverlappingEachKChunk) {
  // K = 10 (padded to 12: clusters 0..3), R = 4: k-chunks [0,4) [4,8) [8,10).
  const FoldPlan plan = plan_folds({1, 10, 5}, {Encoding::FineQV1, 0, 0}, array(4, 8));
  ASSERT_EQ(plan.folds.size(), 3u);
  // [0,4): clusters 0,1 (k 0..5); [4,8): clusters 1,2 (k 3..8); [8,10): clusters 2,3 (k 6..11).
  EXPECT_EQ(plan.folds[0].first_byte, 0u);
  EXPECT_EQ(plan.folds[0].clusters_per_channel, 2u);
  EXPECT_EQ(plan.folds[1].first_byte, 1u);
  EXPECT_EQ(plan.folds[1].clusters_per_channel, 2u);
  EXPECT_EQ(plan.folds[2].first_byte, 2u);
  EXPECT_EQ(plan.folds[2].r_used, 2u);
  EXPECT_EQ(plan.folds[2].clusters_per_channel, 2u);
  EXPECT_EQ(plan.folds[2].c_used, 5u);
  // w_f = 5 channels * (2 cluster bytes + 2 scale bytes) = 20.
  EXPECT_EQ(plan.folds[2].weight_bytes(), 20u);
  EXPECT_TRUE(plan.folds[0].first_of_segment);
  EXPECT_TRUE(plan.folds[2].last_of_segment);
  EXPECT_FALSE(plan.folds[1].last_of_segment);
}

TEST(FoldPlan, SegmentsFollowScaleGroups) {
  // group 6, K = 10, R = 4: segments [0,6) [6,10); chunks [0,4) [4,6) | [6,10).
  // N = 5, C = 2: n-chunks [0,2) [2,4) [4,5); loop order n-chunk, then k.
  const FoldPlan plan = plan_folds({3, 10, 5}, {Encoding::FineQV1, 0, 6}, array(4, 2));
  ASSERT_EQ(plan.folds.size(), 9u);
  const Fold& a = plan.folds[0];
  const Fold& b = plan.folds[1];
  const Fold& c = plan.folds[2];
  EXPECT_EQ(a.k0, 0u);
  EXPECT_EQ(a.r_used, 4u);
  EXPECT_EQ(a.segment, 0u);
  EXPECT_FALSE(a.last_of_segment);
  EXPECT_EQ(b.k0, 4u);
  EXPECT_EQ(b.r_used, 2u);
  EXPECT_TRUE(b.last_of_segment);
  EXPECT_EQ(c.k0, 6u);
  EXPECT_EQ(c.segment, 1u);
  EXPECT_TRUE(c.first_of_segment && c.last_of_segment);
  EXPECT_EQ(plan.folds[3].n0, 2u);
  EXPECT_EQ(plan.folds[8].n0, 4u);
  EXPECT_EQ(plan.folds[8].c_used, 1u);
}

TEST(FoldPlan, IntBBitRanges) {
  // 4-bit: weights [4,8) are bits 16..31 -> bytes 2,3.
  const WeightLayout int4{Encoding::IntB, 4, 0};
  EXPECT_EQ(int4.first_byte(4), 2u);
  EXPECT_EQ(int4.byte_count(4, 8), 2u);
  // 3-bit: weights [3,5) are bits 9..14 -> byte 1 only; [2,6) bits 6..17 -> bytes 0..2.
  const WeightLayout int3{Encoding::IntB, 3, 0};
  EXPECT_EQ(int3.first_byte(3), 1u);
  EXPECT_EQ(int3.byte_count(3, 5), 1u);
  EXPECT_EQ(int3.first_byte(2), 0u);
  EXPECT_EQ(int3.byte_count(2, 6), 3u);
  EXPECT_EQ(int3.row_bytes(10), 4u);  // 30 bits
  EXPECT_EQ(int3.cluster_count(0, 10), 0u);
  const WeightLayout fineq{Encoding::FineQV1, 0, 0};
  EXPECT_EQ(fineq.row_bytes(10), 4u);
  EXPECT_EQ(fineq.groups_per_row(10), 1u);
  EXPECT_EQ((WeightLayout{Encoding::IntB, 8, 4}.groups_per_row(10)), 3u);
}

TEST(FoldPlan, ChunkRowsLimitedByBothBuffers) {
  AcceleratorConfig config = array(4, 4);
  config.activation_buffer_bytes = 100;  // K = 30 -> 3 rows
  config.output_buffer_bytes = 1000;     // N = 50 -> 1000 / 200 = 5 rows
  EXPECT_EQ(plan_folds({10, 30, 50}, {Encoding::IntB, 8, 0}, config).chunk_rows, 3u);
  config.output_buffer_bytes = 400;  // 2 rows
  const FoldPlan plan = plan_folds({10, 30, 50}, {Encoding::IntB, 8, 0}, config);
  EXPECT_EQ(plan.chunk_rows, 2u);
  EXPECT_EQ(plan.m_chunks.size(), 5u);
  EXPECT_EQ(plan_folds({1, 30, 50}, {Encoding::IntB, 8, 0}, config).chunk_rows, 1u);
}

TEST(FoldPlan, RejectsJobsThatDoNotFit) {
  AcceleratorConfig config = array(4, 4);
  config.activation_buffer_bytes = 29;  // one row of K = 30 does not fit
  try {
    plan_folds({1, 30, 8}, {Encoding::IntB, 8, 0}, config);
    FAIL() << "expected JobError";
  } catch (const JobError& error) {
    EXPECT_EQ(error.cause(), ErrorCause::ActivationBufferTooSmall);
    EXPECT_EQ(error.detail(), 30u);
  }
  config.activation_buffer_bytes = 1024;
  config.output_buffer_bytes = 31;  // one row of N = 8 FP32 outputs needs 32 bytes
  try {
    plan_folds({1, 30, 8}, {Encoding::IntB, 8, 0}, config);
    FAIL() << "expected JobError";
  } catch (const JobError& error) {
    EXPECT_EQ(error.cause(), ErrorCause::ActivationBufferTooSmall);
    EXPECT_EQ(error.detail(), 32u);
  }
  // A full int8 fold of 4 x 4: 4 * (4 + 2) = 24 bytes; a 23-byte half is too small.
  config.output_buffer_bytes = 1024;
  config.weight_buffer_bytes = 23;
  try {
    plan_folds({1, 30, 8}, {Encoding::IntB, 8, 0}, config);
    FAIL() << "expected JobError";
  } catch (const JobError& error) {
    EXPECT_EQ(error.cause(), ErrorCause::WeightFoldTooLarge);
    EXPECT_EQ(error.detail(), 24u);
  }
  config.weight_buffer_bytes = 24;
  EXPECT_NO_THROW(plan_folds({1, 30, 8}, {Encoding::IntB, 8, 0}, config));
}
