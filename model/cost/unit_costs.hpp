#pragma once
// Per-event energies and per-unit areas of the circuits the accelerator is made of, derived
// from a CostTable by the written rules of docs/energy-area.md:
//  * adders and comparators: power law in bit width through the 8- and 32-bit entries;
//  * multipliers: power law in partial-product bits (a*b) through the 8x8 and 32x32 entries;
//  * SRAM access: power law in capacity between neighbouring table sizes (extrapolated with
//    the nearest segment outside them), per byte = per 64 bits / 8;
//  * everything else: one table entry each.
// Every Cost carries a source string naming the entries and the rule that produced it.
#include <cstdint>
#include <string>

#include "cost_table.hpp"

namespace fineq {

struct Cost {
  double value = 0;
  std::string source;
};

class UnitCosts {
 public:
  explicit UnitCosts(const CostTable& table);

  Cost adder_energy(int bits) const;
  Cost adder_area(int bits) const;
  Cost multiplier_energy(int a_bits, int b_bits) const;
  Cost multiplier_area(int a_bits, int b_bits) const;
  Cost register_bit_energy() const;
  Cost register_bit_area() const;
  Cost sram_read_energy_per_byte(std::uint64_t capacity_bytes) const;
  Cost sram_write_energy_per_byte(std::uint64_t capacity_bytes) const;
  Cost sram_area_per_byte() const;
  Cost dram_energy_per_byte() const;
  Cost float_add_energy() const;
  Cost float_multiply_energy() const;
  Cost float_add_area() const;
  Cost float_multiply_area() const;
  Cost decoder_cluster_energy() const;
  Cost decoder_lane_area() const;

  const CostTable& table() const { return table_; }

 private:
  Cost entry(const std::string& name, const std::string& unit) const;
  // Power law through the entries `small` (at size x_small) and `large` (at x_large).
  Cost power_law(double x, const std::string& what, double x_small, const std::string& small,
                 double x_large, const std::string& large, const std::string& unit,
                 const std::string& rule) const;

  const CostTable& table_;
};

// "%.4g" formatting used in every source string.
std::string format_cost_number(double value);

}  // namespace fineq
