// Cost table loading, validation and the derivation rules of docs/energy-area.md.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "cost_table.hpp"
#include "temp_path.hpp"
#include "unit_costs.hpp"

namespace fineq {
namespace {

nlohmann::json minimal_table() {
  return nlohmann::json::parse(R"({
    "format": "fineq-cost-table-1", "name": "tiny",
    "entries": {
      "add8_energy": {"value": 0.03, "unit": "pJ", "source": "test"},
      "add32_energy": {"value": 100, "unit": "fJ", "source": "test"},
      "dram_access64": {"value": 2, "unit": "nJ", "source": "test"},
      "register_bit_area": {"value": 4.5, "unit": "um2", "source": "test", "assumption": true},
      "sram_read64_a": {"value": 10, "unit": "pJ", "capacity_bytes": 1024, "source": "test"},
      "sram_read64_b": {"value": 40, "unit": "pJ", "capacity_bytes": 16384, "source": "test"}
    }})");
}

std::string error_of(const nlohmann::json& document) {
  try {
    CostTable::from_json(document, "t.json");
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(CostTable, DefaultTableLoadsWithTheSpecFigures) {
  const std::string path = CostTable::default_path();
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  const CostTable table = CostTable::load(path);
  EXPECT_EQ(table.name(), "horowitz45nm");
  EXPECT_DOUBLE_EQ(table.entry("add8_energy", "pJ").value, 0.03);
  EXPECT_DOUBLE_EQ(table.entry("add32_energy", "pJ").value, 0.1);
  EXPECT_DOUBLE_EQ(table.entry("mult8_energy", "pJ").value, 0.2);
  EXPECT_DOUBLE_EQ(table.entry("mult32_energy", "pJ").value, 3.1);
  EXPECT_DOUBLE_EQ(table.entry("dram_access64", "pJ").value, 1950);  // written as 1.95 nJ
  EXPECT_DOUBLE_EQ(table.entry("add8_area", "um2").value, 36);
  EXPECT_DOUBLE_EQ(table.entry("add32_area", "um2").value, 137);
  EXPECT_DOUBLE_EQ(table.entry("mult8_area", "um2").value, 282);
  EXPECT_DOUBLE_EQ(table.entry("mult32_area", "um2").value, 3495);
  EXPECT_EQ(table.entries_with_prefix("sram_read64_").size(), 3u);
  EXPECT_TRUE(table.entry("register_bit_energy", "pJ").assumption);
  EXPECT_FALSE(table.entry("add8_energy", "pJ").assumption);
}

TEST(CostTable, ConvertsUnitsAndDescribesTheWrittenForm) {
  const CostTable table = CostTable::from_json(minimal_table(), "t.json");
  EXPECT_DOUBLE_EQ(table.entry("add32_energy", "pJ").value, 0.1);
  EXPECT_DOUBLE_EQ(table.entry("dram_access64", "pJ").value, 2000);
  EXPECT_EQ(table.entry("dram_access64", "pJ").describe(), "dram_access64 = 2000 pJ (2 nJ)");
  EXPECT_EQ(table.entry("add8_energy", "pJ").describe(), "add8_energy = 0.03 pJ");
}

TEST(CostTable, RejectsBadEntriesNamingThem) {
  EXPECT_NE(error_of(nlohmann::json::array()).find("expected a JSON object"), std::string::npos);
  auto document = minimal_table();
  document["format"] = "other";
  EXPECT_NE(error_of(document).find("'format'"), std::string::npos);

  document = minimal_table();
  document["entries"]["add8_energy"]["value"] = -1;
  EXPECT_NE(error_of(document).find("entry 'add8_energy': 'value' must be"), std::string::npos);

  document = minimal_table();
  document["entries"]["add8_energy"]["unit"] = "joule";
  EXPECT_NE(error_of(document).find("entry 'add8_energy': unknown unit 'joule'"), std::string::npos);

  document = minimal_table();
  document["entries"]["add8_energy"].erase("source");
  EXPECT_NE(error_of(document).find("entry 'add8_energy': 'source'"), std::string::npos);

  document = minimal_table();
  document["entries"]["sram_read64_a"]["capacity_bytes"] = 0;
  EXPECT_NE(error_of(document).find("entry 'sram_read64_a': 'capacity_bytes'"), std::string::npos);

  const CostTable table = CostTable::from_json(minimal_table(), "t.json");
  try {
    table.entry("mult8_energy", "pJ");
    FAIL() << "missing entry accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("missing entry 'mult8_energy'"), std::string::npos);
  }
  try {
    table.entry("register_bit_area", "pJ");
    FAIL() << "area entry accepted as energy";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("'register_bit_area' has a unit of um2, expected pJ"),
              std::string::npos);
  }
}

TEST(CostTable, LoadReportsUnreadableAndMalformedFiles) {
  EXPECT_THROW(CostTable::load("/nonexistent/cost.json"), std::runtime_error);
  const std::string path = fineq::test::unique_temp_path("bad_cost_table.json");
  std::ofstream(path) << "{ not json";
  try {
    CostTable::load(path);
    FAIL() << "malformed JSON accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("not valid JSON"), std::string::npos);
  }
  std::filesystem::remove(path);
}

// Found as a hostile user would: a wrongly typed key gave raw "[json.exception.type_error.302]"
// text without the file or the key.
TEST(CostTable, WronglyTypedKeysNameTheFileAndKey) {
  const std::string path = fineq::test::unique_temp_path("typed_cost_table.json");
  auto error_of = [&](const std::string& text) {
    std::ofstream(path) << text;
    try {
      CostTable::load(path);
    } catch (const std::runtime_error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"({"format": null})"),
            "cost table '" + path + "': 'format' must be a string, got null");
  EXPECT_EQ(error_of(R"({"format": "fineq-cost-table-1", "name": {"a": 1}, "entries": {"x": {}}})"),
            "cost table '" + path + "': 'name' must be a string, got an object of 1 keys");
  std::filesystem::remove(path);
}

TEST(UnitCosts, PowerLawRulesHitTheTablePointsAndScaleBetween) {
  const CostTable table = CostTable::load(CostTable::default_path());
  const UnitCosts costs(table);
  EXPECT_NEAR(costs.adder_energy(8).value, 0.03, 1e-15);
  EXPECT_NEAR(costs.adder_energy(32).value, 0.1, 1e-15);
  EXPECT_NEAR(costs.adder_area(32).value, 137, 1e-12);
  EXPECT_NEAR(costs.multiplier_energy(8, 8).value, 0.2, 1e-15);
  EXPECT_NEAR(costs.multiplier_energy(32, 32).value, 3.1, 1e-14);
  EXPECT_NEAR(costs.multiplier_area(8, 8).value, 282, 1e-12);
  // 8 x 4 has half the partial-product bits of 8 x 8: 0.2 * 0.5^(ln(3.1/0.2)/ln 16).
  EXPECT_NEAR(costs.multiplier_energy(8, 4).value,
              0.2 * std::pow(0.5, std::log(3.1 / 0.2) / std::log(16.0)), 1e-15);
  // 16-bit adder: 0.03 * 2^(ln(0.1/0.03)/ln 4), between the two table points.
  const double add16 = costs.adder_energy(16).value;
  EXPECT_NEAR(add16, 0.03 * std::pow(2.0, std::log(0.1 / 0.03) / std::log(4.0)), 1e-15);
  EXPECT_GT(add16, 0.03);
  EXPECT_LT(add16, 0.1);
  EXPECT_NE(costs.adder_energy(16).source.find("add8_energy = 0.03 pJ"), std::string::npos);
  EXPECT_NE(costs.adder_energy(16).source.find("add32_energy = 0.1 pJ"), std::string::npos);
}

TEST(UnitCosts, SramEnergyFollowsCapacityPiecewise) {
  const CostTable table = CostTable::load(CostTable::default_path());
  const UnitCosts costs(table);
  EXPECT_NEAR(costs.sram_read_energy_per_byte(8192).value, 10.0 / 8, 1e-12);
  EXPECT_NEAR(costs.sram_read_energy_per_byte(32768).value, 20.0 / 8, 1e-12);
  EXPECT_NEAR(costs.sram_read_energy_per_byte(1048576).value, 100.0 / 8, 1e-12);
  // 16 KiB: halfway (in log capacity) between 8 KiB and 32 KiB: sqrt(10 * 20) per 64 bits.
  EXPECT_NEAR(costs.sram_read_energy_per_byte(16384).value, std::sqrt(200.0) / 8, 1e-12);
  // Below the table: the first segment extended, 4 KiB -> 10 * (1/2)^(ln 2 / ln 4).
  EXPECT_NEAR(costs.sram_read_energy_per_byte(4096).value, 10 * std::sqrt(0.5) / 8, 1e-12);
  // Above: the last segment extended, 2 MiB -> 100 * 2^(ln 5 / ln 32).
  EXPECT_NEAR(costs.sram_read_energy_per_byte(2 * 1048576).value,
              100 * std::pow(2.0, std::log(5.0) / std::log(32.0)) / 8, 1e-12);
  EXPECT_NEAR(costs.sram_write_energy_per_byte(8192).value, 10.0 / 8, 1e-12);
  EXPECT_NEAR(costs.dram_energy_per_byte().value, 1950.0 / 8, 1e-12);
  EXPECT_NE(costs.sram_read_energy_per_byte(16384).source.find("sram_read64_32KiB"),
            std::string::npos);
}

TEST(UnitCosts, SramRuleNeedsTwoSizes) {
  auto document = minimal_table();
  document["entries"].erase("sram_read64_b");
  const CostTable table = CostTable::from_json(document, "t.json");
  EXPECT_THROW(UnitCosts(table).sram_read_energy_per_byte(4096), std::runtime_error);
}

}  // namespace
}  // namespace fineq
