// The output stage's arithmetic on its own: values worked out by hand in FINEQ-SPEC section 4
// order (float(acc) * (float(scale_w) * scale_x), first group assigns, later groups add).
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "output_scaling.hpp"

using namespace fineq;

namespace {
float y_at(const std::vector<std::uint8_t>& y, std::size_t index) {
  float value = 0.0f;
  std::memcpy(&value, y.data() + 4 * index, 4);
  return value;
}
}  // namespace

TEST(OutputScaling, FirstGroupAssignsLaterGroupsAddInOrder) {
  // 2 rows x 2 channels, sums 3 apart in memory (the accumulators are C = 3 wide).
  const std::int32_t sums[] = {2, -3, 99, 4, 1, 99};
  // FP16 1.5 = 0x3E00, 0.5 = 0x3800, little endian.
  const std::uint8_t weight_scales[] = {0x00, 0x3E, 0x00, 0x38};
  const float activation_scales[] = {2.0f, 0.25f};
  // Y rows 3 floats apart (N = 3); the third column belongs to another fold.
  std::vector<std::uint8_t> y(4 * 6, 0);
  const float untouched = 7.0f;
  std::memcpy(y.data() + 4 * 2, &untouched, 4);

  OutputScaling stage;
  stage.rows = 2;
  stage.channels = 2;
  stage.sums = sums;
  stage.sum_stride = 3;
  stage.fp16_weight_scales = weight_scales;
  stage.activation_scales = activation_scales;
  stage.y = y.data();
  stage.y_stride = 12;
  scale_into_y(stage);
  EXPECT_EQ(y_at(y, 0), 6.0f);     // 2 * (1.5 * 2)
  EXPECT_EQ(y_at(y, 1), -3.0f);    // -3 * (0.5 * 2)
  EXPECT_EQ(y_at(y, 2), 7.0f);     // not this fold's channel
  EXPECT_EQ(y_at(y, 3), 1.5f);     // 4 * (1.5 * 0.25)
  EXPECT_EQ(y_at(y, 4), 0.125f);   // 1 * (0.5 * 0.25)

  stage.first_group = false;  // the next scale group adds the same amounts
  scale_into_y(stage);
  EXPECT_EQ(y_at(y, 0), 12.0f);
  EXPECT_EQ(y_at(y, 1), -6.0f);
  EXPECT_EQ(y_at(y, 3), 3.0f);
  EXPECT_EQ(y_at(y, 4), 0.25f);
}

TEST(OutputScaling, RefusesMoreChannelsThanTheArrayCanHave) {
  OutputScaling stage;
  stage.channels = kMaxOutputChannels + 1;
  EXPECT_THROW(scale_into_y(stage), std::invalid_argument);
}
