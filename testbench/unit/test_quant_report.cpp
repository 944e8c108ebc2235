// Quantization report on hand-made tensors whose errors, bits and histograms are worked out
// by hand.
#include <gtest/gtest.h>

#include "fp16.hpp"
#include "quant_report.hpp"

using namespace fineq;

namespace {
QuantizedMatrix one_cluster(const std::string& name, std::uint8_t byte, float scale) {
  QuantizedMatrix m;
  m.name = name;
  m.rows = 1;
  m.cols = 3;
  m.encoding = Encoding::FineQV1;
  m.bits = 0;
  m.rule = ClusterRule::MinError;
  m.scales = {float_to_half(scale)};
  m.payload = {byte};
  return m;
}
}  // namespace

TEST(QuantReport, HandComputedFineqReport) {
  // a: normal cluster 01 10 00 = {1, -2, 0} at scale 1; W = {1, -2, 0.5}:
  //    error 0.25, ||W||^2 = 5.25, 8 * (1 + 2) / 3 = 8 bits per weight.
  // b: prune 1, codes 011 100 = {3, 0, -4} at scale 0.5 = {1.5, 0, -2}; W = {1.5, 0.25, -2}:
  //    error 0.0625, ||W||^2 = 6.3125.
  const float wa[] = {1.0f, -2.0f, 0.5f};
  const float wb[] = {1.5f, 0.25f, -2.0f};
  QuantizerConfig config;
  QuantReport report(config, "hand");
  report.add(measure_matrix(one_cluster("a", 0b00011000, 1.0f), wa));
  report.add(measure_matrix(one_cluster("b", 0b10011100, 0.5f), wb));

  ASSERT_EQ(report.matrices().size(), 2u);
  EXPECT_DOUBLE_EQ(report.matrices()[0].squared_error, 0.25);
  EXPECT_DOUBLE_EQ(report.matrices()[0].rel_error, 0.25 / 5.25);
  EXPECT_DOUBLE_EQ(report.matrices()[1].rel_error, 0.0625 / 6.3125);
  EXPECT_DOUBLE_EQ(report.mean_rel_error(), (0.25 / 5.25 + 0.0625 / 6.3125) / 2);
  EXPECT_DOUBLE_EQ(report.bits_per_weight(), 8.0);
  EXPECT_DOUBLE_EQ(report.outlier_cluster_fraction(), 0.5);
  const std::map<int, std::uint64_t> histogram = {{-4, 1}, {-2, 1}, {0, 2}, {1, 1}, {3, 1}};
  EXPECT_EQ(report.value_histogram(), histogram);

  const nlohmann::json json = report.to_json();
  EXPECT_EQ(json["source"], "hand");
  EXPECT_EQ(json["config"]["method"], "fineq");
  EXPECT_EQ(json["config"]["rule"], "min-error");
  EXPECT_EQ(json["config"]["clip_ratios"].size(), 15u);
  EXPECT_DOUBLE_EQ(json["overall"]["mean_rel_error"].get<double>(), report.mean_rel_error());
  EXPECT_DOUBLE_EQ(json["overall"]["bits_per_weight"].get<double>(), 8.0);
  EXPECT_DOUBLE_EQ(json["overall"]["outlier_cluster_fraction"].get<double>(), 0.5);
  EXPECT_EQ(json["overall"]["code_histogram"]["0"], 2);
  EXPECT_EQ(json["overall"]["code_histogram"]["-4"], 1);
  EXPECT_EQ(json["overall"]["cluster_modes"]["prune1"], 1);
  EXPECT_EQ(json["overall"]["weights"], 6);
  EXPECT_EQ(json["matrices"][1]["name"], "b");
  EXPECT_DOUBLE_EQ(json["matrices"][1]["rel_error"].get<double>(), 0.0625 / 6.3125);
  EXPECT_EQ(json["matrices"][1]["cluster_modes"]["prune1"], 1);
  EXPECT_EQ(json["matrices"][0]["cluster_modes"]["normal"], 1);
  EXPECT_EQ(json["matrices"][0]["payload_bytes"], 1);
  EXPECT_EQ(json["matrices"][0]["scale_bytes"], 2);

  const std::string table = report.table();
  EXPECT_NE(table.find("a                            1x3    0.04762    8.000     0.00%"), std::string::npos) << table;
  EXPECT_NE(table.find("overall (2)"), std::string::npos) << table;
  EXPECT_NE(table.find("50.00%"), std::string::npos) << table;
}

TEST(QuantReport, OwqCountsFp16ColumnsInBitsAndNotInTheHistogram) {
  // 2 x 4 INT2 with column 1 in FP16: payload 1 byte per row, 2 scale bytes per row,
  // 4 index bytes + 2 x 2 value bytes: 8 * (2 + 4 + 8) / 8 = 14 bits per weight.
  QuantizedMatrix m;
  m.name = "o";
  m.rows = 2;
  m.cols = 4;
  m.encoding = Encoding::IntBWithFp16Cols;
  m.bits = 2;
  m.scales = {float_to_half(1.0f), float_to_half(1.0f)};
  m.payload = {0b01000001, 0b00000011};  // row 0: 1 0 0 1, row 1: -1 0 0 0
  m.fp16_columns = {1};
  m.fp16_values = {float_to_half(0.75f), float_to_half(-3.0f)};
  const float w[] = {1, 0.75f, 0, 1, -1, -3, 0, 0};
  QuantizerConfig config;
  config.method = QuantMethod::Owq;
  QuantReport report(config, "hand");
  report.add(measure_matrix(m, w));
  EXPECT_DOUBLE_EQ(report.mean_rel_error(), 0.0);
  EXPECT_DOUBLE_EQ(report.bits_per_weight(), 14.0);
  EXPECT_EQ(report.value_histogram(), (std::map<int, std::uint64_t>{{-1, 1}, {0, 3}, {1, 2}}));
  const nlohmann::json json = report.to_json();
  EXPECT_EQ(json["matrices"][0]["fp16_columns"], 1);
  EXPECT_FALSE(json["overall"].contains("outlier_cluster_fraction"));
  EXPECT_EQ(json["config"]["bits"], 2);
  EXPECT_DOUBLE_EQ(json["config"]["fp16_column_fraction"].get<double>(), 0.04);
}
