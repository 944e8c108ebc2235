#include "area_model.hpp"

#include <string>

#include "pe_datapath.hpp"

namespace fineq {

namespace {
std::string bits(int count) { return std::to_string(count) + " bits"; }
}  // namespace

CostBreakdown estimate_area(const AcceleratorConfig& config, const UnitCosts& costs) {
  const PeDatapath datapath = PeDatapath::for_config(config);
  const Cost register_bit = costs.register_bit_area();
  const double pes = static_cast<double>(config.rows) * config.cols;
  const double cols = config.cols;
  CostBreakdown area("um2");

  if (datapath.temporal) {
    area.add_absent("pe_multipliers", "temporal PE: no multiplier");
  } else {
    area.add("pe_multipliers", "PEs", pes,
             costs.multiplier_area(PeDatapath::kActivationBits, datapath.weight_bits));
  }
  area.add("pe_adders", "PEs", pes, costs.adder_area(datapath.partial_sum_bits));
  if (datapath.temporal) {
    area.add("pe_comparators", "PEs", pes, costs.adder_area(datapath.magnitude_bits));
    area.add("pulse_counters", "columns", cols,
             plus(costs.adder_area(datapath.magnitude_bits),
                  times(register_bit, datapath.magnitude_bits, bits(datapath.magnitude_bits))));
  } else {
    area.add_absent("pe_comparators", "bit-parallel PE: no pulse comparator");
    area.add_absent("pulse_counters", "bit-parallel PE: no pulse counter");
  }
  area.add("pe_weight_registers", "PEs", pes,
           times(register_bit, datapath.weight_bits, bits(datapath.weight_bits)));
  area.add("pe_activation_registers", "PEs", pes,
           times(register_bit, PeDatapath::kActivationBits, bits(PeDatapath::kActivationBits)));
  area.add("pe_partial_sum_registers", "PEs", pes,
           times(register_bit, datapath.partial_sum_bits, bits(datapath.partial_sum_bits)));
  area.add_subtotal("array_total", {"pe_multipliers", "pe_adders", "pe_comparators",
                                    "pulse_counters", "pe_weight_registers",
                                    "pe_activation_registers", "pe_partial_sum_registers"});

  // One INT32 adder per column; the Mc x C accumulator registers behind it are not counted
  // (docs/energy-area.md, assumption 7).
  area.add("column_accumulators", "columns", cols,
           costs.adder_area(PeDatapath::kOutputAccumulatorBits));
  area.add("output_stage", "columns", cols,
           plus(times(costs.float_multiply_area(), 2, "2"), costs.float_add_area()));
  if (datapath.temporal) {
    area.add("decoder", "decoder lanes (clusters per cycle)", config.decoder_clusters_per_cycle,
             costs.decoder_lane_area());
    // Staging registers for one array row of decoded weights while the rows shift in.
    area.add("decoder", "staging weights (columns)", cols,
             times(register_bit, datapath.weight_bits, bits(datapath.weight_bits)));
  } else {
    area.add_absent("decoder", "bit-parallel PE reads plain two's-complement weights: no decoder");
  }
  area.add("weight_buffer", "bytes (two halves)", 2.0 * static_cast<double>(config.weight_buffer_bytes),
           costs.sram_area_per_byte());
  area.add("activation_buffer", "bytes", static_cast<double>(config.activation_buffer_bytes),
           costs.sram_area_per_byte());
  area.add("output_buffer", "bytes", static_cast<double>(config.output_buffer_bytes),
           costs.sram_area_per_byte());
  area.add_subtotal("total", {"array_total", "column_accumulators", "output_stage", "decoder",
                              "weight_buffer", "activation_buffer", "output_buffer"});
  return area;
}

}  // namespace fineq
