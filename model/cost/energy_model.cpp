#include "energy_model.hpp"

#include <string>

#include "pe_datapath.hpp"

namespace fineq {

namespace {
std::string bits(int count) { return std::to_string(count) + " bits"; }
}  // namespace

CostBreakdown estimate_energy(const AcceleratorConfig& config, const ActivityCounts& activity,
                              const CycleCounts& cycles, const UnitCosts& costs) {
  const PeDatapath datapath = PeDatapath::for_config(config);
  const Cost register_bit = costs.register_bit_energy();
  CostBreakdown energy("pJ");

  if (datapath.temporal) {
    energy.add_absent("pe_multipliers", "temporal PE: no multiplier");
  } else {
    energy.add("pe_multipliers", "multiplies", static_cast<double>(activity.multiplies),
               costs.multiplier_energy(PeDatapath::kActivationBits, datapath.weight_bits));
  }
  energy.add("pe_adders", "adds", static_cast<double>(activity.adds),
             costs.adder_energy(datapath.partial_sum_bits));
  if (datapath.temporal) {
    // The comparator p < |w| is the carry chain of a subtraction: an adder of that width,
    // evaluated in every window cycle of every loaded PE.
    energy.add("pe_comparators", "window cycles (pulses + idle)",
               static_cast<double>(activity.pulses + activity.idle_window_cycles),
               costs.adder_energy(datapath.magnitude_bits));
    // One counter per column, clocked through the whole compute phase (no clock gating).
    energy.add("pulse_counters", "column counter ticks (cols x compute cycles)",
               static_cast<double>(config.cols) * static_cast<double>(cycles.compute),
               plus(costs.adder_energy(datapath.magnitude_bits),
                    times(register_bit, datapath.magnitude_bits, bits(datapath.magnitude_bits))));
  } else {
    energy.add_absent("pe_comparators", "bit-parallel PE: no pulse comparator");
    energy.add_absent("pulse_counters", "bit-parallel PE: no pulse counter");
  }
  energy.add("pe_weight_registers", "weight register loads",
             static_cast<double>(activity.weight_register_loads),
             times(register_bit, datapath.weight_bits, bits(datapath.weight_bits)));
  energy.add("pe_activation_registers", "activation register writes (MAC slots)",
             static_cast<double>(activity.pe_mac_slots),
             times(register_bit, PeDatapath::kActivationBits, bits(PeDatapath::kActivationBits)));
  // Bit-parallel: one partial-sum write per MAC slot. Temporal: the incoming partial sum is
  // taken once per window and every pulse writes the sum again (upper bound of the exact
  // max(1, |w|) writes per window, which the counts do not resolve).
  const double partial_sum_writes =
      static_cast<double>(activity.pe_mac_slots) +
      (datapath.temporal ? static_cast<double>(activity.pulses) : 0.0);
  energy.add("pe_partial_sum_registers",
             datapath.temporal ? "partial-sum register writes (MAC slots + pulses)"
                               : "partial-sum register writes (MAC slots)",
             partial_sum_writes,
             times(register_bit, datapath.partial_sum_bits, bits(datapath.partial_sum_bits)));
  energy.add_subtotal("array_total", {"pe_multipliers", "pe_adders", "pe_comparators",
                                      "pulse_counters", "pe_weight_registers",
                                      "pe_activation_registers", "pe_partial_sum_registers"});

  // Every fold's column results are added into INT32 accumulators below the array; with all
  // rows in use that is one accumulation per `rows` MAC slots.
  energy.add("column_accumulators", "fold results (MAC slots / rows)",
             static_cast<double>(activity.pe_mac_slots) / config.rows,
             plus(costs.adder_energy(PeDatapath::kOutputAccumulatorBits),
                  times(register_bit, PeDatapath::kOutputAccumulatorBits,
                        bits(PeDatapath::kOutputAccumulatorBits))));
  // float(acc) * (float(scale_w) * scale_x) added to Y: two FP32 multiplies and one add.
  energy.add("output_stage", "output scalings", static_cast<double>(activity.output_scalings),
             plus(times(costs.float_multiply_energy(), 2, "2"), costs.float_add_energy()));
  if (datapath.temporal) {
    energy.add("decoder", "decoded clusters", static_cast<double>(activity.decoded_clusters),
               plus(costs.decoder_cluster_energy(),
                    times(register_bit, 3 * datapath.weight_bits,
                          "3 staged weights x " + bits(datapath.weight_bits))));
  } else {
    energy.add_absent("decoder", "bit-parallel PE reads plain two's-complement weights: no decoder");
  }
  // The weight buffer is double-buffered: each access goes to one half of the given size.
  energy.add("weight_buffer", "bytes read", static_cast<double>(activity.weight_buffer_read_bytes),
             costs.sram_read_energy_per_byte(config.weight_buffer_bytes));
  energy.add("weight_buffer", "bytes written",
             static_cast<double>(activity.weight_buffer_write_bytes),
             costs.sram_write_energy_per_byte(config.weight_buffer_bytes));
  energy.add("activation_buffer", "bytes read",
             static_cast<double>(activity.activation_buffer_read_bytes),
             costs.sram_read_energy_per_byte(config.activation_buffer_bytes));
  energy.add("activation_buffer", "bytes written",
             static_cast<double>(activity.activation_buffer_write_bytes),
             costs.sram_write_energy_per_byte(config.activation_buffer_bytes));
  energy.add("output_buffer", "bytes read", static_cast<double>(activity.output_buffer_read_bytes),
             costs.sram_read_energy_per_byte(config.output_buffer_bytes));
  energy.add("output_buffer", "bytes written",
             static_cast<double>(activity.output_buffer_write_bytes),
             costs.sram_write_energy_per_byte(config.output_buffer_bytes));
  energy.add_subtotal("on_chip_total", {"array_total", "column_accumulators", "output_stage",
                                        "decoder", "weight_buffer", "activation_buffer",
                                        "output_buffer"});
  energy.add("dram", "bytes read + written",
             static_cast<double>(activity.dram_read_bytes + activity.dram_write_bytes),
             costs.dram_energy_per_byte());
  energy.add_subtotal("total", {"on_chip_total", "dram"});
  return energy;
}

}  // namespace fineq
