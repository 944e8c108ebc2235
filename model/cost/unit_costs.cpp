#include "unit_costs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace fineq {

namespace {
double power_law_value(double x, double x1, double y1, double x2, double y2) {
  return y1 * std::pow(x / x1, std::log(y2 / y1) / std::log(x2 / x1));
}
}  // namespace

std::string format_cost_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

UnitCosts::UnitCosts(const CostTable& table) : table_(table) {}

Cost UnitCosts::entry(const std::string& name, const std::string& unit) const {
  const CostEntry& found = table_.entry(name, unit);
  return {found.value, found.describe()};
}

Cost UnitCosts::power_law(double x, const std::string& what, double x_small,
                          const std::string& small, double x_large, const std::string& large,
                          const std::string& unit, const std::string& rule) const {
  const CostEntry& low = table_.entry(small, unit);
  const CostEntry& high = table_.entry(large, unit);
  if (low.value <= 0 || high.value <= 0) {
    throw std::runtime_error(table_.origin() + ": entries '" + small + "' and '" + large +
                             "' must be > 0 for the " + rule + " rule");
  }
  const double value = power_law_value(x, x_small, low.value, x_large, high.value);
  return {value, what + " = " + format_cost_number(value) + " " + unit + " (" + rule +
                     " through " + low.describe() + ", " + high.describe() + ")"};
}

Cost UnitCosts::adder_energy(int bits) const {
  return power_law(bits, std::to_string(bits) + "-bit add", 8, "add8_energy", 32, "add32_energy",
                   "pJ", "power law in width");
}

Cost UnitCosts::adder_area(int bits) const {
  return power_law(bits, std::to_string(bits) + "-bit adder", 8, "add8_area", 32, "add32_area",
                   "um2", "power law in width");
}

Cost UnitCosts::multiplier_energy(int a_bits, int b_bits) const {
  return power_law(a_bits * b_bits,
                   std::to_string(a_bits) + "x" + std::to_string(b_bits) + "-bit multiply", 64,
                   "mult8_energy", 1024, "mult32_energy", "pJ",
                   "power law in partial-product bits");
}

Cost UnitCosts::multiplier_area(int a_bits, int b_bits) const {
  return power_law(a_bits * b_bits,
                   std::to_string(a_bits) + "x" + std::to_string(b_bits) + "-bit multiplier", 64,
                   "mult8_area", 1024, "mult32_area", "um2",
                   "power law in partial-product bits");
}

Cost UnitCosts::register_bit_energy() const { return entry("register_bit_energy", "pJ"); }
Cost UnitCosts::register_bit_area() const { return entry("register_bit_area", "um2"); }
Cost UnitCosts::sram_area_per_byte() const {
  const Cost bit = entry("sram_bit_area", "um2");
  return {8 * bit.value, "8 x " + bit.source};
}
Cost UnitCosts::float_add_energy() const { return entry("fadd32_energy", "pJ"); }
Cost UnitCosts::float_multiply_energy() const { return entry("fmult32_energy", "pJ"); }
Cost UnitCosts::float_add_area() const { return entry("fadd32_area", "um2"); }
Cost UnitCosts::float_multiply_area() const { return entry("fmult32_area", "um2"); }
Cost UnitCosts::decoder_cluster_energy() const { return entry("decoder_cluster_energy", "pJ"); }
Cost UnitCosts::decoder_lane_area() const { return entry("decoder_lane_area", "um2"); }

Cost UnitCosts::dram_energy_per_byte() const {
  const CostEntry& access = table_.entry("dram_access64", "pJ");
  const double value = access.value / 8;
  return {value, format_cost_number(value) + " pJ/byte (" + access.describe() + " / 8 bytes)"};
}

Cost UnitCosts::sram_read_energy_per_byte(std::uint64_t capacity_bytes) const {
  std::vector<const CostEntry*> points = table_.entries_with_prefix("sram_read64_");
  for (const CostEntry* point : points) {
    if (!point->capacity_bytes || point->unit != "pJ" || point->value <= 0) {
      throw std::runtime_error(table_.origin() + ": entry '" + point->name +
                               "' needs 'capacity_bytes' and an energy > 0 in pJ");
    }
  }
  if (points.size() < 2) {
    throw std::runtime_error(table_.origin() +
                             ": needs at least two 'sram_read64_*' entries of different sizes");
  }
  std::sort(points.begin(), points.end(), [](const CostEntry* a, const CostEntry* b) {
    return *a->capacity_bytes < *b->capacity_bytes;
  });
  // The segment containing the capacity; below/above the table the first/last segment.
  std::size_t upper = 1;
  while (upper + 1 < points.size() && capacity_bytes > *points[upper]->capacity_bytes) ++upper;
  const CostEntry& low = *points[upper - 1];
  const CostEntry& high = *points[upper];
  if (*low.capacity_bytes == *high.capacity_bytes) {
    throw std::runtime_error(table_.origin() + ": entries '" + low.name + "' and '" + high.name +
                             "' have the same capacity_bytes");
  }
  const double per_access = power_law_value(static_cast<double>(capacity_bytes),
                                            *low.capacity_bytes, low.value,
                                            *high.capacity_bytes, high.value);
  const double value = per_access / 8;
  return {value, format_cost_number(value) + " pJ/byte (64-bit read of a " +
                     std::to_string(capacity_bytes) + "-byte SRAM = " +
                     format_cost_number(per_access) + " pJ, power law in capacity through " +
                     low.describe() + ", " + high.describe() + "; / 8 bytes)"};
}

Cost UnitCosts::sram_write_energy_per_byte(std::uint64_t capacity_bytes) const {
  const Cost read = sram_read_energy_per_byte(capacity_bytes);
  const CostEntry& ratio = table_.entry("sram_write_to_read", "ratio");
  return {read.value * ratio.value, ratio.describe() + " x " + read.source};
}

}  // namespace fineq
