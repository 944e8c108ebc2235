// Energy and area of a small job computed by hand from the default cost table
// (model/costs/horowitz45nm.json) and compared with the models.
//
// The job: M = 2, K = 2, N = 3 on a 2 x 3 temporal array (fixed window, default codebook,
// so T = 4), weights W = [[1, -2], [0, 4], [3, -1]]: one fold, Mc = 2.
//   MAC slots 2*2*3 = 12, sum|w| = 11, pulses = 2*11 = 22, idle = 2*(6*4 - 11) = 26,
//   weight loads 6, decoded clusters 3 (one per row), output scalings 6,
//   compute cycles = Lf + (Mc + R - 1) * T + C - 1 = 2 + 3*4 + 2 = 16.
// Buffer sizes sit on table points (8 KiB, 32 KiB, 1 MiB) so SRAM energies are table values.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "area_model.hpp"
#include "cost_report.hpp"
#include "energy_model.hpp"
#include "pe_datapath.hpp"

namespace fineq {
namespace {

// Power-law exponents of docs/energy-area.md, from the table's two points each.
const double kAddEnergyExponent = std::log(0.1 / 0.03) / std::log(32.0 / 8.0);
const double kAddAreaExponent = std::log(137.0 / 36.0) / std::log(32.0 / 8.0);
const double kMultEnergyExponent = std::log(3.1 / 0.2) / std::log(1024.0 / 64.0);
const double kMultAreaExponent = std::log(3495.0 / 282.0) / std::log(1024.0 / 64.0);

AcceleratorConfig small_config(PeKind pe) {
  AcceleratorConfig config;
  config.rows = 2;
  config.cols = 3;
  config.pe = pe;
  config.weight_buffer_bytes = 8192;
  config.activation_buffer_bytes = 32768;
  config.output_buffer_bytes = 1048576;
  config.clock_mhz = 500;
  return config;
}

ActivityCounts small_job_activity() {
  ActivityCounts activity;
  activity.macs = 12;
  activity.pe_mac_slots = 12;
  activity.pulses = 22;
  activity.idle_window_cycles = 26;
  activity.adds = 22;
  activity.weight_register_loads = 6;
  activity.decoded_clusters = 3;
  activity.output_scalings = 6;
  activity.weight_buffer_write_bytes = 9;
  activity.weight_buffer_read_bytes = 9;
  activity.activation_buffer_write_bytes = 4;
  activity.activation_buffer_read_bytes = 4;
  activity.output_buffer_write_bytes = 24;
  activity.dram_read_bytes = 13;
  activity.dram_write_bytes = 24;
  return activity;
}

CycleCounts small_job_cycles() { return {16, 16, 0}; }

class EnergyAreaByHand : public testing::Test {
 protected:
  CostTable table = CostTable::load(CostTable::default_path());
  UnitCosts costs{table};
};

TEST_F(EnergyAreaByHand, DatapathWidths) {
  // 2 rows * 127 * 4 = 1016 needs 10 magnitude bits + sign.
  const PeDatapath temporal = PeDatapath::for_config(small_config(PeKind::Temporal));
  EXPECT_EQ(temporal.partial_sum_bits, 11);
  EXPECT_EQ(temporal.magnitude_bits, 3);
  EXPECT_EQ(temporal.weight_bits, 4);
  AcceleratorConfig big = small_config(PeKind::Int8x8);
  big.rows = 32;  // 32 * 127 * 128 = 520192 < 2^19
  EXPECT_EQ(PeDatapath::for_config(big).partial_sum_bits, 20);
  big.rows = 1u << 20;  // 2^20 * 127 * 128 needs 35 bits: capped at INT32
  EXPECT_EQ(PeDatapath::for_config(big).partial_sum_bits, 32);
}

TEST_F(EnergyAreaByHand, TemporalEnergy) {
  const CostBreakdown energy = estimate_energy(small_config(PeKind::Temporal),
                                               small_job_activity(), small_job_cycles(), costs);
  const double add11 = 0.03 * std::pow(11.0 / 8.0, kAddEnergyExponent);
  const double add3 = 0.03 * std::pow(3.0 / 8.0, kAddEnergyExponent);
  const double reg = 0.00375;
  const double adders = 22 * add11;
  const double comparators = (22 + 26) * add3;
  const double counters = 3 * 16 * (add3 + 3 * reg);
  const double weight_registers = 6 * 4 * reg;
  const double activation_registers = 12 * 8 * reg;
  const double partial_sum_registers = (12 + 22) * 11 * reg;
  const double array = adders + comparators + counters + weight_registers +
                        activation_registers + partial_sum_registers;
  const double column_accumulators = (12.0 / 2) * (0.1 + 32 * reg);
  const double output_stage = 6 * (2 * 3.7 + 0.9);
  const double decoder = 3 * (0.03 + 3 * 4 * reg);
  const double weight_buffer = 9 * 10.0 / 8 + 9 * 10.0 / 8;
  const double activation_buffer = 4 * 20.0 / 8 + 4 * 20.0 / 8;
  const double output_buffer = 24 * 100.0 / 8;
  const double on_chip = array + column_accumulators + output_stage + decoder + weight_buffer +
                         activation_buffer + output_buffer;
  const double dram = (13 + 24) * 1950.0 / 8;

  EXPECT_EQ(energy.value("pe_multipliers"), 0.0);
  EXPECT_NEAR(energy.value("pe_adders"), adders, 1e-12);
  EXPECT_NEAR(energy.value("pe_comparators"), comparators, 1e-12);
  EXPECT_NEAR(energy.value("pulse_counters"), counters, 1e-12);
  EXPECT_NEAR(energy.value("pe_weight_registers"), weight_registers, 1e-12);
  EXPECT_NEAR(energy.value("pe_activation_registers"), activation_registers, 1e-12);
  EXPECT_NEAR(energy.value("pe_partial_sum_registers"), partial_sum_registers, 1e-12);
  EXPECT_NEAR(energy.value("array_total"), array, 1e-12);
  EXPECT_NEAR(energy.value("column_accumulators"), column_accumulators, 1e-12);
  EXPECT_NEAR(energy.value("output_stage"), output_stage, 1e-12);
  EXPECT_NEAR(energy.value("decoder"), decoder, 1e-12);
  EXPECT_NEAR(energy.value("weight_buffer"), weight_buffer, 1e-12);
  EXPECT_NEAR(energy.value("activation_buffer"), activation_buffer, 1e-12);
  EXPECT_NEAR(energy.value("output_buffer"), output_buffer, 1e-12);
  EXPECT_NEAR(energy.value("on_chip_total"), on_chip, 1e-10);
  EXPECT_NEAR(energy.value("dram"), dram, 1e-9);
  EXPECT_NEAR(energy.value("total"), on_chip + dram, 1e-9);
}

TEST_F(EnergyAreaByHand, BaselineEnergyUsesMultipliers) {
  // The same job on INT8 x INT4 and INT8 x INT8 PEs: one multiply and one add per slot.
  ActivityCounts activity = small_job_activity();
  activity.pulses = 0;
  activity.idle_window_cycles = 0;
  activity.multiplies = 12;
  activity.adds = 12;
  activity.decoded_clusters = 0;
  const double reg = 0.00375;

  // INT8 x INT4: 2 * 127 * 8 = 2032 -> 12-bit partial sums.
  const CostBreakdown int8x4 =
      estimate_energy(small_config(PeKind::Int8x4), activity, small_job_cycles(), costs);
  EXPECT_NEAR(int8x4.value("pe_multipliers"), 12 * 0.2 * std::pow(0.5, kMultEnergyExponent), 1e-12);
  EXPECT_NEAR(int8x4.value("pe_adders"), 12 * 0.03 * std::pow(12.0 / 8.0, kAddEnergyExponent), 1e-12);
  EXPECT_NEAR(int8x4.value("pe_partial_sum_registers"), 12 * 12 * reg, 1e-12);
  EXPECT_NEAR(int8x4.value("pe_weight_registers"), 6 * 4 * reg, 1e-12);
  EXPECT_EQ(int8x4.value("pe_comparators"), 0.0);
  EXPECT_EQ(int8x4.value("pulse_counters"), 0.0);
  EXPECT_EQ(int8x4.value("decoder"), 0.0);

  // INT8 x INT8: the 8-bit multiply straight from the table; 2 * 127 * 128 = 32512 -> 16 bits.
  const CostBreakdown int8x8 =
      estimate_energy(small_config(PeKind::Int8x8), activity, small_job_cycles(), costs);
  EXPECT_NEAR(int8x8.value("pe_multipliers"), 12 * 0.2, 1e-12);
  EXPECT_NEAR(int8x8.value("pe_adders"), 12 * 0.03 * std::pow(16.0 / 8.0, kAddEnergyExponent), 1e-12);
  EXPECT_NEAR(int8x8.value("pe_weight_registers"), 6 * 8 * reg, 1e-12);
}

TEST_F(EnergyAreaByHand, TemporalAndBaselineArea) {
  const double reg = 4.5;
  const double adder11 = 36 * std::pow(11.0 / 8.0, kAddAreaExponent);
  const double adder3 = 36 * std::pow(3.0 / 8.0, kAddAreaExponent);
  const double temporal_array = 6 * adder11 + 6 * adder3 + 3 * (adder3 + 3 * reg) +
                                6 * 4 * reg + 6 * 8 * reg + 6 * 11 * reg;
  const double column_accumulators = 3 * 137.0;
  const double output_stage = 3 * (2 * 7700.0 + 4184);
  const double decoder = 11 * 36.0 + 3 * 4 * reg;
  const double buffers = (2 * 8192.0 + 32768 + 1048576) * 8 * 0.69;

  const CostBreakdown temporal = estimate_area(small_config(PeKind::Temporal), costs);
  EXPECT_NEAR(temporal.value("pe_adders"), 6 * adder11, 1e-9);
  EXPECT_NEAR(temporal.value("pe_comparators"), 6 * adder3, 1e-9);
  EXPECT_NEAR(temporal.value("pulse_counters"), 3 * (adder3 + 3 * reg), 1e-9);
  EXPECT_NEAR(temporal.value("array_total"), temporal_array, 1e-9);
  EXPECT_NEAR(temporal.value("decoder"), decoder, 1e-9);
  EXPECT_NEAR(temporal.value("total"),
              temporal_array + column_accumulators + output_stage + decoder + buffers, 1e-6);

  const double multiplier8x8 = 282.0;
  const double adder16 = 36 * std::pow(16.0 / 8.0, kAddAreaExponent);
  const double int8x8_array = 6 * (multiplier8x8 + adder16 + 8 * reg + 8 * reg + 16 * reg);
  const CostBreakdown int8x8 = estimate_area(small_config(PeKind::Int8x8), costs);
  EXPECT_NEAR(int8x8.value("pe_multipliers"), 6 * multiplier8x8, 1e-9);
  EXPECT_NEAR(int8x8.value("array_total"), int8x8_array, 1e-9);
  EXPECT_EQ(int8x8.value("decoder"), 0.0);
  EXPECT_NEAR(int8x8.value("total"),
              int8x8_array + column_accumulators + output_stage + buffers, 1e-6);

  const double multiplier8x4 = 282 * std::pow(0.5, kMultAreaExponent);
  EXPECT_NEAR(estimate_area(small_config(PeKind::Int8x4), costs).value("pe_multipliers"),
              6 * multiplier8x4, 1e-9);
}

TEST_F(EnergyAreaByHand, ReportFragmentNamesSourcesAndEfficiency) {
  const AcceleratorConfig config = small_config(PeKind::Temporal);
  const nlohmann::json report =
      cost_report(config, small_job_activity(), small_job_cycles(), table);
  const double total = report.at("energy_pj").at("total").get<double>();
  const double on_chip = report.at("energy_pj").at("on_chip_total").get<double>();
  // 12 MACs = 24 ops; ops per pJ are TOPS/W. 16 cycles at 500 MHz = 32 ns.
  EXPECT_NEAR(report.at("efficiency").at("energy_per_mac_pj").at("total").get<double>(),
              total / 12, 1e-12);
  EXPECT_NEAR(report.at("efficiency").at("tops_per_w").at("on_chip").get<double>(), 24 / on_chip,
              1e-12);
  EXPECT_NEAR(report.at("efficiency").at("runtime_us").get<double>(), 0.032, 1e-15);
  EXPECT_NEAR(report.at("efficiency").at("power_mw").at("total").get<double>(),
              total * 1e-12 / 32e-9 * 1e3, 1e-9);
  EXPECT_NEAR(report.at("efficiency").at("throughput_tops").get<double>(), 24 / 32e-9 * 1e-12,
              1e-15);
  // Every component and subtotal has a source that names its table entries.
  for (const char* section : {"energy", "area"}) {
    const auto& values = report.at(std::string(section) + (section[0] == 'e' ? "_pj" : "_um2"));
    const auto& sources = report.at(std::string(section) + "_sources");
    EXPECT_EQ(values.size(), sources.size());
    for (const auto& [name, value] : values.items()) {
      ASSERT_TRUE(sources.contains(name)) << section << " " << name;
      EXPECT_FALSE(sources.at(name).get<std::string>().empty());
    }
  }
  const std::string adders = report.at("energy_sources").at("pe_adders").get<std::string>();
  EXPECT_NE(adders.find("adds 22 x 11-bit add"), std::string::npos) << adders;
  EXPECT_NE(adders.find("add8_energy = 0.03 pJ"), std::string::npos) << adders;
  EXPECT_NE(report.at("energy_sources").at("dram").get<std::string>().find("dram_access64"),
            std::string::npos);
  const std::string summary = cost_summary(report);
  EXPECT_NE(summary.find("TOPS/W"), std::string::npos);
  EXPECT_NE(summary.find("at 500 MHz"), std::string::npos);
}

TEST_F(EnergyAreaByHand, EmptyJobHasNoPerMacFigures) {
  const nlohmann::json report =
      cost_report(small_config(PeKind::Temporal), ActivityCounts{}, CycleCounts{}, table);
  EXPECT_TRUE(report.at("efficiency").at("energy_per_mac_pj").at("total").is_null());
  EXPECT_TRUE(report.at("efficiency").at("throughput_tops").is_null());
  EXPECT_EQ(report.at("energy_pj").at("total").get<double>(), 0.0);
  EXPECT_NE(cost_summary(report).find("- pJ"), std::string::npos);
}

TEST(CostTableCheck, IncompleteTableFailsBeforeAnySimulation) {
  const CostTable partial = CostTable::from_json(nlohmann::json::parse(R"({
    "format": "fineq-cost-table-1",
    "entries": {"add8_energy": {"value": 0.03, "unit": "pJ", "source": "test"},
                "add32_energy": {"value": 0.1, "unit": "pJ", "source": "test"}}})"),
                                                 "partial.json");
  try {
    check_cost_table(partial, small_config(PeKind::Temporal));
    FAIL() << "incomplete table accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("partial.json: missing entry"), std::string::npos)
        << error.what();
  }
  EXPECT_NO_THROW(check_cost_table(CostTable::load(CostTable::default_path()),
                                   small_config(PeKind::Int8x8)));
}

}  // namespace
}  // namespace fineq
