// Storage and value statistics, checked against numbers worked out by hand.
#include <gtest/gtest.h>

#include "fqw_test_tensors.hpp"
#include "tensor_statistics.hpp"

using namespace fineq;
using namespace fineq::test;

TEST(TensorStatistics, FineQExample) {
  QuantizedMatrix m;
  m.name = "t";
  m.rows = 2;
  m.cols = 4;
  m.bits = 0;
  m.scales = {0x3C00, 0x3800};
  m.payload = {0x18, 0x98, 0xA2, 0x30};  // rows [1,-2,0,3] and [-4,0,2,-1], see test_fqw_file
  const TensorStatistics s = compute_statistics(m);
  EXPECT_EQ(s.weights, 8u);
  EXPECT_EQ(s.payload_bytes, 4u);
  EXPECT_EQ(s.scale_bytes, 4u);
  EXPECT_EQ(s.fp16_column_bytes, 0u);
  EXPECT_DOUBLE_EQ(s.bits_per_weight, 8.0);
  EXPECT_EQ(s.clusters, 4u);
  EXPECT_EQ(s.outlier_clusters, 2u);
  EXPECT_DOUBLE_EQ(s.outlier_cluster_fraction, 0.5);
  const std::map<int, std::uint64_t> histogram = {{-4, 1}, {-2, 1}, {-1, 1}, {0, 2}, {1, 1}, {2, 1}, {3, 1}};
  EXPECT_EQ(s.value_histogram, histogram);
  EXPECT_EQ(s.min_scale, 0.5f);
  EXPECT_EQ(s.max_scale, 1.0f);
}

TEST(TensorStatistics, FineQPerChannelAtLargeKApproaches8Over3PlusScale) {
  // K = 4096: 1366 cluster bytes (K padded to 4098) + 2 scale bytes per row.
  const QuantizedMatrix m = make_fineq_tensor("big", 2, 4096, 0, 7);
  EXPECT_DOUBLE_EQ(compute_statistics(m).bits_per_weight, 8.0 * (1366 + 2) / 4096);
}

TEST(TensorStatistics, IntBWithFp16ColumnsExcludesThemFromTheHistogram) {
  std::vector<int> codes;
  // 3 x 10 INT3, group 4 (3 groups per row), FP16 columns {1, 6}.
  const QuantizedMatrix m = make_intb_tensor("owq", 3, 10, 3, 4, {1, 6}, 9, &codes);
  const TensorStatistics s = compute_statistics(m);
  EXPECT_EQ(s.payload_bytes, 3u * 4);  // 30 bits -> 4 bytes per row
  EXPECT_EQ(s.scale_bytes, 3u * 3 * 2);
  EXPECT_EQ(s.fp16_column_bytes, 2u * 4 + 3u * 2 * 2);
  EXPECT_DOUBLE_EQ(s.bits_per_weight, 8.0 * (12 + 18 + 20) / 30);
  EXPECT_EQ(s.clusters, 0u);
  std::map<int, std::uint64_t> expected;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::size_t column = i % 10;
    if (column != 1 && column != 6) ++expected[codes[i]];
  }
  EXPECT_EQ(s.value_histogram, expected);
}
